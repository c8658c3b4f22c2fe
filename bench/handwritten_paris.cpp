// SPDX-License-Identifier: Apache-2.0
// bench/paris-2026-first-edition.yaml (the first edition of scenarios/paris-2026.yaml) written by hand: the floor an interpreted scenario is measured against.
//
// Same model as the file, mechanism by mechanism and in the engine's order within a step
// (docs/model.md, "The state and one step"): commitments' active flags; drifts (exact
// Ornstein-Uhlenbeck) then Friedkin-Johnsen influence of resolve; events (1 - exp(-rate dt), and
// a Poisson number of firings from the same draw); negotiation (Fearon range, security from
// credible commitments, agreement hazard); Weibull ceasefire breach with the commitments' hazard
// ratios (effect ^ (credibility / typical)) and exp(pressure); commitment triggers,
// honour decisions and Beta reputation with spillover; outcomes at the end of the step.
//
// What makes it hand-written: the state is a struct of named doubles, every expression of the
// file is plain C++ arithmetic, commitments and guarantors are enum indices, and whatever the
// file makes constant is computed once (OU decay and noise, constant event probabilities, the
// influence matrix). Randomness follows the engine's documented scheme (one xoshiro256++ stream
// per process keyed by seed, run and the element's name; Boost distributions; the same number
// of draws per step), which costs a few hundred instructions per run and lets the benchmark
// check the model run by run against the engine, not just in distribution.
//
// If bench/paris-2026-first-edition.yaml changes, this file must follow; the benchmark's agreement table
// shows when it has not.
#include "handwritten_paris.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>

#include <Eigen/Dense>
#include <boost/random/beta_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include "geosim/model.hpp"
#include "geosim/random.hpp"

