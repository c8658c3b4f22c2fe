// SPDX-License-Identifier: Apache-2.0
// Random valid scenarios: see random_scenario.hpp. The generator writes YAML text section by
// section; the names every expression may read (variables, parameters, events, commitments,
// ceasefire and negotiation state) are decided first, so any expression may read any of them.
#include "random_scenario.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <string_view>

#include <fmt/format.h>

namespace geosim::testgen {

// ---------------------------------------------------------------------------------------------
// Choices

std::uint64_t Choices::bits() {
  state_ += 0x9e3779b97f4a7c15ULL;  // splitmix64
  std::uint64_t z = state_;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  if (pos_ + 2 <= size_) {  // two input bytes decide the top 16 bits: a mutated byte moves one choice
    const std::uint64_t top = (std::uint64_t{data_[pos_]} << 8) | data_[pos_ + 1];
    pos_ += 2;
    z = (top << 48) | (z >> 16);
  }
  return z;
}

int Choices::below(int n) { return static_cast<int>(((bits() >> 32) * static_cast<std::uint64_t>(n)) >> 32); }

bool Choices::chance(double p) { return static_cast<double>(bits() >> 11) * 0x1.0p-53 < p; }

double Choices::uniform(double lo, double hi) {
  const double u = static_cast<double>(bits() >> 11) / static_cast<double>((std::uint64_t{1} << 53) - 1);
  return std::clamp(std::round((lo + (hi - lo) * u) * 1e4) / 1e4, lo, hi);
}

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::string num(double v) { return fmt::format("{}", v); }

// A literal inside expression text: two decimals, never an exponent (covered_branches reads
// every '-' in the text as an operation).
std::string lit(double v) { return fmt::format("{:.2f}", v); }

std::string join(const std::vector<std::string>& items, std::string_view sep = ", ") {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? std::string(sep) : "") + items[i];
  return out;
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::vector<std::string> q;
  for (const auto& s : items) q.push_back("\"" + s + "\"");
  return "[" + join(q) + "]";
}

struct Variable {
  std::string name;  // "A.resolve"
  double lo = 0, hi = 1;
};

class Generator {
 public:
  Generator(std::uint64_t seed, Choices& values, const Options& options)
      : s_(seed * 0x2545f4914f6cdd1dULL + 0x1234567), v_(values), seed_(seed), nan_(options.nan) {}

  std::string run() {
    plan();
    header();
    parameters();
    actors_and_blocs();
    relations_and_dynamics();
    events();
    commitments();
    decisions();
    negotiation_and_ceasefire();
    war();
    outcomes();
    return std::move(y_);
  }

 private:
  Choices s_;   // structure
  Choices& v_;  // values read from slots
  std::uint64_t seed_;
  bool nan_;  // Options::nan
  std::string y_;

  int actors_n_ = 1, step_days_ = 1, horizon_ = 100;
  std::vector<std::string> actors_, blocs_, params_, events_, commitments_, relations_;
  std::vector<std::vector<std::string>> actor_vars_;  // per actor: variable names
  std::vector<std::vector<int>> members_;             // per bloc: actor indices
  std::vector<Variable> vars_;                        // every actor and bloc variable
  std::vector<bool> enabled_;                         // per commitment
  bool negotiation_ = false, ceasefire_ = false;
  bool war_ = false;                                  // a war: section (needs a ceasefire)
  int party_a_ = 0, party_b_ = 1;                     // the negotiation's parties, when it has them
  bool honour_ = false;                               // writing a commitment's honour
  bool perception_ = false;
  std::vector<std::string> decisions_;                // decision ids
  std::vector<std::vector<std::string>> actions_;     // per decision: action ids
  std::vector<std::string> decision_names_;           // every name a decision declares
  int decider_ = -1;                                  // writing a decision's utility: its actor
  std::vector<std::string> self_vars_;                // honour: variables every guarantor has

  void out(const std::string& text) { y_ += text + "\n"; }
  template <typename T>
  const T& pick(const std::vector<T>& v) { return v[static_cast<std::size_t>(s_.below(static_cast<int>(v.size())))]; }

  // ---- numbers read from slots (the value stream) ----

  // A number field with values typically in [lo, hi], allowed in [range_lo, range_hi]: a fixed
  // number or any distribution the loader accepts for that range.
  std::string number(double lo, double hi, double range_lo = -kInf, double range_hi = kInf) {
    return number_from(v_, lo, hi, range_lo, range_hi);
  }
  // The same from the structure stream: for numbers that native code writes into its source
  // (an event's rate given as a number is a constant of its program unless uncertain).
  std::string structure_number(double lo, double hi, double range_lo = -kInf, double range_hi = kInf) {
    return number_from(s_, lo, hi, range_lo, range_hi);
  }
  static std::string number_from(Choices& v_, double lo, double hi, double range_lo, double range_hi) {
    std::vector<int> kinds{0, 0, 0, 1, 2};  // fixed (most often), uniform, triangular
    if (std::isinf(range_lo) && std::isinf(range_hi)) kinds.push_back(3);  // normal
    if (range_lo <= 0 && std::isinf(range_hi)) kinds.push_back(4);          // lognormal
    if (range_lo <= 0 && range_hi >= 1) kinds.push_back(5);                  // beta
    switch (kinds[static_cast<std::size_t>(v_.below(static_cast<int>(kinds.size())))]) {
      case 1: {
        const double a = v_.uniform(lo, lo + 0.6 * (hi - lo));
        return fmt::format("{{uniform: [{}, {}]}}", num(a), num(v_.uniform(a + 0.2 * (hi - lo), hi)));
      }
      case 2: {
        const double a = v_.uniform(lo, lo + 0.4 * (hi - lo));
        const double c = v_.uniform(a + 0.5 * (hi - lo), hi);
        const double m = v_.uniform(a, c);
        if (v_.chance(0.5)) return fmt::format("{{triangular: [{}, {}, {}]}}", num(a), num(m), num(c));
        return fmt::format("{{triangular: {{lo: {}, mode: {}, hi: {}}}}}", num(a), num(m), num(c));
      }
      case 3: return fmt::format("{{normal: [{}, {}]}}", num(v_.uniform(lo, hi)), num(v_.uniform(0.01, 0.5) * (hi - lo)));
      case 4: return fmt::format("{{lognormal: {{mu: {}, sigma: {}}}}}", num(v_.uniform(std::log(std::max(hi, 0.01)) - 2, std::log(std::max(hi, 0.01)))), num(v_.uniform(0.05, 0.8)));
      case 5: {
        if (v_.chance(0.5)) return fmt::format("{{beta: [{}, {}]}}", num(v_.uniform(0.5, 8)), num(v_.uniform(0.5, 8)));
        const double mean = v_.uniform(0.1, 0.9);
        return fmt::format("{{beta: {{mean: {}, sd: {}}}}}", num(mean), num(std::floor(v_.uniform(0.1, 0.8) * std::sqrt(mean * (1 - mean)) * 1e4) / 1e4));
      }
      default: return num(v_.uniform(lo, hi));
    }
  }

