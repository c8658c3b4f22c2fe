// SPDX-License-Identifier: Apache-2.0
// War as a process (engine/sim/war.hpp): known answers at fixed seeds. Battles fall on the days
// that are multiples of every_days, whatever the step; each party's Beta belief after w wins by B
// and l by A is exactly Beta(alpha + w, beta + l); the disagreement of equally strong priors is
// |alpha_A - alpha_B| / (n0 + n) in every run, and for unequal ones its mean matches the
// binomial sum over outcomes; B wins battles at p_battle and the line moves by gain (2p - 1) per
// battle on average; no battle while a ceasefire holds; a deal moves the line to its settlement;
// variants share battle outcomes; and a negotiation wired to the disagreement signs sooner when
// fighting teaches more (the direction Reiter 2003 and Slantchev 2003 predict).
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "geosim/chronicle.hpp"
#include "sim_test_util.hpp"

namespace {

// Two actors at war for `days` days; `war` and `extra` are spliced into the file.
std::string war_file(int days, int step_days, const std::string& war, const std::string& extra = "") {
  return fmt::format(R"Y(geosim: 1
scenario: {{name: war test, horizon_days: {}, step: {}}}
actors:
  A: {{}}
  B: {{}}
war:
  parties: [A, B]
{}
ceasefire:
  breach: {{constant: 0}}
{}
outcomes:
  battles: {{value: "war.battles"}}
  won_a: {{value: "war.won_a"}}
  won_b: {{value: "war.won_b"}}
  a_alpha: {{value: "war.belief_a.alpha"}}
  a_beta: {{value: "war.belief_a.beta"}}
  a_mean: {{value: "war.belief_a.mean"}}
  b_alpha: {{value: "war.belief_b.alpha"}}
  b_beta: {{value: "war.belief_b.beta"}}
  b_mean: {{value: "war.belief_b.mean"}}
  disagreement: {{value: "war.disagreement"}}
  control: {{value: "war.control"}}
  deal: {{when: "ceasefire.signed > 0"}}
)Y",
                     days, step_days == 7 ? "week" : "day", war, extra);
}

double value(const geosim::Model& m, const std::vector<geosim::OutcomeValue>& row, const char* id) {
  return row[simtest::outcome_index(m, id)].value;
}

double binomial_pmf(int n, int k, double p) {
  return std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) + k * std::log(p) + (n - k) * std::log1p(-p));
}

}  // namespace

