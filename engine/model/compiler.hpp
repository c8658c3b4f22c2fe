// SPDX-License-Identifier: Apache-2.0
// The scenario compiler's internals, shared by compile.cpp (slots, expressions) and
// compile_mechanisms.cpp (one method per mechanism). Not part of the public API.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>

#include "geosim/model.hpp"

namespace geosim::detail {

constexpr double kInf = std::numeric_limits<double>::infinity();

class Compiler {
 public:
  Compiler(const Scenario& s, Diagnostics& d) : s_(s), d_(d) {}

  std::optional<Model> run() {
    m_.name = s_.name;
    m_.description = s_.description;
    m_.start = s_.start;
    m_.variant = s_.variant;
    m_.step_days = s_.step_days;
    m_.horizon_days = s_.horizon_days;
    m_.steps = (s_.horizon_days + s_.step_days - 1) / s_.step_days;
    m_.t_slot = add("t", 0.0, false);
    m_.step_slot = add("step", 0.0, false);
    m_.scratch_credibility = add("credibility", 0.0, false);
    m_.scratch_cost = add("cost", 0.0, false);
    m_.scratch_binding = add("binding", 0.0, false);
    for (const auto& p : s_.parameters) number("params." + p.name, p.value);
    for (const auto& a : s_.actors) {
      m_.actor_ids.push_back(a.id);
      m_.actor_names.push_back(a.name);
      for (const auto& v : a.variables) variable(a.id, v);
    }
    for (const auto& b : s_.blocs)
      for (const auto& v : b.variables) variable(b.id, v);
    declare_derived();
    compile_dynamics();
    compile_events();
    compile_commitments();
    compile_perception();
    compile_decisions();
    compile_negotiation();
    compile_ceasefire();
    compile_war();
    compile_outcomes();
    if (!d_.ok()) return std::nullopt;
    optimise_programs(m_);
    return std::move(m_);
  }

 private:
  Slot add(const std::string& name, double value, bool writable, double lo = -kInf, double hi = kInf) {
    auto slot = static_cast<Slot>(m_.slot_names.size());
    m_.slot_names.push_back(name);
    m_.initial.push_back(value);
    m_.lower.push_back(lo);
    m_.upper.push_back(hi);
    index_[name] = slot;
    writable_.push_back(writable);
    m_.run_constant.push_back(0);  // number() marks the fixed ones
    return slot;
  }

  // A number field becomes a slot: fixed, or sampled once per run.
  // Parameters and variables are visible to expressions; other number fields get a slot whose
  // name starts with '#', which no expression can spell.
  Slot number(const std::string& name, const NumberSpec& n, double lo = -kInf, double hi = kInf, bool writable = false) {
    const bool visible = writable || name.rfind("params.", 0) == 0;
    Slot slot = add(visible ? name : "#" + name, n.dist.uncertain() ? n.dist.mean() : n.dist.a, writable, lo, hi);
    if (!writable) m_.run_constant[slot] = 1;  // set at the run's start, never changed in it
    if (n.dist.uncertain())
      m_.sampled.push_back({slot, n.dist, lo, hi, stable_hash("param:" + n.path), n.path});
    return slot;
  }

  void variable(const std::string& owner, const VariableSpec& v) {
    Slot slot = number(owner + "." + v.name, v.initial, v.min, v.max, true);
    m_.clamped.push_back(slot);
    if (v.track) m_.tracked.push_back({slot, owner + "." + v.name});
  }

