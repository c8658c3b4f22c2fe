// SPDX-License-Identifier: Apache-2.0
// The chronicle tells a trigger and a guarantor's reasons with the values at the moment of the
// invocation and the decision (LogEntry::read), not those at the start or end of the day; the
// talks summary says when screening offers were refused; `negotiation.agreement` names the deal.
#include <cmath>
#include <memory>
#include <string>

#include <doctest/doctest.h>

#include "geosim/chronicle.hpp"
#include "geosim/run.hpp"
#include "geosim/scenario.hpp"
#include "report_test_util.hpp"

namespace {

// A.p starts at 0.73; on day 1 an event (chance per day 1 - exp(-50)) raises it by 0.12 to 0.85,
// above the trigger 0.8. Each guarantor's decision lowers it by 0.2 whatever it decides, so the
// first decides at 0.85 and the second at 0.65; the day ends at 0.45.
constexpr const char* kMoment = R"(geosim: 1
scenario: {name: moment, horizon_days: 5}
actors:
  A: {name: Ardia, variables: {p: 0.73}}
  G: {name: Guardia, variables: {resolve: 0.5}}
  H: {name: Hespera, variables: {resolve: 0.5}}
events:
  push: {rate: 50, repeat: false, effects: ["A.p += 0.12"]}
commitments:
  pledge:
    type: security_guarantee
    guarantors: [G, H]
    beneficiary: A
    trigger: "A.p > 0.8"
    honour: "A.p"
    on_honour: ["A.p -= 0.2"]
    on_renege: ["A.p -= 0.2"]
outcomes:
  invoked: {when: "commitments.pledge.invoked > 0"}
)";

struct Loaded {
  geosim::Scenario s;
  geosim::Model m;
};

Loaded load(const std::string& text) {
  auto sources = std::make_shared<geosim::Sources>();
  geosim::Diagnostics diags;
  auto s = geosim::load_scenario_text("t.yaml", text, {"", {}}, diags, sources);
  REQUIRE_MESSAGE(s.has_value(), diags.format(*sources));
  auto m = geosim::compile_model(*s, diags);
  REQUIRE_MESSAGE(m.has_value(), diags.format(*sources));
  return {std::move(*s), std::move(*m)};
}

std::string with_negotiation_key(std::string text, const std::string& key) {
  const std::string at = "\n  rate: 0.05\n";
  const auto pos = text.find(at);
  REQUIRE(pos != std::string::npos);
  return text.insert(pos + at.size(), key);
}

}  // namespace

