// SPDX-License-Identifier: Apache-2.0
// Decisions (engine/sim/decision.hpp) and perceived credibility (engine/sim/commitments.cpp):
// known answers at fixed seeds. Logit shares are the softmax of the utilities; best response
// picks the highest utility and splits ties evenly; `every_days` and `on` decide on the right
// days; the perceived credibility is its formula; an attacker whose war utility is lowered by a
// guarantee attacks at the rate the logit rule gives; and the directions the theory predicts
// (weaker guarantors: fewer deals and more breaches before any breach; binding deters more).
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sim_test_util.hpp"

namespace {

// One actor A deciding among three actions of utilities 0, 0.5, 1 every step for `days` days.
std::string three_actions(const std::string& rule, int days) {
  return fmt::format(R"Y(geosim: 1
scenario: {{name: decision test, horizon_days: {}}}
actors:
  A: {{variables: {{x: {{value: 0, min: 0, max: 100000}}}}}}
decisions:
  pick:
    actor: A
{}
    actions:
      low: {{utility: 0}}
      mid: {{utility: "0.5 * (1 + 0 * A.x)"}}
      high: {{utility: 1, effects: ["A.x += 1"]}}
outcomes:
  low: {{value: "decisions.pick.low.count"}}
  mid: {{value: "decisions.pick.mid.count"}}
  high: {{value: "decisions.pick.high.count"}}
  made: {{value: "decisions.pick.count"}}
  x: {{value: "A.x"}}
  p_high: {{value: "decisions.pick.high.p"}}
)Y",
                     days, rule);
}

double mean_of(const geosim::Summary& s, const char* id) { return simtest::outcome(s, id).values.mean; }

}  // namespace

TEST_SUITE("sim") {

TEST_CASE("decisions: logit choice shares equal the softmax of the utilities") {
  // 2,000 runs x 50 daily choices = 100,000 independent draws; tolerance 4 binomial standard
  // errors of each share.
  for (double lambda : {0.0, 2.0, 5.0}) {
    INFO("precision " << lambda);
    const geosim::Model m = simtest::compile_yaml(three_actions(fmt::format("    precision: {}", lambda), 50));
    const geosim::Summary s = geosim::run_monte_carlo(m, {2000, 7});
    const double z = std::exp(0.0) + std::exp(0.5 * lambda) + std::exp(lambda);
    const double shares[] = {1 / z, std::exp(0.5 * lambda) / z, std::exp(lambda) / z};
    const char* ids[] = {"low", "mid", "high"};
    const std::uint64_t draws = 2000 * 50;
    for (int k = 0; k < 3; ++k) {
      INFO(ids[k]);
      CHECK(std::abs(mean_of(s, ids[k]) / 50 - shares[k]) < 4 * simtest::binomial_se(shares[k], draws));
    }
    CHECK(mean_of(s, "made") == 50);
    CHECK(mean_of(s, "x") == mean_of(s, "high"));  // the chosen action's effects, and only its
    CHECK(std::abs(mean_of(s, "p_high") - shares[2]) < 1e-12);
  }
}

TEST_CASE("decisions: best response picks the highest utility, and tied best actions are equally likely") {
  const geosim::Model m = simtest::compile_yaml(three_actions("    rule: best", 40));
  const geosim::Summary s = geosim::run_monte_carlo(m, {500, 3});
  CHECK(mean_of(s, "high") == 40);
  CHECK(mean_of(s, "low") == 0);
  CHECK(mean_of(s, "p_high") == 1.0);
  // Two actions tied at the top, one below: each of the tied half the time (4 SE of 40,000 draws).
  const std::string tied = R"Y(geosim: 1
scenario: {name: ties, horizon_days: 40}
actors: {A: {}}
decisions:
  pick:
    actor: A
    rule: best
    actions:
      first: {utility: 1}
      second: {utility: 1}
      worse: {utility: 0.5}
outcomes:
  first: {value: "decisions.pick.first.count"}
  second: {value: "decisions.pick.second.count"}
  worse: {value: "decisions.pick.worse.count"}
)Y";
  const geosim::Summary t = geosim::run_monte_carlo(simtest::compile_yaml(tied), {1000, 5});
  CHECK(std::abs(mean_of(t, "first") / 40 - 0.5) < 4 * simtest::binomial_se(0.5, 40000));
  CHECK(mean_of(t, "worse") == 0);
  CHECK(mean_of(t, "first") + mean_of(t, "second") == 40);
}