  void declare_derived() {
    for (const auto& e : s_.events) {
      add("events." + e.id + ".count", 0.0, false);
      add("events." + e.id + ".now", 0.0, false);
    }
    // A disabled commitment keeps its names (always 0), so outcomes and triggers that read it
    // still compile under a variant that switches it off.
    for (const auto& c : s_.commitments) {
      for (const char* k : {"invoked", "honoured", "reneged", "credibility", "active", "expected", "perceived", "deters", "level", "pending"})
        add(fmt::format("commitments.{}.{}", c.id, k), 0.0, false);
      for (const auto& a : deciding(c)) {
        for (const char* k : {"honoured", "reneged", "credibility", "expected", "level", "responding"})
          add(fmt::format("commitments.{}.members.{}.{}", c.id, a, k), 0.0, false);
        add(fmt::format("#commitments.{}.members.{}.due", c.id, a), 0.0, false);
      }
      for (const auto& r : c.responses) add(fmt::format("commitments.{}.responses.{}.count", c.id, r.id), 0.0, false);
    }
    for (const auto& x : s_.decisions) {
      add("decisions." + x.id + ".count", 0.0, false);
      add("decisions." + x.id + ".now", 0.0, false);
      for (const auto& a : x.actions)
        for (const char* k : {"utility", "p", "chosen", "count"}) add(fmt::format("decisions.{}.{}.{}", x.id, a.id, k), 0.0, false);
    }
    if (s_.ceasefire.present)
      for (const char* k : {"in_force", "signed", "breached", "signed_now", "breach_now", "days"})
        add(fmt::format("ceasefire.{}", k), 0.0, false);
    if (s_.ceasefire.present)  // competing risks (compile_ceasefire_risks)
      for (const char* k : {"lasted", "violations", "violations_now", "blamed_beneficiary", "breaks.baseline",
                            "breaks.deliberate", "breaks.incident", "breaks.beneficiary"})
        add(fmt::format("ceasefire.{}", k), 0.0, false);
    if (s_.negotiation.present)
      for (const char* k : {"range", "settlement", "p_win", "low", "high", "steps", "binds.rational_low", "binds.demand",
                            "binds.rational_high", "binds.red_line", "#negotiation.bound"})
        add(k[0] == '#' ? std::string(k) : fmt::format("negotiation.{}", k), 0.0, false);
    if (s_.war.present)
      for (const char* k : {"control", "battles", "won_a", "won_b", "now", "belief_a.alpha", "belief_a.beta", "belief_a.mean",
                            "belief_b.alpha", "belief_b.beta", "belief_b.mean", "disagreement"})
        add(fmt::format("war.{}", k), 0.0, false);
  }

  // Slots no expression may read: per-field numbers ('#...') and honour-only inputs.
  static bool internal(const std::string& n) {
    return n.empty() || n[0] == '#' || n == "credibility" || n == "cost" || n == "binding";
  }

  std::vector<std::string> names_starting(std::string_view prefix) const {
    std::vector<std::string> out;
    for (const auto& n : m_.slot_names)
      if (n.rfind(prefix, 0) == 0 && !internal(n)) out.push_back(n);
    return out;
  }

  // The actors who decide on a commitment: its guarantors, a bloc standing for its members, each
  // actor once, in the order written.
  std::vector<std::string> deciding(const CommitmentSpec& c) const {
    std::vector<std::string> out;
    for (const auto& [g, mark] : c.guarantors) {
      bool bloc = false;
      for (const auto& b : s_.blocs)
        if (b.id == g) {
          bloc = true;
          for (const auto& mem : b.members)
            if (std::find(out.begin(), out.end(), mem.actor) == out.end()) out.push_back(mem.actor);
        }
      if (!bloc && std::find(out.begin(), out.end(), g) == out.end()) out.push_back(g);
    }
    return out;
  }

