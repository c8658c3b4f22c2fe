// SPDX-License-Identifier: Apache-2.0
// Ceasefire failure as competing risks (engine/sim/ceasefire.hpp): the split-population ("cure")
// baseline's survival against S(d) = pi + (1 - pi) exp(-(d/scale)^shape) and its plateau at pi;
// incidents as a Poisson process (mean and variance of the count = rate * T) that escalate to
// collapse at rate * q per day, q set by monitoring and a DMZ; breaches by the beneficiary and
// the guarantors' blame; causes counted one by one; and the 30-day failure outcome. Tolerances:
// 4 standard errors of the estimate at the exact value, fixed seeds.
#include <cmath>
#include <initializer_list>
#include <string>

#include <fmt/format.h>

#include "geosim/stats.hpp"
#include "sim_test_util.hpp"

namespace {

std::string yaml(const char* step, int horizon, const std::string& ceasefire, const std::string& outcomes = "") {
  return fmt::format(R"(geosim: 1
scenario: {{name: competing risks, step: {}, horizon_days: {}}}
ceasefire:
  in_force_at_start: true
{}
outcomes:
  broken: {{when: "ceasefire.breached > 0"}}
  violations: {{value: "ceasefire.violations"}}
  by_baseline: {{value: "ceasefire.breaks.baseline"}}
  by_incident: {{value: "ceasefire.breaks.incident"}}
  by_beneficiary: {{value: "ceasefire.breaks.beneficiary"}}
  blamed: {{value: "ceasefire.blamed_beneficiary"}}
{}
)",
                     step, horizon, ceasefire, outcomes);
}

// KM survival of `broken` at `days` against `exact(d)`, within 4 binomial standard errors.
template <class F>
void check_survival(const geosim::Summary& s, std::uint64_t n, std::initializer_list<double> days, F exact) {
  const geosim::stats::KaplanMeier km = simtest::outcome(s, "broken").survival();
  for (double d : days) {
    const double e = exact(d);
    INFO("day " << d << ": KM " << km.survival_at(d) << ", exact " << e);
    CHECK(std::abs(km.survival_at(d) - e) <= 4 * simtest::binomial_se(e, n));
  }
}

// The sum of a value outcome over the n runs (a whole number: counters).
double total(const geosim::Summary& s, const char* id, std::uint64_t n) {
  return std::round(simtest::outcome(s, id).values.mean * static_cast<double>(n));
}

}  // namespace

TEST_SUITE("sim") {

TEST_CASE("ceasefire cure baseline: KM survival = pi + (1 - pi) exp(-(d/scale)^shape), daily and weekly steps") {
  const std::uint64_t n = 20000;
  for (const char* step : {"day", "week"}) {
    INFO("step " << std::string(step));
    const geosim::Model m = simtest::compile_yaml(yaml(step, 365, "  breach: {weibull: {shape: 0.7, scale_days: 40}, cure: 0.5}"));
    const geosim::Summary s = geosim::run_monte_carlo(m, {n, 161});
    check_survival(s, n, {7, 14, 28, 91, 182, 364, 365}, [](double d) { return 0.5 + 0.5 * std::exp(-std::pow(d / 40, 0.7)); });
  }
}

TEST_CASE("ceasefire cure baseline: failures are early and the survival plateaus at pi") {
  // Ten years of weekly steps: S(3650) = 0.45 + 0.55 exp(-(3650/60)^0.6) = 0.45 + 1.6e-5. The
  // share failed within 30 days is (1 - pi)(1 - exp(-(30/60)^0.6)) = 0.256, more than half of
  // all failures; between years 5 and 10 almost none.
  const std::uint64_t n = 20000;
  const geosim::Model m = simtest::compile_yaml(yaml("week", 3650, "  breach: {weibull: {shape: 0.6, scale_days: 60}, cure: 0.45}"));
  const geosim::Summary s = geosim::run_monte_carlo(m, {n, 162});
  const auto exact = [](double d) { return 0.45 + 0.55 * std::exp(-std::pow(d / 60, 0.6)); };
  check_survival(s, n, {28, 364, 1820, 3650}, exact);
  const geosim::stats::KaplanMeier km = simtest::outcome(s, "broken").survival();
  CHECK(std::abs(km.survival_at(3650) - 0.45) <= 4 * simtest::binomial_se(0.45, n));
  CHECK(km.survival_at(1820) - km.survival_at(3650) < 0.002);
}

TEST_CASE("ceasefire cure baseline: a cure share of 0 is the plain Weibull, draw for draw") {
  const std::string plain = yaml("day", 200, "  breach: {weibull: {shape: 0.7, scale_days: 90}}");
  const std::string cured = yaml("day", 200, "  breach: {weibull: {shape: 0.7, scale_days: 90}, cure: 0}");
  const auto a = simtest::per_run(simtest::compile_yaml(plain), 2000, 163);
  const auto b = simtest::per_run(simtest::compile_yaml(cured), 2000, 163);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) CHECK(a[i][0].time == b[i][0].time);
}