TEST_CASE("decisions: every_days decides on the steps holding a multiple of it, and on decides when a condition rises") {
  struct Case {
    const char* step;
    int horizon, every;
  };
  for (const Case c : {Case{"day", 100, 7}, Case{"day", 100, 1}, Case{"week", 100, 3}, Case{"week", 100, 14}, Case{"week", 100, 30}}) {
    INFO(c.step << " steps, every " << c.every << " days");
    const std::string yaml = fmt::format(R"Y(geosim: 1
scenario: {{name: schedule, step: {}, horizon_days: {}}}
actors: {{A: {{variables: {{last: {{value: -1, min: -1, max: 1000}}}}}}}}
decisions:
  tick:
    actor: A
    every_days: {}
    actions:
      only: {{utility: 0, effects: ["A.last = t"]}}
outcomes:
  made: {{value: "decisions.tick.count"}}
  last: {{value: "A.last"}}
)Y",
                                         c.step, c.horizon, c.every);
    const geosim::Summary s = geosim::run_monte_carlo(simtest::compile_yaml(yaml), {4, 1});
    const int step_days = std::string(c.step) == "week" ? 7 : 1;
    int expected = 0, last = -1;
    for (int day = 0; day < c.horizon; day += step_days) {
      const int dt = std::min(step_days, c.horizon - day);
      bool due = false;
      for (int d = day; d < day + dt; ++d) due = due || d % c.every == 0;
      if (due) {
        ++expected;
        last = day;
      }
    }
    CHECK(mean_of(s, "made") == expected);
    CHECK(mean_of(s, "last") == last);
  }
  // `on`: rises on day 10 and on day 30 (holding days 10-19 and 30 onwards): two decisions.
  const std::string on = R"Y(geosim: 1
scenario: {name: rising, horizon_days: 60}
actors: {A: {variables: {first: {value: -1, min: -1, max: 1000}}}}
decisions:
  react:
    actor: A
    on: "(t >= 10 and t < 20) or t >= 30"
    actions:
      only: {utility: 0, effects: ["A.first = if(A.first < 0, t, A.first)"]}
outcomes:
  made: {value: "decisions.react.count"}
  first: {value: "A.first"}
)Y";
  const geosim::Summary s = geosim::run_monte_carlo(simtest::compile_yaml(on), {4, 1});
  CHECK(mean_of(s, "made") == 2);
  CHECK(mean_of(s, "first") == 10);
}

TEST_CASE("decisions: a NaN utility makes its action unavailable, and with none available no choice is made") {
  const std::string yaml = R"Y(geosim: 1
scenario: {name: unavailable, horizon_days: 30}
actors: {A: {variables: {gate: {value: 0, min: -1, max: 1}}}}
decisions:
  pick:
    actor: A
    precision: 1
    actions:
      never: {utility: "sqrt(-1)"}
      gated: {utility: "if(t < 10, 1, sqrt(A.gate - 1))"}
outcomes:
  never: {value: "decisions.pick.never.count"}
  gated: {value: "decisions.pick.gated.count"}
  made: {value: "decisions.pick.count"}
)Y";
  const geosim::Summary s = geosim::run_monte_carlo(simtest::compile_yaml(yaml), {50, 2});
  CHECK(mean_of(s, "never") == 0);
  CHECK(mean_of(s, "gated") == 10);
  CHECK(mean_of(s, "made") == 10);
}