namespace geosim::bench {

namespace {

using random::stream_key;
using random::Xoshiro256pp;

constexpr int kSteps = 365;     // horizon_days: 365, step: day
constexpr double kDt = 1.0;

// The nine governments of the resolve influence, in the file's actor order; also every guarantor.
enum Gov : int { USA, GBR, FRA, DEU, ITA, POL, ESP, DNK, CAN, kGovs };

// Commitments in file order (decisions are taken in this order within a step).
enum Com : int { US_MON, COAL_MON, G_GBR, G_FRA, G_DEU, G_POL, G_ITA, G_ESP, G_CAN, G_DNK, US_BACK, MNF, LTA, DK1951, NATO_SOL, kComs };

enum class Trigger { Breach, AirLow, Greenland };
enum class Active { Always, InForce, InForceAndAttention };

constexpr std::uint16_t bit(int g) { return static_cast<std::uint16_t>(1u << g); }
constexpr std::uint16_t kCoalition = bit(GBR) | bit(FRA) | bit(DEU) | bit(ITA) | bit(POL) | bit(ESP) | bit(DNK) | bit(CAN);

struct ComInfo {
  const char* id;
  std::uint16_t guarantors;   // bit g: government g is a guarantor (decides in ascending g, the file's order)
  double spillover, ceasefire_effect, bargaining_effect, prior_h, prior_r;
  double typical;             // its type's default prior mean: the credibility at which ceasefire_effect applies in full
  bool covers;                // beneficiary is UKR, a party to the negotiation
  Trigger trigger;
  Active active;
};

// Numbers from the file, with the type defaults where the file relies on them
// (monitoring/assistance/force_deployment prior [5, 5]; security_guarantee and mutual_defence
// [4.1, 5.9]; spillover 0.5; force_deployment ceasefire_effect 0.5 and bargaining_effect 0.3;
// assistance bargaining_effect 0.1; mutual_defence 0.8 and 0.3, unused since Denmark is no party),
// and each type's typical credibility, its default prior's mean (engine/scenario/format.cpp).
constexpr double kTypicalGuarantee = 4.1 / (4.1 + 5.9), kTypicalOther = 5.0 / (5.0 + 5.0);
constexpr std::array<ComInfo, kComs> kCom = {{
    {"us_monitoring", bit(USA), 0.5, 0.85, 0.15, 5.0, 5.0, kTypicalOther, true, Trigger::Breach, Active::InForceAndAttention},
    {"coalition_monitors", kCoalition, 0.5, 0.95, 0.05, 5.0, 5.0, kTypicalOther, true, Trigger::Breach, Active::InForce},
    {"guarantee_GBR", bit(GBR), 0.5, 0.92, 0.10, 4.1, 5.9, kTypicalGuarantee, true, Trigger::Breach, Active::InForce},
    {"guarantee_FRA", bit(FRA), 0.5, 0.92, 0.10, 4.1, 5.9, kTypicalGuarantee, true, Trigger::Breach, Active::InForce},
    {"guarantee_DEU", bit(DEU), 0.5, 0.928, 0.09, 4.1, 5.9, kTypicalGuarantee, true, Trigger::Breach, Active::InForce},
    {"guarantee_POL", bit(POL), 0.5, 0.944, 0.07, 4.1, 5.9, kTypicalGuarantee, true, Trigger::Breach, Active::InForce},
    {"guarantee_ITA", bit(ITA), 0.5, 0.96, 0.05, 4.1, 5.9, kTypicalGuarantee, true, Trigger::Breach, Active::InForce},
    {"guarantee_ESP", bit(ESP), 0.5, 0.972, 0.035, 4.1, 5.9, kTypicalGuarantee, true, Trigger::Breach, Active::InForce},
    {"guarantee_CAN", bit(CAN), 0.5, 0.976, 0.03, 4.1, 5.9, kTypicalGuarantee, true, Trigger::Breach, Active::InForce},
    {"guarantee_DNK", bit(DNK), 0.5, 0.98, 0.025, 4.1, 5.9, kTypicalGuarantee, true, Trigger::Breach, Active::InForce},
    {"us_backstop", bit(USA), 0.5, 0.75, 0.35, 4.1, 5.9, kTypicalGuarantee, true, Trigger::Breach, Active::InForce},
    {"multinational_force", bit(GBR) | bit(FRA), 0.5, 0.5, 0.3, 5.0, 5.0, kTypicalOther, true, Trigger::Breach, Active::InForce},
    {"long_term_aid", kCoalition, 0.25, 0.95, 0.1, 5.0, 5.0, kTypicalOther, true, Trigger::AirLow, Active::Always},
    {"denmark_us_1951", bit(USA), 0.5, 0.8, 0.3, 4.1, 5.9, kTypicalGuarantee, false, Trigger::Greenland, Active::Always},
    {"nato_solidarity", static_cast<std::uint16_t>(kCoalition & ~bit(DNK)), 0.5, 0.8, 0.3, 4.1, 5.9, kTypicalGuarantee, false, Trigger::Greenland, Active::Always},
}};

// Outcomes in file order.
enum Out : int {
  O_SIGNED, O_SIGNED_H1, O_HELD_6M, O_HELD_12M, O_BROKEN, O_INVOKED, O_HON_ALL, O_HON_CORE, O_HON_ANY,
  O_HON_GBR, O_HON_FRA, O_HON_DEU, O_HON_POL, O_HON_ITA, O_HON_ESP, O_HON_CAN, O_HON_DNK, O_US_PART,
  O_GREENLAND, O_US_BREAKS, O_ALLIES, O_NATO_CRISIS, kWhen,
  O_STRIKES = kWhen, O_CEDED, O_UNITY, kOutcomes
};
constexpr const char* kOutcomeIds[kOutcomes] = {
    "ceasefire_signed", "signed_first_half", "held_6m", "held_12m", "ceasefire_broken", "guarantee_invoked",
    "guarantee_honoured_all", "guarantee_honoured_core", "guarantee_honoured_any", "honoured_GBR", "honoured_FRA",
    "honoured_DEU", "honoured_POL", "honoured_ITA", "honoured_ESP", "honoured_CAN", "honoured_DNK",
    "us_participates", "greenland_crisis", "us_breaks_1951", "allies_back_denmark", "nato_crisis",
    "strike_waves", "donbas_ceded", "unity_end"};

inline double clamp01(double v) { return std::clamp(v, 0.0, 1.0); }
inline double logistic(double v) { return 1.0 / (1.0 + std::exp(-v)); }
inline double logit(double p) { return std::log(p / (1.0 - p)); }
inline double step_probability(double rate) { return rate > 0 ? -std::expm1(-rate * kDt) : 0.0; }
// A draw above y = rate * dt misses whatever expm1's rounding, since 1 - exp(-y) < y (the engine's
// test, engine/sim/formulas.hpp): the tuned loop skips expm1 then, with the same outcome.
inline bool certainly_misses(double u, double y) { return u > y * (1 + 1e-9); }

// How often a repeating event fires in a step in which it fires (u < p = 1 - exp(-y)): Poisson(y)
// by inversion from the same draw, the smallest n >= 1 with u >= P(N > n) (docs/model.md, "Events").
inline int firings(double u, double p, double y) {
  const double log_y = std::log(y);
  double log_term = -y, tail = p;
  int n = 1;
  for (; n < 100000; ++n) {
    log_term += log_y - std::log(static_cast<double>(n));
    tail -= std::exp(log_term);
    if (!(u < tail)) break;
  }
  return n;
}

// Exact OU transition over one day with constant rate and noise, computed once.
struct Ou {
  double decay = 1.0, sd = 0.0;
  Ou(double theta, double noise) : decay(std::exp(-theta * kDt)) {
    if (noise > 0) sd = std::sqrt(theta > 1e-12 ? noise * noise * (-std::expm1(-2 * theta * kDt)) / (2 * theta) : noise * noise * kDt);
  }
};

struct Beta {
  double a, b;
  Beta(double mean, double sd) {  // the file's {beta: {mean, sd}}, by moments as the reader converts it
    const double k = mean * (1 - mean) / (sd * sd) - 1;
    a = mean * k;
    b = (1 - mean) * k;
  }
};

// Everything computed once for all runs.
struct Constants {
  Ou attention{0.02, 0.01}, venezuela{0.006, 0.0}, rus_resolve{0.004, 0.003}, nato{0.01, 0.004},
      greenland{0.008, 0.0}, focus{0.02, 0.0}, unity{0.01, 0.004}, air{0.004, 0.0};
  double p_delivery = step_probability(0.02), p_venezuela = step_probability(0.004);
  Beta unity0{0.65, 0.08}, resolve0{0.75, 0.08};
  double w[kGovs][kGovs];                               // row-stochastic alignment, USA..CAN
  std::array<std::array<int, kComs>, kGovs> peers{};    // per government: its commitments
  std::array<int, kGovs> n_peers{};
  std::array<int, kComs> n_guarantors{};
  // Stream ids: the hash of each element's name, as the engine keys them.
  std::uint64_t s_cost_ukr, s_cost_rus, s_fear, s_unity, s_resolve;
  std::uint64_t s_drift[4], s_event[5], s_com[kComs], s_negotiation, s_ceasefire;
  // For the tuned loop: nothing random moves the nine governments' resolve (only influence does),
  // so its path is the same in every run: resolve_at[s] after step s, by the plain loop's own
  // arithmetic. And the ceasefire's baseline hazard over a day from `days` = 0, 1, ... since signing.
  static constexpr std::array<double, kGovs> kResolve0 = {0.5, 0.75, 0.75, 0.65, 0.5, 0.8, 0.5, 0.7, 0.65};
  double resolve_at[kSteps][kGovs];
  double breach_dh[kSteps + 1];