  // ---- expressions (the structure stream) ----

  std::string leaf() {
    const int k = s_.below(20);
    if (k < 5) {
      // Now and then a zero whose sign depends on the state (ceil(-0.5) is -0): min, max and
      // clamp of two zeros return one side or the other, which shows in the bits.
      if (s_.chance(0.15)) return (s_.chance(0.5) ? "ceil(" : "(0 * ") + pick(vars_).name + (s_.chance(0.5) ? " - 1)" : ")");
      return lit(s_.chance(0.2) ? static_cast<double>(s_.below(3)) : s_.uniform(-1, 2));
    }
    if (k < 11) return pick(vars_).name;
    if (k < 13 && !params_.empty()) return "params." + pick(params_);
    if (k == 13) return s_.chance(0.5) ? "(t / 365)" : "(step / 50)";
    if (k == 12 && (!blocs_.empty() || !commitments_.empty()) && s_.chance(0.3)) {
      static const std::vector<std::string> kAgg{"sum", "mean", "count", "all", "any", "min", "max"};
      const std::string& f = pick(kAgg);
      if (!blocs_.empty() && (commitments_.empty() || s_.chance(0.5)))
        return fmt::format("{}({}, each.resolve{})", f, pick(blocs_), f == "count" || f == "all" || f == "any" ? " > 0.5" : "");
      // `expected` exists only with a perception section.
      static const std::vector<std::string> kField{"honoured", "reneged", "credibility", "level", "responding", "expected"};
      const std::string& field = kField[static_cast<std::size_t>(s_.below(static_cast<int>(kField.size()) - (perception_ ? 0 : 1)))];
      return fmt::format("{}(commitments.{}.guarantors, each.{})", f, pick(commitments_), field);
    }
    if (k == 14 && !events_.empty())
      return fmt::format("events.{}.{}", pick(events_), s_.chance(0.5) ? "now" : "count");
    if (k == 15) {
      std::vector<std::string> live;
      for (std::size_t i = 0; i < commitments_.size(); ++i)
        if (enabled_[i]) live.push_back(commitments_[i]);
      if (!live.empty()) {
        static const std::vector<std::string> kField{"invoked", "honoured", "reneged", "credibility", "active", "perceived", "deters", "level", "pending"};
        if (perception_ && s_.chance(0.2)) return fmt::format("commitments.{}.expected", pick(live));
        return fmt::format("commitments.{}.{}", pick(live), pick(kField));
      }
    }
    if (k == 16 && ceasefire_) {
      static const std::vector<std::string> kField{"in_force", "signed", "breached", "signed_now", "breach_now", "(ceasefire.days / 100)",
                                                   "(ceasefire.violations / 10)", "violations_now", "(ceasefire.lasted / 100)",
                                                   "blamed_beneficiary", "breaks.baseline", "breaks.deliberate", "breaks.incident",
                                                   "breaks.beneficiary"};
      const std::string& f = pick(kField);
      return f[0] == '(' ? f : "ceasefire." + f;
    }
    if (k == 17 && war_ && s_.chance(0.5)) {
      static const std::vector<std::string> kField{"control", "battles", "won_a", "won_b", "now", "belief_a.alpha", "belief_a.beta",
                                                   "belief_a.mean", "belief_b.alpha", "belief_b.beta", "belief_b.mean", "disagreement"};
      return "war." + pick(kField);
    }
    if (k == 17 && negotiation_) {
      static const std::vector<std::string> kField{"range", "settlement", "p_win", "low", "high", "steps", "binds.rational_low",
                                                   "binds.demand", "binds.rational_high", "binds.red_line"};
      return "negotiation." + pick(kField);
    }
    if (k == 19 && !honour_ && !decision_names_.empty()) return pick(decision_names_);
    if (k == 18 && decider_ >= 0) return "self." + pick(actor_vars_[static_cast<std::size_t>(decider_)]);
    if (k >= 18 && honour_) {
      static const std::vector<std::string> kName{"credibility", "cost", "binding"};
      return s_.chance(0.4) ? "self." + pick(self_vars_) : pick(kName);
    }
    return pick(vars_).name;
  }

  // An expression of nesting depth at most `d`, with every operation and function in reach.
  // Arguments of log, sqrt, logit, / and ^ are mostly kept in their domain; with Options::nan,
  // now and then they are not (and exp is not clamped), for NaN and infinities.
  std::string expr(int d) {
    if (d <= 0 || s_.chance(0.25)) return leaf();
    const auto e = [&] { return expr(d - 1); };
    const bool raw = s_.chance(0.12) && nan_;  // drawn either way: the same structure otherwise
    switch (s_.below(22)) {
      case 0: return "(" + e() + " + " + e() + ")";
      case 1: return "(" + e() + " - " + e() + ")";
      case 2: return "(" + e() + " * " + e() + ")";
      case 3: return raw ? "(" + e() + " / " + e() + ")" : "(" + e() + " / (1 + abs(" + e() + ")))";
      case 4: return raw ? "(" + e() + " ^ " + e() + ")" : "((abs(" + e() + ") + 0.5) ^ clamp(" + e() + ", -2, 2))";
      case 5: return raw ? "pow(" + e() + ", " + e() + ")" : "pow(abs(" + e() + ") + 0.1, clamp(" + e() + ", -2, 2))";
      case 6: return "-(" + e() + ")";
      case 7: {
        static const std::vector<std::string> kCmp{"<", "<=", ">", ">=", "==", "!="};
        return "(" + e() + " " + pick(kCmp) + " " + e() + ")";
      }
      case 8: {
        static const std::vector<std::string> kLogic{"and", "or", "&&", "||"};
        return "(" + e() + " " + pick(kLogic) + " " + e() + ")";
      }
      case 9: return (s_.chance(0.5) ? "not (" : "!(") + e() + ")";
      case 10: return s_.chance(0.3) ? "min(" + e() + ", " + e() + ", " + e() + ")" : "min(" + e() + ", " + e() + ")";
      case 11: return s_.chance(0.3) ? "max(" + e() + ", " + e() + ", " + e() + ")" : "max(" + e() + ", " + e() + ")";
      case 12: return "clamp(" + e() + ", " + e() + ", " + e() + ")";
      case 13: return "if(" + e() + ", " + e() + ", " + e() + ")";
      case 14: return nan_ ? "exp(" + e() + ")" : "exp(clamp(" + e() + ", -20, 20))";
      case 15: return raw ? "log(" + e() + ")" : "log(1 + abs(" + e() + "))";
      case 16: return raw ? "sqrt(" + e() + ")" : "sqrt(abs(" + e() + "))";
      case 17: return "abs(" + e() + ")";
      case 18: return "floor(" + e() + ")";
      case 19: return "ceil(" + e() + ")";
      case 20: return "logistic(" + e() + ")";
      default: return raw ? "logit(" + e() + ")" : "logit(clamp(" + e() + ", 0.01, 0.99))";
    }
  }