TEST_CASE("perception: perceived credibility = clamp(w * record + (1 - w) * expected + bias, 0, 1)") {
  // Record 3 / (3 + 1) = 0.75; expected = mean of the two guarantors' honour now = (0.4 + 0.8) / 2.
  const std::string base = R"Y(geosim: 1
scenario: {{name: perception, horizon_days: 10}}
actors:
  A: {{variables: {{resolve: 0.4}}}}
  C: {{variables: {{resolve: 0.8}}}}
  B: {{}}
commitments:
  g:
    type: security_guarantee
    guarantors: [A, C]
    beneficiary: B
    trigger: false
    prior: [3, 1]
    honour: "self.resolve"
{}
outcomes:
  perceived: {{value: "commitments.g.perceived"}}
  credibility: {{value: "commitments.g.credibility"}}
{}
)Y";
  const auto value = [](const std::string& yaml, const char* id) {
    return mean_of(geosim::run_monte_carlo(simtest::compile_yaml(yaml), {3, 1}), id);
  };
  const std::string with = fmt::format(fmt::runtime(base), "perception: {record_weight: 0.3, bias: 0.05}", "  expected: {value: \"commitments.g.expected\"}");
  CHECK(value(with, "expected") == doctest::Approx(0.6).epsilon(1e-12));
  CHECK(value(with, "perceived") == doctest::Approx(0.3 * 0.75 + 0.7 * 0.6 + 0.05).epsilon(1e-12));
  const std::string clamped = fmt::format(fmt::runtime(base), "perception: {record_weight: 0, bias: 0.9}", "");
  CHECK(value(clamped, "perceived") == 1.0);
  // Without a perception section observers see the record alone, and `expected` is refused.
  const std::string without = fmt::format(fmt::runtime(base), "", "");
  CHECK(value(without, "perceived") == value(without, "credibility"));
  CHECK(value(without, "credibility") == 0.75);
  auto sources = std::make_shared<geosim::Sources>();
  geosim::Diagnostics diags;
  auto sc = geosim::load_scenario_text("x.yaml", fmt::format(fmt::runtime(base), "", "  expected: {value: \"commitments.g.expected\"}"), {}, diags, sources);
  REQUIRE(sc.has_value());
  CHECK_FALSE(geosim::compile_model(*sc, diags).has_value());
  CHECK(diags.format(*sources).find("'perception:' section") != std::string::npos);
}

TEST_CASE("decisions: an attacker deterred by a guarantee breaks a ceasefire at the logit rule's rate") {
  // The ceasefire holds from the start with no breach hazard of its own (constant 0); RUS decides
  // daily: hold (utility 0) or attack (utility gain - deterrence * perceived credibility of the
  // guarantee, which is 1 * 0.5 + 0 * ... = its prior mean here). P(attack) per day =
  // 1 / (1 + exp(-lambda * U)); first attack by day 20 has chance 1 - (1 - P)^20.
  const std::string yaml = R"Y(geosim: 1
scenario: {name: deterrence, horizon_days: 20}
parameters:
  gain: {value: 0.2}
actors: {RUS: {}, UKR: {}, GBR: {variables: {resolve: 0.5}}}
commitments:
  g:
    type: security_guarantee
    guarantors: [GBR]
    beneficiary: UKR
    trigger: "ceasefire.breach_now"
    prior: [1, 1]
    honour: "self.resolve"
perception: {record_weight: 1}
ceasefire:
  in_force_at_start: true
  breach: {constant: 0}
decisions:
  renew:
    actor: RUS
    precision: 3
    when: "ceasefire.in_force"
    actions:
      hold: {utility: 0}
      attack: {utility: "params.gain - 0.8 * commitments.g.perceived", breaks_ceasefire: true}
outcomes:
  broken: {when: "ceasefire.breached > 0"}
  invoked: {value: "commitments.g.invoked"}
)Y";
  const double u = 0.2 - 0.8 * 0.5;
  const double p = 1 / (1 + std::exp(-3 * u));
  const double by20 = 1 - std::pow(1 - p, 20);
  // The same deterrence stated on the commitment: if honoured it would cost the attacker 0.5 and
  // lower its chance of winning by 0.3, so commitments.g.deters = 0.5 * (0.5 + 0.3).
  std::string stated = yaml;
  const std::string written = "params.gain - 0.8 * commitments.g.perceived";
  stated.replace(stated.find(written), written.size(), "params.gain - commitments.g.deters");
  stated.replace(stated.find("    honour: \"self.resolve\""), 0, "    attacker_cost: 0.5\n    attacker_p_win: -0.3\n");
  for (const std::string& text : {yaml, stated}) {
    const geosim::Summary s = geosim::run_monte_carlo(simtest::compile_yaml(text), {20000, 11});
    CHECK(std::abs(simtest::outcome(s, "broken").probability() - by20) < 4 * simtest::binomial_se(by20, 20000));
    CHECK(std::abs(mean_of(s, "invoked") - by20) < 4 * simtest::binomial_se(by20, 20000));  // the breach invokes it
  }
}