  static double weibull_dh(double tau) { return std::pow((tau + kDt) / 2000.0, 0.6) - std::pow(tau / 2000.0, 0.6); }

  // Friedkin-Johnsen, stubbornness 0.8, once per day: the plain loop calls it per run.
  void influence(double* resolve, const double* stubborn_at) const {
    double next[kGovs];
    for (int i = 0; i < kGovs; ++i) {
      double s = 0.0;
      for (int j = 0; j < kGovs; ++j) s += w[i][j] * resolve[j];
      next[i] = (1 - 0.8) * s + 0.8 * stubborn_at[i];
    }
    for (int i = 0; i < kGovs; ++i) resolve[i] = clamp01(next[i]);
  }

  Constants() {
    // alignment: default 0.3, diagonal 1, symmetric entries; rows normalised (as compiled).
    Eigen::MatrixXd m = Eigen::MatrixXd::Constant(kGovs, kGovs, 0.3);
    m.diagonal().setConstant(1.0);
    const std::array<std::array<int, 2>, 7> pairs = {{{GBR, FRA}, {FRA, DEU}, {DEU, POL}, {GBR, CAN}, {GBR, USA}, {DNK, GBR}, {ITA, ESP}}};
    const double vals[7] = {0.9, 0.9, 0.7, 0.7, 0.5, 0.6, 0.7};
    for (std::size_t k = 0; k < pairs.size(); ++k) m(pairs[k][0], pairs[k][1]) = m(pairs[k][1], pairs[k][0]) = vals[k];
    for (int i = 0; i < kGovs; ++i) m.row(i) /= m.row(i).sum();
    for (int i = 0; i < kGovs; ++i)
      for (int j = 0; j < kGovs; ++j) w[i][j] = m(i, j);
    for (int c = 0; c < kComs; ++c)
      for (int g = 0; g < kGovs; ++g)
        if (kCom[static_cast<std::size_t>(c)].guarantors & bit(g)) {
          peers[static_cast<std::size_t>(g)][static_cast<std::size_t>(n_peers[static_cast<std::size_t>(g)]++)] = c;
          ++n_guarantors[static_cast<std::size_t>(c)];
        }
    s_cost_ukr = stable_hash("param:parameters.war_cost_ukr.value");
    s_cost_rus = stable_hash("param:parameters.war_cost_rus.value");
    s_fear = stable_hash("param:parameters.kyiv_fear.value");
    s_unity = stable_hash("param:actors.UKR.variables.unity.value");
    s_resolve = stable_hash("param:actors.RUS.variables.resolve.value");
    const char* drifts[4] = {"USA.attention", "RUS.resolve", "NATO.cohesion", "UKR.unity"};  // the noisy ones
    for (int i = 0; i < 4; ++i) s_drift[i] = stable_hash(std::string("drift:") + drifts[i]);
    const char* events[5] = {"strike_campaign", "air_defence_delivery", "greenland_rhetoric", "europe_backs_denmark", "venezuela_flare"};
    for (int i = 0; i < 5; ++i) s_event[i] = stable_hash(std::string("event:") + events[i]);
    for (int c = 0; c < kComs; ++c) s_com[c] = stable_hash(std::string("commitment:") + kCom[static_cast<std::size_t>(c)].id);
    s_negotiation = stable_hash("negotiation");
    s_ceasefire = stable_hash("ceasefire");
    double r[kGovs];
    std::copy(kResolve0.begin(), kResolve0.end(), r);
    for (int step = 0; step < kSteps; ++step) {
      influence(r, kResolve0.data());
      std::copy(r, r + kGovs, resolve_at[step]);
    }
    for (int d = 0; d <= kSteps; ++d) breach_dh[d] = weibull_dh(static_cast<double>(d));
  }
};

// One run's state: the scenario's variables by name. kTuned = the tuned floor (run_tuned_paris):
// the same model, arithmetic and draws, with work that cannot change the result left out.
template <bool kTuned>
struct Run {
  const Constants& k;
  // parameters
  double war_cost_ukr = 0, war_cost_rus = 0, kyiv_fear = 0;
  // actors and blocs (all in [0, 1])
  double unity = 0, unity0 = 0, air = 0.45, ukr_cap = 0.45, rus_demand = 1.0, rus_resolve = 0, rus_cap = 0.55;
  double resolve[kGovs] = {0.5, 0.75, 0.75, 0.65, 0.5, 0.8, 0.5, 0.7, 0.65};  // Constants::kResolve0
  double resolve0[kGovs] = {};
  double attention[kGovs] = {0.6, 0.8, 0.85, 0.7, 0.55, 0.8, 0.5, 0.6, 0.6};
  double responded = 0, greenland = 0.5, venezuela = 0.7, nato = 0.8, cohesion = 0.75, focus = 0.85, verified = 0, eu = 0.75;
  // events, negotiation, ceasefire
  int strikes = 0;
  bool in_force = false, signed_now = false, breach_now = false;
  int signed_count = 0, breached = 0;
  double days = 0, settlement = 0;
  // commitments and reputation records
  int invoked[kComs] = {}, honoured[kComs] = {}, reneged[kComs] = {};
  double cred[kComs] = {};
  // Tuned: what is derived from credibility alone, refreshed with it: the negotiation's security
  // and each covering commitment's breach hazard ratio effect ^ (credibility / typical).
  double security = 0.0, hazard_ratio[kComs] = {};
  bool discrete = false;  // tuned: a counter the outcomes read moved in this step
  bool active[kComs] = {}, prev_trigger[kComs] = {};
  double rep_h[kComs][kGovs] = {}, rep_r[kComs][kGovs] = {};
  // random streams
  Xoshiro256pp drift_rng[4], event_rng[5], com_rng[kComs], negotiation_rng, ceasefire_rng;
  // outcomes
  bool hit[kWhen] = {};
  int hit_step[kWhen] = {};

