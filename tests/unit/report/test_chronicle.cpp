// SPDX-License-Identifier: Apache-2.0
// The chronicle of one run: deterministic for a seed, tells every entry of the run's log (events
// with their describe text and placeholders filled in), ends with the run's own outcomes.
#include <cmath>
#include <string>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "geosim/chronicle.hpp"
#include "geosim/run.hpp"
#include "report_test_util.hpp"

TEST_SUITE("report") {

TEST_CASE("chronicle: calendar dates and placeholders") {
  CHECK(geosim::calendar_date("2026-01-06", 0) == "Tue 6 Jan 2026");
  CHECK(geosim::calendar_date("2026-01-06", 365) == "Wed 6 Jan 2027");
  CHECK(geosim::calendar_date("2024-02-28", 1) == "Thu 29 Feb 2024");
  CHECK(geosim::calendar_date("", 3).empty());
  CHECK(geosim::calendar_date("2026-02-30", 0).empty());
  CHECK(geosim::calendar_date("06/01/2026", 0).empty());
  auto lookup = [](std::string_view name) -> std::optional<double> {
    if (name == "A.x") return 0.6543;
    if (name == "E.count") return 3.0;
    return std::nullopt;
  };
  CHECK(geosim::expand_placeholders("x is {A.x}, {E.count} times, {other} and {", lookup) ==
        "x is 0.65, 3 times, {other} and {");
  CHECK(geosim::placeholder_names("{A.x} {bad name} {E.count}") == std::vector<std::string>{"A.x", "E.count"});
}

TEST_CASE("chronicle: deterministic for a seed, and a different run tells a different story") {
  const geosim::Model m = reporttest::model();
  const geosim::Scenario s = reporttest::scenario();
  const auto a = geosim::make_chronicle(m, 5, 3, &s), b = geosim::make_chronicle(m, 5, 3, &s);
  CHECK(geosim::format_chronicle(a) == geosim::format_chronicle(b));
  CHECK(geosim::chronicle_json(a).dump() == geosim::chronicle_json(b).dump());
  const auto c = geosim::make_chronicle(m, 5, 4, &s);
  CHECK(geosim::format_chronicle(a) != geosim::format_chronicle(c));
}

TEST_CASE("chronicle: every entry of the run's log is told, in order, with the scenario's own words") {
  const geosim::Model m = reporttest::model();
  const geosim::Scenario s = reporttest::scenario();
  for (std::uint64_t run = 0; run < 20; ++run) {
    INFO("run " << run);
    geosim::RunState rs;
    std::vector<geosim::LogEntry> log;
    geosim::run_one(m, 11, run, rs, &log);
    const auto c = geosim::make_chronicle(m, 11, run, &s);
    CHECK(c.log_entries == log.size());
    std::size_t k = 0;
    for (const auto& e : c.entries) {
      if (e.kind == "outcome") continue;
      REQUIRE(k < log.size());
      CHECK(e.step == log[k].step);
      if (log[k].kind == geosim::LogEntry::Kind::Event) {
        CHECK(e.kind == "event");
        CHECK(e.id == m.events[static_cast<std::size_t>(log[k].index)].id);
        CHECK(e.text.find("A clash <here>; A.x is now ") == 0);
        CHECK(e.text.find("unknown {nope.x}") != std::string::npos);  // unknown names are left as written
        CHECK(e.text.find("decided by Borland") != std::string::npos);
      }
      if (log[k].kind == geosim::LogEntry::Kind::Reneged || log[k].kind == geosim::LogEntry::Kind::Honoured) {
        CHECK(e.text.find("Guardia") == 0);
        CHECK(e.text.find("credibility") != std::string::npos);
        CHECK(e.text.find("resolve 0.80") != std::string::npos);  // what the honour expression read
        CHECK(e.data["p_honour"] == log[k].p);
      }
      if (log[k].kind == geosim::LogEntry::Kind::Agreement) CHECK(e.text.find("share of the province") != std::string::npos);
      if (log[k].kind == geosim::LogEntry::Kind::Breach) CHECK(e.text.find("breaks down") != std::string::npos);
      ++k;
    }
    CHECK(k == log.size());
    const std::string text = geosim::format_chronicle(c);
    std::size_t events = 0;
    for (const auto& e : log) events += e.kind == geosim::LogEntry::Kind::Event;
    // An event that fires three times or more is told once, with how often (the JSON keeps all).
    if (events >= 3) {
      CHECK(reporttest::count(text, "A clash <here>") == 1);
      CHECK(text.find(fmt::format("It happens {} times in this run", events)) != std::string::npos);
    } else {
      CHECK(reporttest::count(text, "A clash <here>") == events);
    }
    // The outcomes are this run's.
    REQUIRE(c.outcomes.size() == rs.outcomes.size());
    for (std::size_t o = 0; o < c.outcomes.size(); ++o) {
      CHECK(c.outcomes[o].happened == rs.outcomes[o].happened);
      CHECK(c.outcomes[o].value == rs.outcomes[o].value);
    }
    CHECK(text.find("How this run ended (day 120, Tue 5 May 2026)") != std::string::npos);  // day 120 is the 120th day
  }
}

TEST_CASE("chronicle: a placeholder shows the value at the end of that day") {
  // The event sets A.x to exactly 0.25 and nothing else moves it.
  const std::string yaml = R"(geosim: 1
scenario: {name: placeholder, horizon_days: 10}
actors:
  A: {variables: {x: 0.5}}
events:
  set:
    rate: 100
    repeat: false
    effects: ["A.x = 0.25"]
    describe: "A.x falls to {A.x}"
outcomes:
  x: {value: "A.x"}
)";
  auto sources = std::make_shared<geosim::Sources>();
  geosim::Diagnostics diags;
  auto s = geosim::load_scenario_text("p.yaml", yaml, {}, diags, sources);
  REQUIRE_MESSAGE(s, diags.format(*sources));
  auto m = geosim::compile_model(*s, diags);
  REQUIRE(m);
  const auto c = geosim::make_chronicle(*m, 1, 0, &*s);
  REQUIRE(c.entries.size() == 1);
  CHECK(c.entries[0].text.find("A.x falls to 0.25.") == 0);
  const std::string text = geosim::format_chronicle(c);
  CHECK(text.find("Day 1\n") != std::string::npos);  // no start date: day numbers, the first day is day 1
}