  // A condition: a comparison, a flag of the state, or a combination of conditions.
  std::string cond(int d) {
    const int k = s_.below(10);
    if (k < 4 || d <= 0) {
      static const std::vector<std::string> kCmp{"<", "<=", ">", ">=", "!="};
      return "(" + expr(std::min(d, 2)) + " " + pick(kCmp) + " " + lit(s_.uniform(0, 1)) + ")";
    }
    if (k < 7) {
      std::vector<std::string> flags{pick(vars_).name + " > 0.5"};
      if (!events_.empty()) {
        flags.push_back("events." + pick(events_) + ".now");
        flags.push_back(fmt::format("events.{}.count > {}", pick(events_), s_.below(3)));
      }
      if (ceasefire_) {
        flags.insert(flags.end(), {"ceasefire.in_force", "!ceasefire.in_force", "ceasefire.breach_now", "ceasefire.signed_now"});
      }
      for (std::size_t i = 0; i < commitments_.size(); ++i)
        if (enabled_[i]) flags.push_back("commitments." + commitments_[i] + ".active");
      return pick(flags);
    }
    if (k < 9) return "(" + cond(d - 1) + (s_.chance(0.5) ? " and " : " or ") + cond(d - 1) + ")";
    return "not (" + cond(d - 1) + ")";
  }

  // A hazard per day: a base rate times a non-negative (mostly) factor of the state.
  std::string rate_text() {
    const std::string base = fmt::format("{:.3f}", s_.uniform(0.005, 0.08));
    switch (s_.below(5)) {
      case 0: return base + " * logistic(" + expr(3) + ")";
      case 1: return base + " * abs(" + expr(3) + ")";
      case 2: return base + " * clamp(" + expr(3) + ", 0, 3)";
      case 3: return params_.empty() ? base : base + " * (1 + params." + pick(params_) + ")";
      default: return base + " * (1 + " + expr(2) + ")";  // may go negative: no event then
    }
  }

  // One effect statement on a random variable, with every assignment operation.
  std::string effect() {
    const std::string target = pick(vars_).name;
    const bool raw = s_.chance(0.1) && nan_;  // raw /= may divide by 0
    switch (s_.below(5)) {
      case 0: return target + " = " + expr(2);
      case 1: return target + " += " + (raw ? expr(2) : lit(s_.uniform(0.01, 0.2)) + " * " + expr(2));
      case 2: return target + " -= " + (raw ? expr(2) : lit(s_.uniform(0.01, 0.2)));
      case 3: return target + " *= " + (raw ? expr(2) : "(1 + 0.1 * " + expr(1) + ")");
      default: return target + " /= " + (raw ? expr(2) : "(1 + 0.1 * abs(" + expr(1) + "))");
    }
  }

  std::string effects(int max_n) {
    std::vector<std::string> list;
    const int n = 1 + s_.below(max_n);
    for (int i = 0; i < n; ++i) list.push_back(effect());
    return n == 1 && s_.chance(0.3) ? "\"" + list[0] + "\"" : quoted_list(list);
  }

  // ---- sections ----

  // Which names exist: decided before anything is written, so expressions may read them all.
  void plan() {
    actors_n_ = 1 + s_.below(6);
    static const std::vector<std::string> kExtra{"unity", "attention", "capability"};
    for (int i = 0; i < actors_n_; ++i) {
      actors_.push_back(std::string(1, static_cast<char>('A' + i)) + "X");
      std::vector<std::string> names{"resolve"};  // every actor has it: influence, self.resolve
      for (const auto& n : kExtra)
        if (s_.chance(0.4)) names.push_back(n);
      actor_vars_.push_back(names);
    }
    const int blocs = actors_n_ >= 2 ? s_.below(3) : 0;
    for (int b = 0; b < blocs; ++b) {
      blocs_.push_back(fmt::format("BL{}", b));
      std::vector<int> m;
      for (int i = 0; i < actors_n_; ++i)
        if (s_.chance(0.6)) m.push_back(i);
      if (m.empty()) m.push_back(s_.below(actors_n_));
      members_.push_back(m);
    }
    for (int i = 0, n = s_.below(4); i < n; ++i) params_.push_back(fmt::format("p{}", i));
    for (int i = 0, n = s_.below(5) + (s_.chance(0.8) ? 1 : 0); i < n; ++i) events_.push_back(fmt::format("ev{}", i));
    if (actors_n_ >= 2)
      for (int i = 0, n = s_.below(4); i < n; ++i) {
        commitments_.push_back(fmt::format("cm{}", i));
        enabled_.push_back(!s_.chance(0.1));
      }
    // Ceasefire: none, one in force at the start without talks, or talks that bring one.
    const int mode = s_.below(actors_n_ >= 2 ? 4 : 2);
    plan_decisions();
    ceasefire_ = mode >= 1;
    negotiation_ = mode >= 2;
    // Drawn from a stream of its own, so the scenarios without a war are those of before.
    Choices w(seed_ * 0x9e3779b97f4a7c15ULL + 16);
    war_ = ceasefire_ && actors_n_ >= 2 && w.chance(0.5);
    step_days_ = s_.chance(0.5) ? 7 : 1;
    if (step_days_ == 1) horizon_ = 15 + s_.below(240);
    else horizon_ = 7 * (3 + s_.below(50)) + (s_.chance(0.8) ? 1 + s_.below(6) : 0);
  }

  void plan_decisions() {
    for (int i = 0, n = s_.below(3); i < n; ++i) {
      decisions_.push_back(fmt::format("dc{}", i));
      std::vector<std::string> acts;
      for (int k = 0, m = 1 + s_.below(4); k < m; ++k) acts.push_back(fmt::format("a{}", k));
      decision_names_.push_back(fmt::format("decisions.dc{}.count", i));
      decision_names_.push_back(fmt::format("decisions.dc{}.now", i));
      for (const auto& a : acts)
        for (const char* f : {"utility", "p", "chosen", "count"}) decision_names_.push_back(fmt::format("decisions.dc{}.{}.{}", i, a, f));
      actions_.push_back(acts);
    }
    perception_ = !commitments_.empty() && s_.chance(0.4);
  }

  void header() {
    out("geosim: 1");
    out("scenario:");
    out(fmt::format("  name: \"random scenario {}\"", seed_));
    if (step_days_ == 7 || s_.chance(0.5)) out(fmt::format("  step: {}", step_days_ == 7 ? "week" : "day"));
    out(fmt::format("  horizon_days: {}", horizon_));
  }

  void parameters() {
    if (params_.empty()) return;
    out("parameters:");
    for (const auto& p : params_) {
      const std::string v = number(-0.5, 1.5);
      out(s_.chance(0.5) ? fmt::format("  {}: {}", p, v) : fmt::format("  {}: {{value: {}}}", p, v));
    }
  }