  explicit Run(const Constants& c) : k(c) {}

  void sample(std::uint64_t seed, std::uint64_t run) {
    using boost::random::beta_distribution;
    using boost::random::uniform_real_distribution;
    Xoshiro256pp g1(seed, run, k.s_cost_ukr), g2(seed, run, k.s_cost_rus), g3(seed, run, k.s_fear);
    war_cost_ukr = uniform_real_distribution<double>(0.2, 0.7)(g1);
    war_cost_rus = uniform_real_distribution<double>(0.15, 0.40)(g2);
    kyiv_fear = uniform_real_distribution<double>(0.3, 0.9)(g3);
    Xoshiro256pp g4(seed, run, k.s_unity), g5(seed, run, k.s_resolve);
    unity = unity0 = clamp01(beta_distribution<double>(k.unity0.a, k.unity0.b)(g4));
    rus_resolve = clamp01(beta_distribution<double>(k.resolve0.a, k.resolve0.b)(g5));
    for (int i = 0; i < 4; ++i) drift_rng[i].reseed(stream_key(seed, run, k.s_drift[i]));
    for (int i = 0; i < 5; ++i) event_rng[i].reseed(stream_key(seed, run, k.s_event[i]));
    for (int c = 0; c < kComs; ++c) com_rng[c].reseed(stream_key(seed, run, k.s_com[c]));
    negotiation_rng.reseed(stream_key(seed, run, k.s_negotiation));
    ceasefire_rng.reseed(stream_key(seed, run, k.s_ceasefire));
    for (int c = 0; c < kComs; ++c)
      for (int g = 0; g < kGovs; ++g) {
        rep_h[c][g] = kCom[static_cast<std::size_t>(c)].prior_h;
        rep_r[c][g] = kCom[static_cast<std::size_t>(c)].prior_r;
      }
    refresh_credibility();
    std::copy(resolve, resolve + kGovs, resolve0);
  }