TEST_CASE("perception: weaker guarantors mean fewer deals and more breaches before any breach, and binding deters more") {
  // GBR guarantees UKR; its honour reads its resolve (and `binding`); observers weigh the record
  // (prior mean 0.5) at 0.3 against what GBR would do now. Nothing is invoked before the first
  // breach, so any difference in the first deal and the first breach comes from the perception.
  // Differences are required to exceed 4 standard errors of the difference of two proportions.
  const auto scenario = [](double resolve, bool binding, bool talks) {
    return fmt::format(R"Y(geosim: 1
scenario: {{name: directions, horizon_days: {}}}
actors: {{UKR: {{}}, RUS: {{}}, GBR: {{variables: {{resolve: {}}}}}}}
commitments:
  g:
    type: security_guarantee
    guarantors: [GBR]
    beneficiary: UKR
    binding: {}
    trigger: "ceasefire.breach_now"
    prior: [2, 2]
    honour: "clamp(self.resolve * (0.5 + 0.5 * binding), 0, 1)"
    ceasefire_effect: 0.3
    bargaining_effect: 0.9
perception: {{record_weight: 0.3}}
{}
outcomes:
  signed: {{when: "ceasefire.signed > 0"}}
  broken: {{when: "ceasefire.breached > 0"}}
)Y",
                       talks ? 365 : 180, resolve, binding ? "true" : "false",
                       talks ? "negotiation: {parties: [UKR, RUS], p_win: 0.5, costs: [0.1, 0.1], commitment_problem: 0.3, rate: 0.01}\n"
                               "ceasefire: {breach: {constant: 0.005}}"
                             : "ceasefire: {in_force_at_start: true, breach: {constant: 0.005}}");
  };
  const std::uint64_t n = 4000;
  const auto share = [&](double resolve, bool binding, bool talks, const char* id) {
    return simtest::outcome(geosim::run_monte_carlo(simtest::compile_yaml(scenario(resolve, binding, talks)), {n, 21}), id).probability();
  };
  const auto apart = [&](double a, double b) { return std::abs(a - b) > 4 * std::sqrt(simtest::binomial_se(a, n) * simtest::binomial_se(a, n) + simtest::binomial_se(b, n) * simtest::binomial_se(b, n)); };
  const double deal_strong = share(0.9, true, true, "signed"), deal_weak = share(0.2, true, true, "signed");
  CHECK(deal_weak < deal_strong);
  CHECK(apart(deal_weak, deal_strong));
  const double broken_strong = share(0.9, true, false, "broken"), broken_weak = share(0.2, true, false, "broken");
  CHECK(broken_weak > broken_strong);
  CHECK(apart(broken_weak, broken_strong));
  const double broken_unbound = share(0.9, false, false, "broken");
  CHECK(broken_unbound > broken_strong);
  CHECK(apart(broken_unbound, broken_strong));
}

}  // TEST_SUITE