  // An aggregate's group: a bloc (its members' names) or commitments.ID.guarantors (their
  // per-member records, commitments.ID.members.A).
  expr::Resolved group(std::string_view name) const {
    expr::Resolved r;
    for (const auto& b : s_.blocs)
      if (b.id == name) {
        for (const auto& mem : b.members) r.members.push_back(mem.actor);
        r.ok = true;
        return r;
      }
    const std::string_view tail = ".guarantors";
    if (name.rfind("commitments.", 0) == 0 && name.size() > tail.size() && name.substr(name.size() - tail.size()) == tail) {
      const std::string id(name.substr(12, name.size() - 12 - tail.size()));
      for (const auto& c : s_.commitments)
        if (c.id == id) {
          for (const auto& a : deciding(c)) r.members.push_back(fmt::format("commitments.{}.members.{}", id, a));
          r.ok = true;
          return r;
        }
    }
    std::vector<std::string> known;
    for (const auto& b : s_.blocs) known.push_back(b.id);
    for (const auto& c : s_.commitments) known.push_back("commitments." + c.id + ".guarantors");
    r.message = fmt::format("'{}' is not a group; an aggregate runs over a bloc's members or a commitment's guarantors{}",
                            name, known.empty() ? " (this scenario has none)" : "; " + did_you_mean(std::string(name), known));
    return r;
  }

  expr::Resolved resolve(std::string_view name, const std::string* self, bool honour_scope) const {
    if (name.rfind("group:", 0) == 0) return group(name.substr(6));
    std::string full(name);
    if (self != nullptr && name.rfind("self.", 0) == 0) full = *self + std::string(name.substr(4));
    bool scratch = full == "credibility" || full == "cost" || full == "binding";
    if (scratch && !honour_scope)
      return {false, 0, false, fmt::format("'{}' is only defined inside a commitment's 'honour' expression; use it in "
                                           "'honour'{}", full, full == "credibility" ? ", or read commitments.ID.credibility here" : ""), {}};
    if (self == nullptr && name.rfind("self.", 0) == 0)
      return {false, 0, false, "'self.' is only defined inside a commitment's 'honour' expression and in a decision "
                               "(its when, on, utilities and effects); name the actor here instead, e.g. AAA.resolve", {}};
    if (!s_.perception.present && full.rfind("commitments.", 0) == 0 && full.size() > 9 &&
        full.compare(full.size() - 9, 9, ".expected") == 0 && index_.count(full))
      return {false, 0, false, fmt::format("'{}' is computed only when the scenario has a 'perception:' section; add "
                                           "perception: {{record_weight: 0.5}}, or read .credibility (the record) instead", full), {}};
    auto it = index_.find(full);
    if (it != index_.end() && (scratch || !internal(full))) return {true, it->second, writable_[it->second], {}, {}};
    for (const auto& [section, present] : {std::pair{"negotiation.", s_.negotiation.present}, std::pair{"ceasefire.", s_.ceasefire.present},
                                             std::pair{"war.", s_.war.present}})
      if (full.rfind(section, 0) == 0 && !present)
        return {false, 0, false,
                fmt::format("'{}' needs a '{}:' section, and this scenario has none; add the section or remove the reference",
                            full, std::string(section).substr(0, std::string(section).size() - 1)), {}};
    // Past 100 errors, no suggestion: each one scans every name, and a hostile file can hold
    // 10^5 unknown names over 10^5 slots (hours of edit distances; found by hardening, issue 8).
    if (d_.items().size() >= 100) return {false, 0, false, fmt::format("unknown name '{}'", full), {}};
    if (self != nullptr && name.rfind("self.", 0) == 0) {
      // self.VAR names a variable of the guarantor itself: suggest only among its own variables,
      // never another actor's (the same honour expression is compiled for every guarantor).
      const std::string var(name.substr(5));
      std::vector<std::string> own;
      for (const auto& n : names_starting(*self + ".")) own.push_back(n.substr(self->size() + 1));
      std::string near = closest(var, own);
      std::string fix;
      if (!near.empty()) {
        fix = fmt::format("did you mean 'self.{}'?", near);
      } else {
        fix = fmt::format("add '{}' to the variables of {}", var, *self);
        if (!own.empty()) {
          std::string list;
          for (std::size_t i = 0; i < std::min<std::size_t>(6, own.size()); ++i) list += (i ? ", self." : "self.") + own[i];
          fix += fmt::format(", or use a variable it has: {}", list);
        }
      }
      return {false, 0, false, fmt::format("{} {} has no variable '{}'; {}", honour_scope ? "guarantor" : "actor", *self, var, fix), {}};
    }
    std::vector<std::string> all;
    for (const auto& n : m_.slot_names)
      if (!internal(n)) all.push_back(n);
    std::string fix = did_you_mean(full, all);
    std::string what = fmt::format("unknown name '{}'", full);
    if (fix.empty() || fix.rfind("expected", 0) == 0) {
      auto dot = full.find('.');
      std::string owner = full.substr(0, dot);
      auto known = names_starting(owner + ".");
      fix = known.empty() ? "names are ACTOR.var, BLOC.var, params.NAME, events.ID.count, t (see docs/scenario-format.md)"
                          : "known names here: " + fmt::format("{}", fmt::join(known.begin(), known.begin() + std::min<std::ptrdiff_t>(6, static_cast<std::ptrdiff_t>(known.size())), ", "));
    }
    return {false, 0, false, what + "; " + fix, {}};
  }