  void refresh_credibility() {
    for (int c = 0; c < kComs; ++c) {
      double sum = 0.0;
      for (int g = 0; g < kGovs; ++g)
        if (kCom[static_cast<std::size_t>(c)].guarantors & bit(g)) sum += rep_h[c][g] / (rep_h[c][g] + rep_r[c][g]);
      cred[c] = sum / k.n_guarantors[static_cast<std::size_t>(c)];
    }
    if constexpr (kTuned) {
      security = 0.0;
      for (int c = 0; c < kComs; ++c)
        if (kCom[static_cast<std::size_t>(c)].covers) {
          security += kCom[static_cast<std::size_t>(c)].bargaining_effect * cred[c];
          hazard_ratio[c] = std::pow(kCom[static_cast<std::size_t>(c)].ceasefire_effect, cred[c] / kCom[static_cast<std::size_t>(c)].typical);
        }
    }
  }

  static double ou(double x, double target, const Ou& o) { return clamp01(target + (x - target) * o.decay); }
  static double ou(double x, double target, const Ou& o, Xoshiro256pp& g) {
    boost::random::normal_distribution<double> normal(0.0, 1.0);
    double v = target + (x - target) * o.decay;
    v += o.sd * normal(g);
    return clamp01(v);
  }

  void dynamics(int step) {
    attention[USA] = ou(attention[USA], 0.75 - 0.35 * venezuela - 0.15 * greenland, k.attention, drift_rng[0]);
    venezuela = ou(venezuela, 0.2, k.venezuela);
    rus_resolve = ou(rus_resolve, 0.9 - 0.5 * attention[USA] * nato, k.rus_resolve, drift_rng[1]);
    nato = ou(nato, 0.85 - 0.3 * greenland, k.nato, drift_rng[2]);
    greenland = ou(greenland, 0.15, k.greenland);
    focus = ou(focus, 0.95 - 0.35 * greenland, k.focus);
    unity = ou(unity, unity0, k.unity, drift_rng[3]);
    air = ou(air, 0.35, k.air);
    if constexpr (kTuned)
      std::copy(k.resolve_at[step], k.resolve_at[step] + kGovs, resolve);
    else
      k.influence(resolve, resolve0);
  }

  // Every event repeats: when it fires, it fires a Poisson number of times and its effects apply
  // that many times.
  void events() {
    const double u0 = event_rng[0].uniform01();  // strike_campaign: RUS, only while no ceasefire
    if (!in_force) {
      const double y = 0.05 * rus_resolve * (1.2 - air);
      const double p = kTuned && certainly_misses(u0, y) ? 0.0 : step_probability(y);
      if (u0 < p)
        for (int n = firings(u0, p, y); n > 0; --n) {
          ++strikes;
          unity = clamp01(unity - 0.02);
          air = clamp01(air - 0.02);
        }
    }
    const double u1 = event_rng[1].uniform01();  // air_defence_delivery
    if (u1 < k.p_delivery)
      for (int n = firings(u1, k.p_delivery, 0.02); n > 0; --n) air = clamp01(air + 0.03);
    const double u2 = event_rng[2].uniform01(), y2 = 0.008 + 0.02 * greenland;  // greenland_rhetoric
    const double p2 = kTuned && certainly_misses(u2, y2) ? 0.0 : step_probability(y2);
    if (u2 < p2)
      for (int n = firings(u2, p2, y2); n > 0; --n) {
        greenland = clamp01(greenland + 0.12);
        nato = clamp01(nato - 0.02);
      }
    const double u3 = event_rng[3].uniform01(), y3 = 0.02 * greenland;  // europe_backs_denmark
    const double p3 = kTuned && certainly_misses(u3, y3) ? 0.0 : step_probability(y3);
    if (u3 < p3)
      for (int n = firings(u3, p3, y3); n > 0; --n) {
        greenland = clamp01(greenland - 0.04);
        eu = clamp01(eu + 0.02);
      }
    const double u4 = event_rng[4].uniform01();  // venezuela_flare
    if (u4 < k.p_venezuela)
      for (int n = firings(u4, k.p_venezuela, 0.004); n > 0; --n) venezuela = clamp01(venezuela + 0.25);
  }