TEST_SUITE("sim") {

TEST_CASE("war: battles fall on the multiples of every_days, with daily and weekly steps alike") {
  // Days 0, 7, ..., 98 of a 100-day horizon: 15 battles; every 3 days with weekly steps: 34
  // (days 0, 3, ..., 99), several in one step.
  struct Case { int days, step, every, battles; };
  for (const Case c : {Case{100, 1, 7, 15}, Case{100, 7, 7, 15}, Case{100, 7, 3, 34}, Case{100, 1, 1, 100}, Case{100, 7, 1, 100}}) {
    INFO("step ", c.step, " every ", c.every);
    const geosim::Model m = simtest::compile_yaml(war_file(c.days, c.step, fmt::format("  p_battle: 0.5\n  every_days: {}", c.every)));
    for (const auto& row : simtest::per_run(m, 20, 3)) CHECK(value(m, row, "battles") == c.battles);
  }
}

TEST_CASE("war: each belief after w wins and l losses is the Beta posterior Beta(alpha + w, beta + l)") {
  const geosim::Model m = simtest::compile_yaml(war_file(
      365, 1, "  p_battle: 0.6\n  every_days: 5\n  belief_a: {alpha: 2, beta: 8}\n  belief_b: {alpha: 3.5, beta: 0.5}"));
  int runs = 0;
  for (const auto& row : simtest::per_run(m, 500, 11)) {
    const double w = value(m, row, "won_b"), l = value(m, row, "won_a");
    REQUIRE(w + l == 73);  // days 0, 5, ..., 360
    CHECK(value(m, row, "a_alpha") == 2 + w);
    CHECK(value(m, row, "a_beta") == 8 + l);
    CHECK(value(m, row, "b_alpha") == 3.5 + w);
    CHECK(value(m, row, "b_beta") == 0.5 + l);
    // The posterior mean in closed form; rounding of one division only.
    CHECK(value(m, row, "a_mean") == doctest::Approx((2 + w) / (10 + w + l)).epsilon(1e-15));
    CHECK(value(m, row, "b_mean") == doctest::Approx((3.5 + w) / (4 + w + l)).epsilon(1e-15));
    CHECK(value(m, row, "disagreement") == doctest::Approx(std::abs((2 + w) / (10 + w + l) - (3.5 + w) / (4 + w + l))).epsilon(1e-15));
    ++runs;
  }
  CHECK(runs == 500);
}

TEST_CASE("war: B wins battles at p_battle, and the line moves by gain (2p - 1) per battle on average") {
  // 2,000 runs x 100 daily battles; c0 = 0.5 and gain 0.001 keep the line inside [0.4, 0.6], so
  // no run is clamped. Tolerances: 4 standard errors of each mean.
  const double p = 0.65, g = 0.001;
  const geosim::Model m = simtest::compile_yaml(war_file(100, 1, fmt::format("  p_battle: {}\n  every_days: 1\n  control: 0.5\n  gain: {}", p, g)));
  geosim::Summary s;
  simtest::per_run(m, 2000, 5, &s);
  const double n = 100, runs = 2000;
  CHECK(std::abs(simtest::outcome(s, "won_b").values.mean - p * n) < 4 * std::sqrt(n * p * (1 - p) / runs));
  const double drift = 0.5 + g * (2 * p - 1) * n, sd = std::sqrt(4 * g * g * p * (1 - p) * n);
  CHECK(std::abs(simtest::outcome(s, "control").values.mean - drift) < 4 * sd / std::sqrt(runs));
}

TEST_CASE("war: equally strong priors disagree by |alpha_A - alpha_B| / (n0 + n) after n battles, in every run") {
  // n0 = 10 for both; after n battles the means differ by 6 / (10 + n) whatever the outcomes:
  // 0.4 after 5 battles, 0.2 after 20, 0.0667 after 80.
  for (int n : {5, 20, 80}) {
    INFO(n, " battles");
    const geosim::Model m = simtest::compile_yaml(war_file(
        7 * n, 7, "  p_battle: 0.6\n  every_days: 7\n  belief_a: {alpha: 2, beta: 8}\n  belief_b: {alpha: 8, beta: 2}"));
    for (const auto& row : simtest::per_run(m, 200, 2)) {
      REQUIRE(value(m, row, "battles") == n);
      CHECK(value(m, row, "disagreement") == doctest::Approx(6.0 / (10 + n)).epsilon(1e-12));
    }
  }
}

TEST_CASE("war: with unequal priors the mean disagreement shrinks as the binomial sum over outcomes predicts") {
  // A: Beta(1, 4) (n0 = 5), B: Beta(12, 3) (n0 = 15), p = 0.55. After n battles the expected
  // |E_A[p] - E_B[p]| is sum over w of Binomial(n, w; p) |(1 + w) / (5 + n) - (12 + w) / (15 + n)|.
  // 4,000 runs; tolerance 4 standard errors of the sample mean.
  const double p = 0.55;
  double previous = 1.0;
  for (int n : {4, 16, 64}) {
    INFO(n, " battles");
    double expected = 0;
    for (int w = 0; w <= n; ++w) expected += binomial_pmf(n, w, p) * std::abs((1.0 + w) / (5 + n) - (12.0 + w) / (15 + n));
    const geosim::Model m = simtest::compile_yaml(war_file(
        n, 1, fmt::format("  p_battle: {}\n  every_days: 1\n  belief_a: {{alpha: 1, beta: 4}}\n  belief_b: {{alpha: 12, beta: 3}}", p)));
    geosim::Summary s;
    const auto rows = simtest::per_run(m, 4000, 9, &s);
    double sum = 0, sum2 = 0;
    for (const auto& row : rows) {
      const double d = value(m, row, "disagreement");
      sum += d;
      sum2 += d * d;
    }
    const double mean = sum / 4000, se = std::sqrt((sum2 / 4000 - mean * mean) / 3999);
    CHECK(std::abs(mean - expected) < 4 * se + 1e-12);
    CHECK(expected < previous);
    previous = expected;
  }
}

TEST_CASE("war: no battle while a ceasefire holds or `when` is false, and the priors stay as written") {
  for (const std::string war : {"  p_battle: 0.5\n  belief_a: {alpha: 3, beta: 1}", "  p_battle: 0.5\n  when: false\n  belief_a: {alpha: 3, beta: 1}"}) {
    const bool in_force = war.find("when") == std::string::npos;
    std::string text = war_file(200, 1, war);
    if (in_force) text.replace(text.find("ceasefire:\n"), 11, "ceasefire:\n  in_force_at_start: true\n");
    const geosim::Model m = simtest::compile_yaml(text);
    for (const auto& row : simtest::per_run(m, 20, 1)) {
      CHECK(value(m, row, "battles") == 0);
      CHECK(value(m, row, "a_mean") == 0.75);
      CHECK(value(m, row, "b_mean") == 0.5);
      CHECK(value(m, row, "disagreement") == 0.25);
    }
  }
}

TEST_CASE("war: a deal moves the line to its settlement, and no battle follows while it holds") {
  // p_win 0.5, costs 0.2 each, no uncertainty: the range is [0.3, 0.7] and the deal is 0.5,
  // signed in the first step after that step's battle (rate 1e6 per day: certain).
  const geosim::Model m = simtest::compile_yaml(war_file(100, 1, "  p_battle: 0.5\n  control: 0.1\n  gain: 0.05",
                                                         "negotiation:\n  parties: [A, B]\n  p_win: 0.5\n  costs: [0.2, 0.2]\n  rate: 1000000\n"));
  for (const auto& row : simtest::per_run(m, 50, 4)) {
    CHECK(value(m, row, "control") == 0.5);
    CHECK(value(m, row, "battles") == 1);
  }
}

TEST_CASE("war: variants that change the priors share every battle's outcome (common random numbers)") {
  const std::string a = war_file(300, 1, "  p_battle: 0.4\n  every_days: 3\n  belief_a: {alpha: 1, beta: 1}");
  const std::string b = war_file(300, 1, "  p_battle: 0.4\n  every_days: 3\n  belief_a: {alpha: 30, beta: 2}");
  const geosim::Model ma = simtest::compile_yaml(a), mb = simtest::compile_yaml(b);
  const auto ra = simtest::per_run(ma, 100, 8), rb = simtest::per_run(mb, 100, 8);
  for (std::size_t i = 0; i < ra.size(); ++i) {
    CHECK(value(ma, ra[i], "won_b") == value(mb, rb[i], "won_b"));
    CHECK(value(ma, ra[i], "control") == value(mb, rb[i], "control"));
  }
}

TEST_CASE("war: talks wired to the disagreement sign sooner when fighting teaches more") {
  // Mutual optimism (p_win the midpoint of the beliefs, uncertainty their disagreement): the
  // range opens once the disagreement is below the costs' sum, 0.2. Priors worth 10 battles
  // (disagreement 6 / (10 + n)) open it after 21 weekly battles; priors worth 200 never within
  // the horizon (120 / (200 + n) > 0.2 for n < 400).
  const std::string talks =
      "negotiation:\n  parties: [A, B]\n  p_win: \"0.5 * (war.belief_a.mean + war.belief_b.mean)\"\n"
      "  uncertainty: war.disagreement\n  costs: [0.1, 0.1]\n  rate: 0.05\n";
  const auto deal_share = [&](double strength) {
    const std::string war = fmt::format("  p_battle: 0.6\n  belief_a: {{alpha: {}, beta: {}}}\n  belief_b: {{alpha: {}, beta: {}}}",
                                        0.2 * strength, 0.8 * strength, 0.8 * strength, 0.2 * strength);
    const geosim::Model m = simtest::compile_yaml(war_file(365, 1, war, talks));
    return simtest::outcome(geosim::run_monte_carlo(m, {1000, 3}), "deal").probability();
  };
  const double learning = deal_share(10), stubborn = deal_share(200);
  CHECK(stubborn == 0.0);
  CHECK(learning > 0.9);
}

TEST_CASE("war: the chronicle tells each battle and what both sides learnt from it") {
  auto sources = std::make_shared<geosim::Sources>();
  geosim::Diagnostics diags;
  const std::string text = war_file(30, 1, "  p_battle: 0.6\n  every_days: 10\n  belief_a: {alpha: 2, beta: 8}");
  auto s = geosim::load_scenario_text("war.yaml", text, {}, diags, sources);
  REQUIRE(s.has_value());
  auto m = geosim::compile_model(*s, diags);
  REQUIRE(m.has_value());
  const geosim::Chronicle c = geosim::make_chronicle(*m, 1, 0, &*s);
  int battles = 0;
  for (const auto& e : c.entries) {
    if (e.kind != "battle") continue;
    ++battles;
    CHECK(e.text.find("battle is fought") != std::string::npos);
    CHECK(e.text.find("Both sides learn from the outcome:") != std::string::npos);
    CHECK(e.data["battles"] == 1);
  }
  CHECK(battles == 3);  // days 0, 10, 20
}

TEST_CASE("war: the chronicle of a deal says the front moves to its line") {
  auto sources = std::make_shared<geosim::Sources>();
  geosim::Diagnostics diags;
  const std::string text = war_file(30, 1, "  p_battle: 0.5\n  control: 0.1",
                                    "negotiation:\n  parties: [A, B]\n  p_win: 0.5\n  costs: [0.2, 0.2]\n  rate: 1000000\n");
  auto s = geosim::load_scenario_text("war.yaml", text, {}, diags, sources);
  REQUIRE(s.has_value());
  auto m = geosim::compile_model(*s, diags);
  REQUIRE(m.has_value());
  int deals = 0;
  for (const auto& e : geosim::make_chronicle(*m, 1, 0, &*s).entries) {
    if (e.kind != "agreement") continue;
    ++deals;
    CHECK(e.text.find("The front moves to the deal's line: B now holds 0.50 of the disputed holdings.") != std::string::npos);
  }
  CHECK(deals == 1);
}

TEST_CASE("war: bad input gives one message naming the problem") {
  const auto message = [](const std::string& text) {
    auto sources = std::make_shared<geosim::Sources>();
    geosim::Diagnostics diags;
    auto s = geosim::load_scenario_text("war.yaml", text, {}, diags, sources);
    if (s) (void)geosim::compile_model(*s, diags);
    return diags.format(*sources);
  };
  std::string mismatch = war_file(30, 1, "  p_battle: 0.5", "negotiation:\n  parties: [B, A]\n  p_win: 0.5\n  costs: [0.2, 0.2]\n  rate: 0.1\n");
  CHECK(message(mismatch).find("differ from the negotiation's [B, A]") != std::string::npos);
  std::string no_ceasefire = war_file(30, 1, "  p_battle: 0.5");
  no_ceasefire.replace(no_ceasefire.find("ceasefire:\n  breach: {constant: 0}\n"), 34, "");
  CHECK(message(no_ceasefire).find("'war' needs a 'ceasefire' section") != std::string::npos);
  const std::string unread = "geosim: 1\nscenario: {name: x, horizon_days: 10}\nactors: {A: {}}\noutcomes:\n  c: {value: war.control}\n";
  CHECK(message(unread).find("'war.control' needs a 'war:' section") != std::string::npos);
  const std::string bad_prior = war_file(30, 1, "  p_battle: 0.5\n  belief_b: {alpha: 0}");
  CHECK(message(bad_prior).find("alpha") != std::string::npos);
}

}  // TEST_SUITE