TEST_SUITE("report") {

TEST_CASE("chronicle: a trigger and each guarantor's reasons show the values at that moment") {
  const Loaded l = load(kMoment);
  const geosim::Slot p = *l.m.find_slot("A.p");
  geosim::RunState rs;
  std::vector<geosim::LogEntry> log;
  geosim::run_one(l.m, 1, 0, rs, &log);
  std::vector<const geosim::LogEntry*> invoked, decided;
  for (const auto& e : log) {
    if (e.kind == geosim::LogEntry::Kind::Invoked) invoked.push_back(&e);
    if (e.kind == geosim::LogEntry::Kind::Honoured || e.kind == geosim::LogEntry::Kind::Reneged) decided.push_back(&e);
  }
  REQUIRE(invoked.size() == 1);
  REQUIRE(decided.size() == 2);
  CHECK(invoked[0]->step == 0);
  REQUIRE(invoked[0]->read.size() == 1);
  CHECK(invoked[0]->read[0].first == p);
  CHECK(invoked[0]->read[0].second == doctest::Approx(0.85).epsilon(1e-12));
  // The guarantors in order: the second decides after the first's effects.
  const auto value_of = [&](const geosim::LogEntry& e) -> double {
    for (const auto& [slot, v] : e.read)
      if (slot == p) return v;
    return NAN;
  };
  CHECK(value_of(*decided[0]) == doctest::Approx(0.85).epsilon(1e-12));
  CHECK(decided[0]->p == doctest::Approx(0.85).epsilon(1e-12));
  CHECK(value_of(*decided[1]) == doctest::Approx(0.65).epsilon(1e-12));
  CHECK(decided[1]->p == doctest::Approx(0.65).epsilon(1e-12));
  CHECK(rs.state[p] == doctest::Approx(0.45).epsilon(1e-12));

  const auto c = geosim::make_chronicle(l.m, 1, 0, &l.s);
  const std::string text = geosim::format_chronicle(c);
  INFO(text);
  // The prose is wrapped at 100 columns: compare with the lines joined.
  std::string joined;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n') {
      joined += text[i];
      continue;
    }
    joined += ' ';
    while (i + 1 < text.size() && text[i + 1] == ' ') ++i;
  }
  CHECK(joined.find("Its trigger, A.p > 0.8, held: A.p was 0.85 at that moment.") != std::string::npos);
  CHECK(joined.find("Guardia honours it — its chance of honouring was 85.0%") != std::string::npos);
  CHECK(joined.find("cost 0.30, A.p 0.85).") != std::string::npos);
  CHECK(joined.find("Hespera honours it — its chance of honouring was 65.0%") != std::string::npos);
  CHECK(joined.find("cost 0.30, A.p 0.65).") != std::string::npos);
  CHECK(text.find("0.73 ->") == std::string::npos);  // no start-to-end ranges any more
  CHECK(text.find("read when it decided") != std::string::npos);
  const auto j = geosim::chronicle_json(c);
  bool seen = false;
  for (const auto& day : j["days"])
    for (const auto& e : day["entries"])
      if (e["kind"] == "invoked") {
        CHECK(e["trigger"]["A.p"].get<double>() == doctest::Approx(0.85).epsilon(1e-12));
        seen = true;
      }
  CHECK(seen);
}

TEST_CASE("chronicle: refused screening offers are said, not 'agreement comes by chance'") {
  const Loaded l = load(with_negotiation_key(reporttest::kScenario, "  offer: screening\n  cost_b_belief: [0.0, 0.6]\n"));
  bool found = false;
  for (std::uint64_t run = 0; run < 200 && !found; ++run) {
    const auto c = geosim::make_chronicle(l.m, 1, run, &l.s);
    if (c.talks.offers_refused == 0) continue;
    found = true;
    int told = 0;
    for (const auto& e : c.entries) told += e.kind == "offer" ? 1 : 0;
    CHECK(told == c.talks.offers_refused);
    const std::string text = geosim::format_chronicle(c);
    INFO(text);
    CHECK(text.find(c.talks.offers_refused == 1 ? "Ardia & Co made 1 offer that Borland refused"
                                                : "offers that Borland refused") != std::string::npos);
    CHECK(text.find("comes by chance") == std::string::npos);
    CHECK(geosim::chronicle_json(c)["talks"]["offers_refused"] == c.talks.offers_refused);
  }
  CHECK(found);
}

TEST_CASE("chronicle: negotiation.agreement names the deal, and without it a ceasefire") {
  const Loaded plain = load(reporttest::kScenario);
  const Loaded named = load(with_negotiation_key(reporttest::kScenario, "  agreement: \"an accord on the province\"\n"));
  for (std::uint64_t run = 0; run < 40; ++run) {
    const auto a = geosim::make_chronicle(plain.m, 2, run, &plain.s), b = geosim::make_chronicle(named.m, 2, run, &named.s);
    REQUIRE(a.entries.size() == b.entries.size());  // the same run: the key is words only
    for (std::size_t k = 0; k < a.entries.size(); ++k) {
      if (a.entries[k].kind == "agreement") {
        CHECK(a.entries[k].text.find("sign a ceasefire") != std::string::npos);
        CHECK(b.entries[k].text.find("sign an accord on the province") != std::string::npos);
      }
      if (a.entries[k].kind == "breach") {
        CHECK(a.entries[k].text.rfind("The ceasefire ", 0) == 0);
        CHECK(b.entries[k].text.rfind("The agreement ", 0) == 0);
      }
    }
  }
}

}  // TEST_SUITE