  void negotiation() {
    const double u = negotiation_rng.uniform01();
    if (in_force) return;  // renegotiate: true
    const double p = clamp01(rus_cap / (rus_cap + ukr_cap));
    const double half_u = 0.5 * 0.1;
    double sec = 0.0;
    if constexpr (kTuned) {
      sec = security;
    } else {
      for (int c = 0; c < kComs; ++c)
        if (kCom[static_cast<std::size_t>(c)].covers) sec += kCom[static_cast<std::size_t>(c)].bargaining_effect * cred[c];
    }
    const double cp = std::max(0.0, kyiv_fear) * (1.0 - std::min(1.0, sec));
    const double lo = std::max(p - war_cost_rus + half_u, rus_demand * rus_resolve);
    const double hi = std::min(p + (war_cost_ukr + 0.3 * (0.65 - unity)) - half_u - cp, 0.9);
    const double width = hi - lo;
    if (width <= 0) return;
    const double hazard = 0.003 * std::min(1.0, width / 0.2) * (1 + 1.0 * clamp01(attention[USA])) * (1 + 0.5 * 0.9);
    if (kTuned && certainly_misses(u, hazard)) return;
    if (!(u < step_probability(hazard))) return;
    settlement = clamp01(0.5 * (lo + hi));
    in_force = true;
    ++signed_count;
    signed_now = true;
    days = 0.0;
    verified = 0;
    rus_cap = clamp01(rus_cap + 0.1 * settlement);
    unity = clamp01(unity - 0.1 * settlement);
  }

  void ceasefire() {
    const double u = ceasefire_rng.uniform01();
    if (!in_force || signed_now) return;
    const double tau = days;  // a whole number of days below the horizon
    const double dh = kTuned ? k.breach_dh[static_cast<int>(tau)] : Constants::weibull_dh(tau);
    double mult = 1.0;
    for (int c = 0; c < kComs; ++c)
      if (kCom[static_cast<std::size_t>(c)].covers && active[c]) {
        if constexpr (kTuned)
          mult *= hazard_ratio[c];
        else
          mult *= std::pow(kCom[static_cast<std::size_t>(c)].ceasefire_effect, cred[c] / kCom[static_cast<std::size_t>(c)].typical);
      }
    const double pressure = 1.0 * std::max(0.0, rus_demand - settlement) + 3 * (rus_cap - 0.55) + 2 * (rus_resolve - 0.7) - 2 * (air - 0.45);
    mult *= std::exp(pressure);
    const double y = dh * mult;
    if (!(kTuned && certainly_misses(u, y)) && u < -std::expm1(-y)) {
      in_force = false;
      ++breached;
      breach_now = true;
      unity = clamp01(unity - 0.05);
      rus_resolve = clamp01(rus_resolve + 0.03);
    } else {
      days = tau + kDt;
    }
  }

  double honour_probability(int c, int g, double credibility) const {
    const double l = logit(credibility);
    switch (c) {
      case US_MON: return logistic(l + 4 * (attention[g] - 0.5));
      case COAL_MON: return logistic(l + 2 * (attention[g] - 0.6));
      case US_BACK:  // not binding, cost 0.3
        return logistic(l + 4 * (attention[g] - 0.5) + 2 * (resolve[g] - 0.5) + 1.0 * (verified - 0.5) + 0.6 * (0.0 - 0.5));
      case MNF:  // cost 0.5
        return logistic(l + 2 * (resolve[g] - 0.6) + 1.0 * (verified - 0.5) - 2 * (0.5 - 0.5));
      case LTA: return logistic(l + 2 * (eu - 0.7) + 1.5 * (attention[g] - 0.6));
      case DK1951: return logistic(l - 4 * (greenland - 0.6) + 2 * (nato - 0.6));
      case NATO_SOL:  // cost 0.2
        return logistic(l + 3 * (eu - 0.6) + 1.5 * (resolve[g] - 0.6) - 2 * (0.2 - 0.3));
      default:  // the eight guarantees: binding, cost 0.4
        return logistic(l + 2 * (resolve[g] - 0.6) + 1.5 * (attention[g] - 0.6) + 1.2 * (verified - 0.5) + 1.5 * (focus - 0.85) +
                        3 * (cohesion - 0.75) - 2 * (0.4 - 0.4) + 0.6 * (1.0 - 0.5));
    }
  }