  // A variable: bounds (default [0, 1], sometimes wider), initial value fixed or sampled.
  std::string variable(const std::string& owner, const std::string& name) {
    double lo = 0, hi = 1;
    const bool bounds = s_.chance(0.25);
    if (bounds) {
      lo = static_cast<double>(-s_.below(3));
      hi = static_cast<double>(2 + 3 * s_.below(3));
    }
    vars_.push_back({owner + "." + name, lo, hi});
    const bool track = s_.chance(0.2);
    const std::string value = number(lo, hi);
    if (!bounds && !track && s_.chance(0.5)) return value;  // short form
    std::string m = "{value: " + value;
    if (bounds) m += fmt::format(", min: {}, max: {}", num(lo), num(hi));
    if (track) m += ", track: true";
    return m + "}";
  }

  void actors_and_blocs() {
    out("actors:");
    for (int i = 0; i < actors_n_; ++i) {
      out(fmt::format("  {}:", actors_[static_cast<std::size_t>(i)]));
      out("    variables:");
      for (const auto& n : actor_vars_[static_cast<std::size_t>(i)])
        out(fmt::format("      {}: {}", n, variable(actors_[static_cast<std::size_t>(i)], n)));
    }
    if (blocs_.empty()) return;
    out("blocs:");
    for (std::size_t b = 0; b < blocs_.size(); ++b) {
      std::vector<std::string> m;
      for (int i : members_[b]) m.push_back(actors_[static_cast<std::size_t>(i)]);
      out(fmt::format("  {}:", blocs_[b]));
      if (s_.chance(0.5)) {
        out("    members: [" + join(m) + "]");
      } else {
        std::vector<std::string> w;
        for (const auto& a : m) w.push_back(a + ": " + num(v_.uniform(0.5, 3)));
        out("    members: {" + join(w) + "}");
      }
      if (s_.chance(0.7)) out("    variables: {cohesion: " + variable(blocs_[b], "cohesion") + "}");
    }
  }

  void relations_and_dynamics() {
    std::vector<std::string> rules;
    // Drifts: any actor or bloc variable, toward an expression or its initial value.
    for (int i = 0, n = s_.below(4); i < n; ++i) {
      std::string r = "{variable: " + pick(vars_).name;
      if (s_.chance(0.7)) r += ", toward: \"" + expr(3) + "\"";
      if (s_.chance(0.5)) r += ", rate: \"" + fmt::format("{:.3f}", s_.uniform(0.001, 0.1)) + " * abs(" + expr(2) + ")\"";
      else if (s_.chance(0.8)) r += ", rate: " + fmt::format("{:.3f}", s_.uniform(0.001, 0.1));
      if (s_.chance(0.7)) r += ", noise: " + number(0, 0.05, 0);
      rules.push_back(r + "}");
    }
    // Influence of `resolve` (every actor has it) over a relation of non-negative ties.
    if (actors_n_ >= 2 && s_.chance(0.5)) {
      const std::string rel = "rel0";
      relations_.push_back(rel);
      out("relations:");
      out(fmt::format("  {}:", rel));
      out(std::string("    symmetric: ") + (s_.chance(0.5) ? "false" : "true"));
      if (s_.chance(0.5)) out("    default: " + num(v_.uniform(0, 0.5)));
      if (s_.chance(0.5)) out("    diagonal: " + num(v_.uniform(0, 2)));
      std::vector<std::string> entries;
      for (int i = 0, n = s_.below(4); i < n; ++i) {
        const int a = s_.below(actors_n_), b = (a + 1 + s_.below(actors_n_ - 1)) % actors_n_;
        entries.push_back(fmt::format("[{}, {}, {}]", actors_[static_cast<std::size_t>(a)], actors_[static_cast<std::size_t>(b)], num(v_.uniform(0, 1))));
      }
      if (!entries.empty()) out("    values: [" + join(entries) + "]");
      std::string r = "{influence: resolve, relation: " + rel;
      if (s_.chance(0.5)) {
        std::vector<std::string> who;
        for (const auto& a : actors_)
          if (s_.chance(0.6)) who.push_back(a);
        for (std::size_t i = 0; who.size() < 2; ++i)
          if (std::find(who.begin(), who.end(), actors_[i]) == who.end()) who.push_back(actors_[i]);
        r += ", actors: [" + join(who) + "]";
      }
      if (s_.chance(0.7)) r += ", stubbornness: " + number(0, 1, 0, 1);
      rules.push_back(r + "}");
    }
    if (rules.empty()) return;
    out("dynamics:");
    for (const auto& r : rules) out("  - " + r);
  }

  void events() {
    if (events_.empty()) return;
    out("events:");
    for (const auto& id : events_) {
      out(fmt::format("  {}:", id));
      if (s_.chance(0.5)) out("    actor: " + pick(actors_));
      if (s_.chance(0.15)) out("    rate: " + structure_number(0.001, 0.05, 0));  // a number, or uncertain
      else out("    rate: \"" + rate_text() + "\"");
      if (s_.chance(0.4)) out("    when: \"" + cond(2) + "\"");
      if (s_.chance(0.3)) out("    repeat: false");
      else if (s_.chance(0.2)) out("    repeat: true");
      if (s_.chance(0.8)) out("    effects: " + effects(3));
    }
  }