TEST_CASE("ceasefire incidents arrive as a Poisson process: mean and variance of the count are rate * T") {
  // No escalation and no baseline: the ceasefire holds for the whole horizon, so the count over
  // 365 days is Poisson(0.3 * 365 = 109.5). Mean within 4 SE (sqrt(109.5 / n)); the sample
  // variance within 4 of its standard errors (sqrt(2 / (n - 1)) * var for a near-normal count,
  // widened by 20% for the Poisson's excess kurtosis 1/109.5 and rounding).
  const std::uint64_t n = 4000;
  for (const char* step : {"day", "week"}) {
    INFO("step " << std::string(step));
    const geosim::Model m =
        simtest::compile_yaml(yaml(step, 365, "  breach: {constant: 0}\n  incidents: {rate: 0.3, escalation: 0}"));
    const geosim::Summary s = geosim::run_monte_carlo(m, {n, 164});
    const auto& v = simtest::outcome(s, "violations");
    const double lambda_t = 0.3 * 365;
    CHECK(std::abs(v.values.mean - lambda_t) <= 4 * std::sqrt(lambda_t / static_cast<double>(n)));
    CHECK(std::abs(v.values.variance() - lambda_t) <= 1.2 * 4 * std::sqrt(2.0 / static_cast<double>(n - 1)) * lambda_t);
    CHECK(simtest::outcome(s, "broken").happened == 0);
  }
}

TEST_CASE("ceasefire incidents escalate at rate * q: q = escalation, times monitoring's and a DMZ's ratios") {
  // rate 0.2 per day, escalation 0.05: collapse hazard 0.01 per day. Full monitoring with a
  // monitored_effect of 0.4 makes q = 0.02 (hazard 0.004); half monitoring q = 0.05 (1 - 0.5 *
  // 0.6) = 0.035; a DMZ with dmz_effect 0.5 halves q again. Every breach is counted as an incident's.
  const std::uint64_t n = 20000;
  struct Case {
    const char* incidents;  // keys added to the incidents section
    const char* ceasefire;  // lines added to the ceasefire section
    double q;
  };
  for (const Case& c : {Case{"", "", 0.05}, Case{", monitoring: 1, monitored_effect: 0.4", "", 0.02},
                        Case{", monitoring: 0.5, monitored_effect: 0.4", "", 0.035},
                        Case{", monitoring: 0.5, monitored_effect: 0.4, dmz_effect: 0.5", "\n  dmz: true\n  dmz_effect: 0.1", 0.0175}}) {
    for (const char* step : {"day", "week"}) {
      INFO("step " << std::string(step) << ", q " << c.q);
      const std::string cf =
          fmt::format("  breach: {{constant: 0}}\n  incidents: {{rate: 0.2, escalation: 0.05{}}}{}", c.incidents, c.ceasefire);
      const geosim::Model m = simtest::compile_yaml(yaml(step, 364, cf));
      const geosim::Summary s = geosim::run_monte_carlo(m, {n, 165});
      check_survival(s, n, {7, 28, 91, 182, 364}, [&](double d) { return std::exp(-0.2 * c.q * d); });
      const auto& broken = simtest::outcome(s, "broken");
      CHECK(total(s, "by_incident", n) == static_cast<double>(broken.happened));
      CHECK(simtest::outcome(s, "by_baseline").values.mean == 0.0);
    }
  }
}