  void on_honour(int c) {
    switch (c) {
      case US_MON: verified = clamp01(verified + 0.6); break;
      case COAL_MON: verified = clamp01(verified + 0.08); break;
      case US_BACK:
        responded = 1;
        rus_resolve = clamp01(rus_resolve - 0.03);
        break;
      case MNF: rus_resolve = clamp01(rus_resolve - 0.03); break;
      case LTA: air = clamp01(air + 0.02); break;
      case DK1951: greenland = clamp01(greenland - 0.2); break;
      case NATO_SOL:
        greenland = clamp01(greenland - 0.04);
        eu = clamp01(eu + 0.02);
        break;
      default:
        rus_resolve = clamp01(rus_resolve - 0.02);
        unity = clamp01(unity + 0.01);
        cohesion = clamp01(cohesion + 0.03);
    }
  }

  void on_renege(int c) {
    switch (c) {
      case US_MON: cohesion = clamp01(cohesion - 0.05); break;
      case COAL_MON: break;
      case US_BACK:
        cohesion = clamp01(cohesion - 0.05);
        nato = clamp01(nato - 0.03);
        unity = clamp01(unity - 0.02);
        break;
      case MNF:
        unity = clamp01(unity - 0.05);
        cohesion = clamp01(cohesion - 0.08);
        break;
      case LTA: unity = clamp01(unity - 0.005); break;
      case DK1951:
        nato = clamp01(nato - 0.1);
        eu = clamp01(eu - 0.02);
        break;
      case NATO_SOL:
        nato = clamp01(nato - 0.03);
        eu = clamp01(eu - 0.03);
        break;
      default:
        unity = clamp01(unity - 0.03);
        cohesion = clamp01(cohesion - 0.05);
        nato = clamp01(nato - 0.01);
    }
  }

  void begin_commitments() {
    for (int c = 0; c < kComs; ++c) {
      switch (kCom[static_cast<std::size_t>(c)].active) {
        case Active::Always: active[c] = true; break;
        case Active::InForce: active[c] = in_force; break;
        case Active::InForceAndAttention: active[c] = in_force && attention[USA] > 0.3; break;
      }
    }
  }

  void commitments() {
    bool changed = false;
    for (int c = 0; c < kComs; ++c) {
      const ComInfo& info = kCom[static_cast<std::size_t>(c)];
      bool trig = false;
      switch (info.trigger) {
        case Trigger::Breach: trig = breach_now; break;
        case Trigger::AirLow: trig = air < 0.38; break;
        case Trigger::Greenland: trig = greenland > 0.8; break;
      }
      const bool rising = trig && !prev_trigger[c];
      prev_trigger[c] = trig;
      if (!rising || !active[c]) continue;
      ++invoked[c];
      discrete = true;
      for (int g = 0; g < kGovs; ++g) {
        if (!(info.guarantors & bit(g))) continue;
        const double credibility = rep_h[c][g] / (rep_h[c][g] + rep_r[c][g]);
        const double p = std::clamp(honour_probability(c, g, credibility), 0.0, 1.0);
        const bool yes = com_rng[c].uniform01() < p;
        const auto& mine = k.peers[static_cast<std::size_t>(g)];
        const int n = k.n_peers[static_cast<std::size_t>(g)];
        if (yes) {
          ++honoured[c];
          rep_h[c][g] += 1.0;
          for (int i = 0; i < n; ++i)
            if (mine[static_cast<std::size_t>(i)] != c) rep_h[mine[static_cast<std::size_t>(i)]][g] += info.spillover;
          on_honour(c);
        } else {
          ++reneged[c];
          rep_r[c][g] += 1.0;
          for (int i = 0; i < n; ++i)
            if (mine[static_cast<std::size_t>(i)] != c) rep_r[mine[static_cast<std::size_t>(i)]][g] += info.spillover;
          on_renege(c);
        }
        changed = true;
      }
    }
    if (changed) refresh_credibility();
  }