  void commitments() {
    if (commitments_.empty()) return;
    static const std::vector<std::string> kType{"security_guarantee", "mutual_defence", "monitoring", "assistance", "force_deployment"};
    out("commitments:");
    for (std::size_t c = 0; c < commitments_.size(); ++c) {
      // Guarantors: actors and blocs (a bloc may repeat a listed member); the beneficiary is
      // someone else when possible.
      std::vector<std::string> written;
      std::vector<int> deciding;
      const int n = 1 + s_.below(3);
      for (int g = 0; g < n; ++g) {
        if (!blocs_.empty() && s_.chance(0.3)) {
          const std::size_t b = static_cast<std::size_t>(s_.below(static_cast<int>(blocs_.size())));
          written.push_back(blocs_[b]);
          deciding.insert(deciding.end(), members_[b].begin(), members_[b].end());
        } else {
          const int a = s_.below(actors_n_);
          written.push_back(actors_[static_cast<std::size_t>(a)]);
          deciding.push_back(a);
        }
      }
      int beneficiary = s_.below(actors_n_);
      for (int k = 0; k < actors_n_ && std::find(deciding.begin(), deciding.end(), beneficiary) != deciding.end(); ++k)
        beneficiary = (beneficiary + 1) % actors_n_;
      self_vars_.clear();  // the variables every deciding guarantor has
      for (const auto& name : actor_vars_[static_cast<std::size_t>(deciding[0])]) {
        bool all = true;
        for (int a : deciding) {
          const auto& vs = actor_vars_[static_cast<std::size_t>(a)];
          all = all && std::find(vs.begin(), vs.end(), name) != vs.end();
        }
        if (all) self_vars_.push_back(name);
      }
      out(fmt::format("  {}:", commitments_[c]));
      out("    type: " + pick(kType));
      out(written.size() == 1 && s_.chance(0.5) ? "    guarantors: " + written[0] : "    guarantors: [" + join(written) + "]");
      out("    beneficiary: " + actors_[static_cast<std::size_t>(beneficiary)]);
      if (s_.chance(0.4)) out(std::string("    binding: ") + (s_.chance(0.6) ? "false" : "true"));
      if (!enabled_[c]) out("    enabled: false");
      if (s_.chance(0.5)) out("    active_when: \"" + cond(2) + "\"");
      out("    trigger: \"" + cond(2) + "\"");
      if (s_.chance(0.7)) {
        honour_ = true;
        switch (s_.below(4)) {
          case 0: out("    honour: \"clamp(" + expr(3) + ", 0, 1)\""); break;
          case 1: out("    honour: \"logistic(logit(credibility) + " + expr(2) + ")\""); break;
          case 2: out("    honour: \"if(binding, " + expr(2) + ", credibility * " + expr(2) + ")\""); break;
          default:
            if (perception_ && s_.chance(0.5)) {  // free-riding: read what the others are expected to do
              out(fmt::format("    honour: \"clamp({} - 0.3 * {}(commitments.{}.guarantors, each.expected), 0, 1)\"", expr(2),
                              s_.chance(0.5) ? "mean" : "max", commitments_[c]));
            } else {
              out("    honour: \"" + expr(3) + "\"");
            }
            break;
        }
        honour_ = false;
      }
      if (s_.chance(0.4)) out("    prior: [" + number(0.5, 8, 0.5) + ", " + number(0.5, 8, 0.5) + "]");
      if (s_.chance(0.3)) out("    correlation: " + number(0, 1, 0, 1));
      const bool graded = s_.chance(0.35);
      if (!graded && s_.chance(0.3)) out("    attacker_p_win: " + number(-0.5, 0, -1, 1));
      if (!graded && s_.chance(0.3)) out("    attacker_cost: " + number(0, 1, -10, 10));
      if (s_.chance(0.25)) out("    coalition_acts: \"clamp(" + expr(2) + ", 0, 1)\"");
      if (!graded && s_.chance(0.5)) out("    cost: " + number(0, 1, 0, 1));
      if (graded) {
        out("    responses:");
        const int rungs = 1 + static_cast<int>(s_.below(3));
        for (int k = 0; k < rungs; ++k) {
          out(fmt::format("      rung{}:", k));
          out("        cost: " + number(0, 1, 0, 1));
          if (s_.chance(0.5)) out("        attacker_p_win: " + number(-0.3, 0, -1, 1));
          if (s_.chance(0.5)) out("        attacker_cost: " + number(0, 0.5, -10, 10));
          if (s_.chance(0.5)) out("        effects: " + effects(2));
        }
      }
      if (s_.chance(0.3)) out("    response_lag_days: " + number(1, 40, 0, 36500));
      if (s_.chance(0.4)) out("    spillover: " + number(0, 1, 0, 1));
      if (s_.chance(0.4)) out("    ceasefire_effect: " + number(0.2, 1.5, 0));
      if (s_.chance(0.4)) out("    bargaining_effect: " + number(0, 1, 0, 1));
      if (negotiation_ && s_.chance(0.3)) out("    raises_fear: " + number(0, 0.3, 0, 1));
      if (s_.chance(0.6)) out("    on_honour: " + effects(2));
      if (s_.chance(0.6)) out("    on_renege: " + effects(2));
    }
  }

  void decisions() {
    if (perception_) {
      std::vector<std::string> keys;
      if (s_.chance(0.7)) keys.push_back("record_weight: " + number(0, 1, 0, 1));
      if (s_.chance(0.5)) keys.push_back("bias: " + number(-0.2, 0.2, -1, 1));
      out("perception: {" + join(keys) + "}");
    }
    if (decisions_.empty()) return;
    out("decisions:");
    for (std::size_t d = 0; d < decisions_.size(); ++d) {
      decider_ = s_.below(actors_n_);
      out(fmt::format("  {}:", decisions_[d]));
      out("    actor: " + actors_[static_cast<std::size_t>(decider_)]);
      if (s_.chance(0.3)) out("    rule: best");
      else if (s_.chance(0.8)) out("    precision: " + number(0, 6, 0));
      const bool every = s_.chance(0.35);
      if (every) out(fmt::format("    every_days: {}", 1 + s_.below(12)));
      else if (s_.chance(0.3)) out("    on: \"" + cond(2) + "\"");
      if (s_.chance(0.4)) out("    when: \"" + cond(2) + "\"");
      out("    actions:");
      for (const auto& a : actions_[d]) {
        out(fmt::format("      {}:", a));
        // Ties now and then (best response splits them), and NaN utilities with Options::nan.
        if (s_.chance(0.15)) out("        utility: " + lit(static_cast<double>(s_.below(2))));
        else out("        utility: \"" + expr(3) + "\"");
        if (s_.chance(0.5)) out("        effects: " + effects(2));
        if (ceasefire_ && s_.chance(0.3)) out("        breaks_ceasefire: true");
      }
      if (s_.chance(0.3)) policy(actions_[d]);
      decider_ = -1;
    }
  }

  // A fixed policy of one to four pieces in day order, some ending early (to_day), some
  // starting after the horizon; structure draws only, so one structure has one native source.
  void policy(const std::vector<std::string>& acts) {
    out("    policy:");
    int day = s_.below(horizon_ / 2 + 1);
    for (int k = 0, n = 1 + s_.below(4); k < n; ++k) {
      std::string piece = fmt::format("      - {{from_day: {}, action: {}", day, acts[static_cast<std::size_t>(s_.below(static_cast<int>(acts.size())))]);
      int next = day + 1 + s_.below(horizon_ / 3 + 1);
      if (s_.chance(0.4)) {
        const int to = day + 1 + s_.below(next - day);
        piece += fmt::format(", to_day: {}", to);
        next = std::max(next, to);
      }
      out(piece + "}");
      day = next;
    }
  }