TEST_CASE("chronicle: explain and run agree on every first-passage day of a run") {
  // run_one's outcome times are what geosim run counts (its first_day, the per-run CSV's _day
  // columns); the chronicle's outcome days and its "Outcome reached" entries must be the same.
  const geosim::Model m = reporttest::model();
  const geosim::Scenario s = reporttest::scenario();
  std::size_t compared = 0;
  for (std::uint64_t run = 0; run < 40; ++run) {
    INFO("run " << run);
    geosim::RunState rs;
    rs.prepare(m);
    geosim::run_one(m, 5, run, rs);
    const auto c = geosim::make_chronicle(m, 5, run, &s);
    for (std::size_t k = 0; k < m.outcomes.size(); ++k) {
      if (m.outcomes[k].kind != geosim::OutcomeSpec::Kind::When || !rs.outcomes[k].happened || !rs.outcomes[k].included) continue;
      ++compared;
      CHECK(c.outcomes[k].day == rs.outcomes[k].time);
      bool told = false;
      for (const auto& e : c.entries) {
        if (e.kind != "outcome" || e.id != m.outcomes[k].id) continue;
        told = true;
        CHECK(e.day == rs.outcomes[k].time);
      }
      CHECK(told);
    }
    // Every entry is dated on the same convention: the end of its step.
    for (const auto& e : c.entries) CHECK(e.day == std::min(static_cast<double>(e.step + 1) * m.step_days, 120.0));
  }
  CHECK(compared > 10);
}

TEST_CASE("chronicle: a run without a deal says why talks did not succeed") {
  // With no chance of agreement, no run has a deal: every day is told as a day of failed talks.
  auto sources = std::make_shared<geosim::Sources>();
  geosim::Diagnostics diags;
  auto sc = geosim::load_scenario_text("t.yaml", reporttest::kScenario, {"", {{"negotiation.rate", "0"}}}, diags, sources);
  REQUIRE_MESSAGE(sc, diags.format(*sources));
  auto m = geosim::compile_model(*sc, diags);
  REQUIRE(m);
  const auto c = geosim::make_chronicle(*m, 3, 0, &*sc);
  CHECK_FALSE(c.outcomes[0].happened);  // "signed"
  REQUIRE(c.talks.present);
  CHECK(c.talks.days_without == 120);
  CHECK(c.talks.days_closed + c.talks.days_open == 120);
  const std::string text = geosim::format_chronicle(c);
  CHECK(text.find("Talks: 120 days without a ceasefire in force.") != std::string::npos);
  CHECK(geosim::chronicle_json(c)["talks"]["days_without_ceasefire"] == 120);
  // With a deal, the days after it are not days of failed talks.
  const geosim::Model dm = reporttest::model();
  const geosim::Scenario ds = reporttest::scenario();
  const auto d = geosim::make_chronicle(dm, 3, 0, &ds);
  REQUIRE(d.outcomes[0].happened);
  CHECK(d.talks.days_without < 120);
}