  void check(int o, bool condition, int step) {
    if (!hit[o] && condition) {
      hit[o] = true;
      hit_step[o] = step;
    }
  }

  void outcomes(int step, double t) {
    // Outcomes over continuous variables (and the ceasefire's days) every step; tuned, those over
    // counters alone only in a step that moved one (a deal, a breach, an invocation): they cannot
    // become true in another, and the ones that read t too read it as `t <= day`, true at the
    // change if at all.
    check(O_HELD_6M, breached == 0 && days >= 182 && t - days <= 183, step);
    check(O_HELD_12M, breached == 0 && days >= 365 && t - days <= 365, step);
    check(O_GREENLAND, greenland > 0.8 || invoked[DK1951] > 0, step);
    check(O_NATO_CRISIS, nato < 0.5, step);
    if (kTuned && !discrete) return;
    int ren = 0, hon = 0;
    for (int c = G_GBR; c <= G_DNK; ++c) {
      ren += reneged[c];
      hon += honoured[c];
    }
    check(O_SIGNED, signed_count > 0 && t <= 365, step);
    check(O_SIGNED_H1, signed_count > 0 && t <= 183, step);
    check(O_BROKEN, breached > 0, step);
    check(O_INVOKED, invoked[G_GBR] > 0, step);
    check(O_HON_ALL, invoked[G_GBR] > 0 && ren == 0, step);
    check(O_HON_CORE, honoured[G_GBR] > 0 && honoured[G_FRA] > 0 && honoured[G_DEU] > 0, step);
    check(O_HON_ANY, hon > 0, step);
    for (int c = G_GBR; c <= G_DNK; ++c) check(O_HON_GBR + (c - G_GBR), honoured[c] > 0, step);
    check(O_US_PART, responded > 0, step);
    check(O_US_BREAKS, reneged[DK1951] > 0, step);
    check(O_ALLIES, invoked[NATO_SOL] == 1 && honoured[NATO_SOL] >= 4, step);
  }

  void simulate(std::uint64_t seed, std::uint64_t run) {
    sample(seed, run);
    for (int step = 0; step < kSteps; ++step) {
      const double day = static_cast<double>(step);
      signed_now = breach_now = false;
      begin_commitments();
      dynamics(step);
      events();
      negotiation();
      ceasefire();
      commitments();
      discrete = discrete || signed_now || breach_now;
      outcomes(step, day + kDt);
      discrete = false;
    }
  }

  // Whether a conditional outcome counts in this run (its `given` held at the end).
  bool included(int o) const {
    if (o == O_HON_ALL || o == O_HON_CORE || o == O_HON_ANY || o == O_US_PART) return invoked[G_GBR] > 0;
    if (o >= O_HON_GBR && o <= O_HON_DNK) return invoked[G_GBR + (o - O_HON_GBR)] > 0;
    return true;
  }
};

}  // namespace

namespace {

template <bool kTuned>
std::vector<HandOutcome> run_paris(std::uint64_t runs, std::uint64_t seed) {
  static const Constants constants;
  std::vector<HandOutcome> out(kOutcomes);
  for (int o = 0; o < kOutcomes; ++o) {
    out[static_cast<std::size_t>(o)].id = kOutcomeIds[o];
    out[static_cast<std::size_t>(o)].is_when = o < kWhen;
    if (o < kWhen) out[static_cast<std::size_t>(o)].first_passage.assign(kSteps, 0);
  }
  for (std::uint64_t r = 0; r < runs; ++r) {
    Run<kTuned> run(constants);
    run.simulate(seed, r);
    for (int o = 0; o < kOutcomes; ++o) {
      if (!run.included(o)) continue;
      HandOutcome& h = out[static_cast<std::size_t>(o)];
      ++h.n;
      if (o < kWhen) {
        h.values.add(run.hit[o] ? 1.0 : 0.0);
        if (run.hit[o]) {
          ++h.happened;
          ++h.first_passage[static_cast<std::size_t>(run.hit_step[o])];
        }
      } else if (o == O_STRIKES) {
        h.values.add(run.strikes);
        if (run.strikes > 0) ++h.happened;
      } else {
        h.values.add(o == O_CEDED ? run.settlement : run.unity);
      }
    }
  }
  return out;
}

}  // namespace

std::vector<HandOutcome> run_handwritten_paris(std::uint64_t runs, std::uint64_t seed) { return run_paris<false>(runs, seed); }

std::vector<HandOutcome> run_tuned_paris(std::uint64_t runs, std::uint64_t seed) { return run_paris<true>(runs, seed); }

}  // namespace geosim::bench