  void negotiation_and_ceasefire() {
    if (negotiation_) {
      const int a = s_.below(actors_n_), b = (a + 1 + s_.below(actors_n_ - 1)) % actors_n_;
      party_a_ = a;
      party_b_ = b;
      const auto ex = [&](double lo, double hi) {  // an expression, or a number in its place
        return s_.chance(0.3) ? lit(s_.uniform(lo, hi)) : "\"" + lit(s_.uniform(lo, hi)) + " + 0.1 * " + expr(2) + "\"";
      };
      out("negotiation:");
      out(fmt::format("  parties: [{}, {}]", actors_[static_cast<std::size_t>(a)], actors_[static_cast<std::size_t>(b)]));
      out("  p_win: \"clamp(" + expr(3) + ", 0, 1)\"");
      out("  costs: [" + ex(0.1, 0.4) + ", " + ex(0.1, 0.4) + "]");
      if (s_.chance(0.5)) out("  uncertainty: " + ex(0, 0.2));
      if (s_.chance(0.5)) out("  commitment_problem: " + ex(0, 0.3));
      if (s_.chance(0.3)) out("  red_line: " + ex(0.6, 1));
      if (s_.chance(0.3)) out("  demand: " + ex(0, 0.3));
      if (s_.chance(0.4)) out("  commitment_problem_b: " + ex(0, 0.3));
      if (s_.chance(0.3)) out("  demand_premium: " + ex(-0.05, 0.1));
      if (s_.chance(0.3)) out("  offer: screening\n  cost_b_belief: [" + number(0, 0.2, -10, 10) + ", " + lit(s_.uniform(0.25, 0.5)) + "]");
      if (s_.chance(0.4)) out("  when: \"" + cond(2) + "\"");
      out("  rate: " + number(0.005, 0.05, 0));
      if (s_.chance(0.4)) out("  full_width: " + number(0.05, 0.5, 1e-9, 2));
      if (actors_n_ >= 3 && s_.chance(0.7)) {
        int m = s_.below(actors_n_);
        while (m == a || m == b) m = (m + 1) % actors_n_;
        out("  mediator: " + actors_[static_cast<std::size_t>(m)]);
        if (s_.chance(0.6)) out("  mediation: \"" + expr(2) + "\"");
        if (s_.chance(0.5)) out("  mediation_effect: " + number(0, 2, 0));
      }
      if (s_.chance(0.5)) out("  progress: " + number(0, 1, 0, 1));
      if (s_.chance(0.4)) out("  progress_effect: " + number(0, 2, 0));
      if (s_.chance(0.6)) out("  on_agreement: " + effects(2));
    }
    if (!ceasefire_) return;
    out("ceasefire:");
    if (!negotiation_ || s_.chance(0.3)) out("  in_force_at_start: true");
    // The breach line is written last: the competing risks' choices come after the others.
    std::string breach;
    if (s_.chance(0.5)) {
      breach = "weibull: {shape: " + number(0.4, 1.6, 1e-6, 100) + ", scale_days: " + number(30, 600, 1e-6) + "}";
    } else {
      breach = "constant: " + number(0.002, 0.03, 0);
    }
    if (s_.chance(0.5)) {
      out("  dmz: true");
      if (s_.chance(0.5)) out("  dmz_effect: " + number(0.2, 1.5, 0));
    }
    if (s_.chance(0.5)) {
      out("  imposed: true");
      if (s_.chance(0.5)) out("  imposed_effect: " + number(0.5, 3, 0));
    }
    if (s_.chance(0.6)) out("  pressure: \"0.5 * " + expr(3) + "\"");
    if (s_.chance(0.5)) out("  on_breach: " + effects(2));
    if (s_.chance(0.7)) out(std::string("  renegotiate: ") + (s_.chance(0.5) ? "false" : "true"));
    ceasefire_risks(breach);
  }

  // A cure baseline, incidents and breaches by the beneficiary (engine/sim/ceasefire.hpp).
  void ceasefire_risks(std::string breach) {
    if (s_.chance(0.4)) breach += ", cure: " + number(0, 0.9, 0, 1);
    out("  breach: {" + breach + "}");
    if (s_.chance(0.5)) {
      out("  incidents:");
      out(s_.chance(0.3) ? "    rate: " + structure_number(0.01, 0.3, 0) : "    rate: \"0.1 * abs(" + expr(2) + ")\"");
      if (s_.chance(0.6)) out("    escalation: " + number(0, 0.3, 0, 1));
      if (s_.chance(0.6)) out("    monitoring: \"0.5 * " + expr(2) + "\"");
      if (s_.chance(0.5)) out("    monitored_effect: " + number(0, 1.5, 0));
      if (s_.chance(0.4)) out("    dmz_effect: " + number(0, 1.5, 0));
    }
    if (s_.chance(0.4)) {
      out("  beneficiary_breach:");
      if (s_.chance(0.5)) out("    actor: " + pick(actors_));
      out(s_.chance(0.3) ? "    rate: " + structure_number(0.001, 0.02, 0) : "    rate: \"0.01 * abs(" + expr(2) + ")\"");
      if (s_.chance(0.6)) out("    attribution: \"0.5 * " + expr(2) + "\"");
    }
  }

  // Battles and beliefs (sim/war.hpp): the negotiation's parties when it has them.
  void war() {
    if (!war_) return;
    out("war:");
    out(fmt::format("  parties: [{}, {}]", actors_[static_cast<std::size_t>(party_a_)], actors_[static_cast<std::size_t>(party_b_)]));
    out(s_.chance(0.3) ? "  p_battle: " + lit(s_.uniform(0.2, 0.8)) : "  p_battle: \"clamp(" + expr(3) + ", 0, 1)\"");
    if (s_.chance(0.7)) out(fmt::format("  every_days: {}", 1 + s_.below(10)));
    if (s_.chance(0.4)) out("  when: \"" + cond(2) + "\"");
    if (s_.chance(0.6)) out("  control: " + number(0, 1, 0, 1));
    if (s_.chance(0.6)) out("  gain: " + number(0, 0.1, 0, 1));
    for (const char* side : {"belief_a", "belief_b"})
      if (s_.chance(0.7)) out(fmt::format("  {}: {{alpha: {}, beta: {}}}", side, number(0.5, 10, 1e-6), number(0.5, 10, 1e-6)));
  }

  void outcomes() {
    out("outcomes:");
    const int n = 1 + s_.below(5);
    for (int i = 0; i < n; ++i) {
      std::string o;
      const int kind = s_.below(events_.empty() ? 2 : 3);
      if (kind == 0) o = "when: \"" + cond(3) + "\"";
      else if (kind == 1) o = "value: \"" + expr(3) + "\"";
      else o = "count: " + pick(events_);
      if (s_.chance(0.3)) o += ", given: \"" + cond(2) + "\"";
      out(fmt::format("  o{}: {{{}}}", i, o));
    }
  }
};

// ---- coverage ----

void count_number(const NumberSpec& n, std::set<std::string>& out) {
  static const char* kName[] = {"number fixed", "number normal", "number lognormal", "number beta", "number uniform", "number triangular"};
  out.insert(kName[static_cast<int>(n.dist.kind)]);
}