TEST_CASE("chronicle: conditions on values compare the outcome's value with a number") {
  using C = geosim::RunCondition::Compare;
  geosim::OutcomeValue v;
  v.value = 0.82;
  v.happened = true;
  v.included = true;
  CHECK(geosim::meets({0, true, C::Greater, 0.8}, v));
  CHECK_FALSE(geosim::meets({0, true, C::Less, 0.8}, v));
  CHECK(geosim::meets({0, true, C::GreaterEqual, 0.82}, v));
  CHECK_FALSE(geosim::meets({0, true, C::NotEqual, 0.82}, v));
  v.included = false;  // a conditional outcome whose condition did not hold
  CHECK_FALSE(geosim::meets({0, true, C::Greater, 0.8}, v));
  const geosim::Model m = reporttest::model();
  const std::size_t x_end = 4;
  REQUIRE(m.outcomes[x_end].id == "x_end");
  std::uint64_t tried = 0;
  const auto r = geosim::find_run(m, 2, {{x_end, true, C::Greater, 0.55}}, 0, 200, &tried);
  REQUIRE(r);
  geosim::RunState rs;
  rs.prepare(m);
  geosim::run_one(m, 2, *r, rs);
  CHECK(rs.outcomes[x_end].value > 0.55);
  for (std::uint64_t k = 0; k < *r; ++k) {
    geosim::run_one(m, 2, k, rs);
    CHECK(rs.outcomes[x_end].value <= 0.55);
  }
}

TEST_CASE("chronicle: find_run finds the first run meeting every condition") {
  const geosim::Model m = reporttest::model();
  const std::size_t honoured = 2;  // outcome "honoured"
  REQUIRE(m.outcomes[honoured].id == "honoured");
  std::uint64_t tried = 0;
  auto r = geosim::find_run(m, 1, {{honoured, true}}, 0, 1000, &tried);
  REQUIRE(r);
  CHECK(tried == *r + 1);
  geosim::RunState rs;
  geosim::run_one(m, 1, *r, rs);
  CHECK(rs.outcomes[honoured].happened);
  for (std::uint64_t k = 0; k < *r; ++k) {
    geosim::run_one(m, 1, k, rs);
    CHECK_FALSE(rs.outcomes[honoured].happened);
  }
  auto n = geosim::find_run(m, 1, {{honoured, false}, {1, true}}, *r, 1000);  // broken, not honoured
  REQUIRE(n);
  geosim::run_one(m, 1, *n, rs);
  CHECK_FALSE(rs.outcomes[honoured].happened);
  CHECK(rs.outcomes[1].happened);
  CHECK_FALSE(geosim::find_run(m, 1, {{0, false}, {0, true}}, 0, 50));  // impossible: none
}

TEST_CASE("chronicle: the JSON holds the same entries grouped by day, with dates") {
  const geosim::Model m = reporttest::model();
  const geosim::Scenario s = reporttest::scenario();
  const auto c = geosim::make_chronicle(m, 2, 0, &s);
  const auto j = geosim::chronicle_json(c);
  CHECK(j["command"] == "explain");
  CHECK(j["settings"]["seed"] == 2);
  std::size_t n = 0;
  for (const auto& d : j["days"]) {
    CHECK(d["date"].is_string());
    n += d["entries"].size();
  }
  CHECK(n == c.entries.size());
  CHECK(j["drawn"][0]["name"] == "params.cost_a");
  CHECK(j["drawn"][0]["describe"] == "Cost of war for A");
  const double cost = j["drawn"][0]["value"];
  CHECK(cost >= 0.2);
  CHECK(cost <= 0.4);
  CHECK(j["outcomes"]["signed"]["label"] == "Deal <signed> & sealed");
}

}  // TEST_SUITE