  SourceMark offset_mark(SourceMark m, std::size_t offset) const {
    if (m.line > 0) m.col += static_cast<int>(offset);
    return m;
  }

  void report(SourceMark m, const expr::Error& e, std::string_view where) {
    std::string msg = e.message;
    std::string fix;
    if (auto semi = msg.find("; "); semi != std::string::npos) {
      fix = msg.substr(semi + 2);
      msg = msg.substr(0, semi);
    }
    if (fix.empty()) fix = "see docs/scenario-format.md for how expressions are written";
    d_.error(offset_mark(m, e.offset), fmt::format("{}: {}", where, msg), fix);
  }

  // An expression field: a constant/distribution becomes a slot load; text is compiled.
  expr::Program program(const ExprSpec& e, const std::string& where, double fallback, const std::string* self = nullptr,
                        bool honour_scope = false) {
    if (e.text.empty()) {
      double v = e.present ? e.number.dist.a : fallback;
      expr::Program p;
      if (e.present && e.number.dist.uncertain()) {
        Slot slot = number(e.number.path, e.number);
        p.code.push_back({expr::Op::Load, slot, 0.0});
      } else {
        p.code.push_back({expr::Op::Const, 0, v});
      }
      p.max_stack = 1;
      return p;
    }
    expr::Error err;
    auto r = [&](std::string_view n) { return resolve(n, self, honour_scope); };
    auto p = expr::compile(e.text, r, &err);
    if (!p) {
      report(e.mark, err, where);
      return constant(fallback);
    }
    return std::move(*p);
  }

  static expr::Program constant(double v) {
    expr::Program p;
    p.code.push_back({expr::Op::Const, 0, v});
    p.max_stack = 1;
    return p;
  }

  // `self`: a decision's actor, whose variables `self.VAR` names in its actions' effects.
  std::vector<expr::Effect> effects(const std::vector<EffectText>& list, const std::string& where, const std::string* self = nullptr) {
    std::vector<expr::Effect> out;
    for (const auto& e : list) {
      expr::Error err;
      auto r = [&](std::string_view n) { return resolve(n, self, false); };
      auto eff = expr::compile_effect(e.text, r, &err);
      if (!eff) report(e.mark, err, where);
      else out.push_back(std::move(*eff));
    }
    return out;
  }

  int actor_index(const std::string& id) const {
    for (std::size_t i = 0; i < m_.actor_ids.size(); ++i)
      if (m_.actor_ids[i] == id) return static_cast<int>(i);
    return -1;
  }

  Slot must(const std::string& name) const { return index_.at(name); }

  void compile_dynamics();
  void compile_events();
  void compile_commitments();
  void compile_decisions();
  void compile_perception();
  void compile_negotiation();
  void compile_ceasefire();
  void compile_war();
  void compile_ceasefire_risks();
  void compile_outcomes();

  const Scenario& s_;
  Diagnostics& d_;
  Model m_;
  std::unordered_map<std::string, Slot> index_;
  std::vector<bool> writable_;
};

}  // namespace geosim::detail