// Operations and functions in an expression text, as the generator writes them (binary
// operators between spaces, no exponents in literals).
void count_text(std::string_view t, std::set<std::string>& out) {
  bool operand_before = false;  // the previous token ends an operand: a following - or + is binary
  for (std::size_t i = 0; i < t.size();) {
    const char ch = t[i];
    if (std::isspace(static_cast<unsigned char>(ch))) {
      ++i;
      continue;
    }
    if (std::isalpha(static_cast<unsigned char>(ch)) || ch == '_') {
      std::size_t j = i;
      while (j < t.size() && (std::isalnum(static_cast<unsigned char>(t[j])) || t[j] == '_' || t[j] == '.')) ++j;
      const std::string word(t.substr(i, j - i));
      std::size_t k = j;
      while (k < t.size() && t[k] == ' ') ++k;
      if (word == "and" || word == "or" || word == "not") {
        out.insert("op " + word);
        operand_before = false;
      } else if (k < t.size() && t[k] == '(') {
        out.insert("fn " + word);
        operand_before = false;
      } else {
        operand_before = true;
      }
      i = j;
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(ch)) || ch == '.') {
      while (i < t.size() && (std::isdigit(static_cast<unsigned char>(t[i])) || t[i] == '.')) ++i;
      operand_before = true;
      continue;
    }
    if (ch == ')') {
      operand_before = true;
      ++i;
      continue;
    }
    static const char* kTwo[] = {"<=", ">=", "==", "!=", "&&", "||"};
    bool two = false;
    for (const char* op : kTwo)
      if (t.substr(i, 2) == op) {
        out.insert(std::string("op ") + op);
        i += 2;
        two = true;
        break;
      }
    if (two) {
      operand_before = false;
      continue;
    }
    if (ch == '-' || ch == '+') out.insert(std::string(operand_before ? "op " : "op unary ") + ch);
    else if (std::string_view("*/^<>!").find(ch) != std::string_view::npos) out.insert(std::string("op ") + ch);
    operand_before = false;
    ++i;
  }
}

void count_expr(const ExprSpec& e, std::set<std::string>& out) {
  if (!e.present) return;
  if (e.text.empty()) count_number(e.number, out);
  else count_text(e.text, out);
  if (e.text.find("each.") != std::string::npos)
    out.insert(e.text.find(".guarantors, each.") != std::string::npos ? "aggregate guarantors" : "aggregate bloc");
}

void count_effects(const std::vector<EffectText>& list, std::set<std::string>& out) {
  for (const auto& e : list) {
    std::size_t i = e.text.find_first_of("+-*/=");
    const std::size_t len = e.text[i] == '=' ? 1 : 2;
    out.insert("effect " + e.text.substr(i, len));
    count_text(std::string_view(e.text).substr(i + len), out);
  }
}

void count_variables(const std::vector<VariableSpec>& vars, std::set<std::string>& out) {
  for (const auto& v : vars) {
    count_number(v.initial, out);
    if (v.min != 0 || v.max != 1) out.insert("variable bounds");
    if (v.track) out.insert("variable tracked");
  }
}

}  // namespace

std::string random_scenario(std::uint64_t structure_seed, Choices& values, const Options& options) {
  return Generator(structure_seed, values, options).run();
}

std::string random_scenario(std::uint64_t seed, const Options& options) {
  Choices values(seed ^ 0xa5a5a5a5a5a5a5a5ULL);
  return random_scenario(seed, values, options);
}

const std::vector<std::string>& all_branches() {
  static const std::vector<std::string> kAll{
      "actors: 1", "actors: 6", "variable bounds", "variable tracked", "bloc variable",
      "number fixed", "number normal", "number lognormal", "number beta", "number uniform", "number triangular",
      "drift toward", "drift to initial value", "drift noise", "drift rate expression",
      "influence", "influence listed actors", "influence every actor", "relation asymmetric",
      "event repeat", "event once", "event when", "event rate number",
      "op +", "op -", "op *", "op /", "op ^", "op unary -", "op <", "op <=", "op >", "op >=", "op ==", "op !=",
      "op and", "op or", "op not", "op &&", "op ||", "op !",
      "fn min", "fn max", "fn clamp", "fn if", "fn exp", "fn log", "fn sqrt", "fn abs", "fn floor", "fn ceil",
      "fn logistic", "fn logit", "fn pow",
      "effect =", "effect +=", "effect -=", "effect *=", "effect /=",
      "negotiation", "negotiation mediator", "negotiation progress", "negotiation when", "on_agreement",
      "negotiation two-sided", "negotiation demand premium", "commitment raises_fear", "negotiation screening offer",
      "ceasefire weibull", "ceasefire constant", "ceasefire dmz", "ceasefire imposed", "ceasefire renegotiate",
      "ceasefire no renegotiation", "ceasefire in force at start", "ceasefire pressure", "on_breach",
      "ceasefire without negotiation", "ceasefire cure", "ceasefire incidents", "incidents monitoring",
      "ceasefire beneficiary breach", "beneficiary attribution",
      "commitment", "commitment several guarantors", "commitment bloc guarantor", "commitment active_when",
      "commitment honour", "commitment honour self", "on_honour", "on_renege", "binding", "not binding",
      "commitment disabled", "type security_guarantee", "type mutual_defence", "type monitoring", "type assistance",
      "type force_deployment",
      "outcome when", "outcome value", "outcome count", "outcome given",
      "decision logit", "decision best", "decision every_days", "decision on", "decision when", "decision self",
      "action effects", "action breaks ceasefire", "decision policy", "perception", "commitment correlation", "commitment coalition_acts",
      "aggregate bloc", "aggregate guarantors", "commitment responses", "commitment response lag",
      "war", "war with negotiation", "war every_days", "war when", "war p_battle expression", "war priors",
      "step day", "step week", "week short last step", "week whole weeks"};
  return kAll;
}