TEST_CASE("ceasefire beneficiary breaches: hazard rate, and guarantors blame the beneficiary with the attribution chance") {
  // rate 0.004 per day: S(d) = exp(-0.004 d). Of the broken runs, a share 0.3 blamed the
  // beneficiary (4 binomial standard errors over the broken runs).
  const std::uint64_t n = 20000;
  const geosim::Model m = simtest::compile_yaml(
      yaml("day", 365, "  breach: {constant: 0}\n  beneficiary_breach: {rate: 0.004, attribution: 0.3}"));
  const geosim::Summary s = geosim::run_monte_carlo(m, {n, 166});
  check_survival(s, n, {7, 30, 180, 365}, [](double d) { return std::exp(-0.004 * d); });
  const double broken = static_cast<double>(simtest::outcome(s, "broken").happened);
  CHECK(total(s, "by_beneficiary", n) == broken);
  const double blamed = total(s, "blamed", n) / broken;
  CHECK(std::abs(blamed - 0.3) <= 4 * std::sqrt(0.3 * 0.7 / broken));
}

TEST_CASE("ceasefire competing risks: the hazards add, and each cause's share is its hazard's share") {
  // Baseline 0.002, incidents 0.1 * 0.03 = 0.003 and the beneficiary 0.001 per day: S(d) =
  // exp(-0.006 d), and the breaks split 2 : 3 : 1. Daily steps, so two causes in one step (tried
  // in a fixed order) move the shares by less than 0.006 / 2 of a step's chance: within 4 SE.
  const std::uint64_t n = 20000;
  const geosim::Model m = simtest::compile_yaml(yaml("day", 365,
                                                     "  breach: {constant: 0.002}\n  incidents: {rate: 0.1, escalation: 0.03}\n"
                                                     "  beneficiary_breach: {rate: 0.001}"));
  const geosim::Summary s = geosim::run_monte_carlo(m, {n, 167});
  check_survival(s, n, {30, 120, 365}, [](double d) { return std::exp(-0.006 * d); });
  const double broken = static_cast<double>(simtest::outcome(s, "broken").happened);
  for (const auto& [id, share] : {std::pair{"by_baseline", 2.0 / 6}, std::pair{"by_incident", 3.0 / 6}, std::pair{"by_beneficiary", 1.0 / 6}}) {
    const double got = total(s, id, n) / broken;
    INFO(id << ": " << got << " against " << share);
    CHECK(std::abs(got - share) <= 4 * std::sqrt(share * (1 - share) / broken));
  }
}

TEST_CASE("ceasefire: the 30-day failure outcome is the first breach within 30 days of signing") {
  // `ceasefire.lasted` is the age at the breach; with one ceasefire (in force at the start, no
  // talks) the outcome holds exactly in the runs whose first breach came by day 30, and its
  // share is 1 - S(30) of the cure baseline: 0.5 (1 - exp(-(30/40)^0.7)) = 0.2795.
  const std::uint64_t n = 20000;
  const geosim::Model m = simtest::compile_yaml(yaml("day", 120, "  breach: {weibull: {shape: 0.7, scale_days: 40}, cure: 0.5}",
                                                     "  failed_30: {when: \"ceasefire.breach_now and ceasefire.lasted <= 30\"}"));
  geosim::Summary s;
  const auto rows = simtest::per_run(m, n, 168, &s);
  const std::size_t broken = simtest::outcome_index(m, "broken"), failed = simtest::outcome_index(m, "failed_30");
  for (const auto& r : rows) CHECK(r[failed].happened == (r[broken].happened && r[broken].time <= 30));
  const double exact = 0.5 * (1 - std::exp(-std::pow(30.0 / 40, 0.7)));
  CHECK(std::abs(simtest::outcome(s, "failed_30").probability() - exact) <= 4 * simtest::binomial_se(exact, n));
}

}  // TEST_SUITE