std::set<std::string> covered_branches(const Scenario& s) {
  std::set<std::string> out;
  out.insert(fmt::format("actors: {}", s.actors.size()));
  for (const auto& p : s.parameters) count_number(p.value, out);
  for (const auto& a : s.actors) count_variables(a.variables, out);
  for (const auto& b : s.blocs) {
    count_variables(b.variables, out);
    if (!b.variables.empty()) out.insert("bloc variable");
  }
  for (const auto& r : s.relations)
    if (!r.symmetric) out.insert("relation asymmetric");
  for (const auto& d : s.drifts) {
    out.insert(d.toward.present ? "drift toward" : "drift to initial value");
    count_expr(d.toward, out);
    if (d.rate.present && !d.rate.text.empty()) out.insert("drift rate expression");
    count_expr(d.rate, out);
    count_number(d.noise, out);
    if (d.noise.dist.uncertain() || d.noise.dist.a > 0) out.insert("drift noise");
  }
  for (const auto& i : s.influences) {
    out.insert("influence");
    out.insert(i.actors.empty() ? "influence every actor" : "influence listed actors");
    count_number(i.stubbornness, out);
  }
  for (const auto& e : s.events) {
    out.insert(e.repeat ? "event repeat" : "event once");
    if (e.when.present) out.insert("event when");
    if (e.rate.text.empty()) out.insert("event rate number");
    count_expr(e.rate, out);
    count_expr(e.when, out);
    count_effects(e.effects, out);
  }
  for (const auto& c : s.commitments) {
    out.insert("commitment");
    out.insert("type " + c.type);
    if (!c.enabled) out.insert("commitment disabled");
    std::set<std::string> deciding;
    for (const auto& g : c.guarantors) {
      bool bloc = false;
      for (const auto& b : s.blocs)
        if (b.id == g.first) {
          bloc = true;
          for (const auto& m : b.members) deciding.insert(m.actor);
        }
      if (bloc) out.insert("commitment bloc guarantor");
      else deciding.insert(g.first);
    }
    if (deciding.size() >= 2) out.insert("commitment several guarantors");
    if (c.active_when.present) out.insert("commitment active_when");
    if (c.honour.present) out.insert("commitment honour");
    if (c.honour.text.find("self.") != std::string::npos) out.insert("commitment honour self");
    if (c.correlation.dist.uncertain() || c.correlation.dist.a > 0) out.insert("commitment correlation");
    if (c.coalition_acts.present) out.insert("commitment coalition_acts");
    if (!c.responses.empty()) out.insert("commitment responses");
    if (c.response_lag_days.dist.uncertain() || c.response_lag_days.dist.a > 0) out.insert("commitment response lag");
    for (const auto& r : c.responses) {
      count_number(r.cost, out);
      count_effects(r.effects, out);
    }
    count_number(c.response_lag_days, out);
    count_expr(c.coalition_acts, out);
    count_number(c.correlation, out);
    out.insert(c.binding ? "binding" : "not binding");
    if (!c.on_honour.empty()) out.insert("on_honour");
    if (!c.on_renege.empty()) out.insert("on_renege");
    for (const ExprSpec* e : {&c.active_when, &c.trigger, &c.honour}) count_expr(*e, out);
    if (c.raises_fear.dist.uncertain() || c.raises_fear.dist.a > 0) out.insert("commitment raises_fear");
    for (const NumberSpec* n : {&c.cost, &c.prior_honoured, &c.prior_reneged, &c.spillover, &c.ceasefire_effect, &c.bargaining_effect,
                                &c.raises_fear})
      count_number(*n, out);
    count_effects(c.on_honour, out);
    count_effects(c.on_renege, out);
  }
  for (const auto& d : s.decisions) {
    out.insert(d.best ? "decision best" : "decision logit");
    if (d.every_days > 0) out.insert("decision every_days");
    if (d.on.present) out.insert("decision on");
    if (d.when.present) out.insert("decision when");
    if (!d.policy.empty()) out.insert("decision policy");
    count_number(d.precision, out);
    count_expr(d.on, out);
    count_expr(d.when, out);
    for (const auto& a : d.actions) {
      if (a.utility.text.find("self.") != std::string::npos) out.insert("decision self");
      if (!a.effects.empty()) out.insert("action effects");
      if (a.breaks_ceasefire) out.insert("action breaks ceasefire");
      count_expr(a.utility, out);
      count_effects(a.effects, out);
    }
  }
  if (s.perception.present) {
    out.insert("perception");
    count_number(s.perception.record_weight, out);
    count_number(s.perception.bias, out);
  }
  const NegotiationSpec& n = s.negotiation;
  if (n.present) {
    out.insert("negotiation");
    if (!n.mediator.empty()) out.insert("negotiation mediator");
    if (n.progress.dist.uncertain() || n.progress.dist.a > 0) out.insert("negotiation progress");
    if (n.when.present) out.insert("negotiation when");
    if (!n.on_agreement.empty()) out.insert("on_agreement");
    if (n.commitment_problem_b.present) out.insert("negotiation two-sided");
    if (n.demand_premium.present) out.insert("negotiation demand premium");
    if (n.screening) {
      out.insert("negotiation screening offer");
      count_number(n.belief_low, out);
      count_number(n.belief_high, out);
    }
    for (const ExprSpec* e : {&n.p_win, &n.cost_a, &n.cost_b, &n.uncertainty, &n.commitment_problem, &n.red_line, &n.demand, &n.when,
                              &n.mediation, &n.commitment_problem_b, &n.demand_premium})
      count_expr(*e, out);
    for (const NumberSpec* x : {&n.rate, &n.full_width, &n.mediation_effect, &n.progress, &n.progress_effect}) count_number(*x, out);
    count_effects(n.on_agreement, out);
  }
  const CeasefireSpec& cf = s.ceasefire;
  if (cf.present) {
    out.insert(cf.weibull ? "ceasefire weibull" : "ceasefire constant");
    if (cf.dmz) out.insert("ceasefire dmz");
    if (cf.imposed) out.insert("ceasefire imposed");
    if (n.present) out.insert(cf.renegotiate ? "ceasefire renegotiate" : "ceasefire no renegotiation");
    else out.insert("ceasefire without negotiation");
    if (cf.in_force_at_start) out.insert("ceasefire in force at start");
    if (cf.pressure.present) out.insert("ceasefire pressure");
    if (cf.has_cure) out.insert("ceasefire cure");
    if (cf.incidents.present) out.insert("ceasefire incidents");
    if (cf.incidents.monitoring.present) out.insert("incidents monitoring");
    if (cf.beneficiary.present) out.insert("ceasefire beneficiary breach");
    if (cf.beneficiary.attribution.present) out.insert("beneficiary attribution");
    if (!cf.on_breach.empty()) out.insert("on_breach");
    count_expr(cf.pressure, out);
    for (const NumberSpec* x : {&cf.shape, &cf.scale_days, &cf.constant_rate, &cf.dmz_effect, &cf.imposed_effect})
      if (!x->path.empty()) count_number(*x, out);
    count_effects(cf.on_breach, out);
  }
  const WarSpec& w = s.war;
  if (w.present) {
    out.insert("war");
    if (n.present) out.insert("war with negotiation");
    if (w.every_days != 7) out.insert("war every_days");
    if (w.when.present) out.insert("war when");
    if (!w.p_battle.text.empty()) out.insert("war p_battle expression");
    if (w.alpha_a.path == "war.belief_a.alpha" && w.alpha_a.mark.line != w.mark.line) out.insert("war priors");
    count_expr(w.p_battle, out);
    count_expr(w.when, out);
    for (const NumberSpec* x : {&w.control, &w.gain, &w.alpha_a, &w.beta_a, &w.alpha_b, &w.beta_b}) count_number(*x, out);
  }
  for (const auto& o : s.outcomes) {
    static const char* kKind[] = {"outcome when", "outcome value", "outcome count"};
    out.insert(kKind[static_cast<int>(o.kind)]);
    if (o.given.present) out.insert("outcome given");
    count_expr(o.expr, out);
    count_expr(o.given, out);
  }
  out.insert(s.step_days == 1 ? "step day" : "step week");
  if (s.step_days == 7) out.insert(s.horizon_days % 7 != 0 ? "week short last step" : "week whole weeks");
  return out;
}

}  // namespace geosim::testgen
