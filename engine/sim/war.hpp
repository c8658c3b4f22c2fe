// SPDX-License-Identifier: Apache-2.0
// War as a process: battles while no ceasefire is in force, each won by B with the true chance
// p_battle, moving `gain` of the disputed holdings to its winner (a random walk over the front,
// after the "forts" model of Smith & Stam 2004 and the battle sequence of Filson & Werner 2002);
// each party holds a Beta posterior over p_battle updated by Bayes from every outcome, so the
// disagreement |E_A[p] - E_B[p]| shrinks as the war reveals the balance (Reiter 2003; Slantchev
// 2003; Powell 2004). A signed deal moves the line to its settlement: the next talks bargain over
// the holdings as they are (docs/model.md). Part of the one definition of a step (step.hpp).
#pragma once

#include <algorithm>
#include <cmath>

#include "sim/step_types.hpp"

namespace geosim::sim {

/// @brief The number of battle days in the step [day, day + dt): the multiples of `every` it
/// holds. Days and step lengths are whole numbers, so the count is exact.
inline int battles_in(int every, const Step& s) {
  const double k = static_cast<double>(every);
  return static_cast<int>(std::ceil((s.day + s.dt) / k) - std::ceil(s.day / k));
}

/// @brief The war's state at the start of a run: B's holdings and both priors (run constants,
/// sampled by then), no battles yet.
template <class B, class W>
inline void start_war(B& b, const W& w) {
  if (!w.present()) return;
  double* const x = b.x;
  x[w.control()] = x[w.control0()];
  x[w.battles()] = x[w.won_a()] = x[w.won_b()] = x[w.now()] = 0.0;
  x[w.a_alpha()] = x[w.alpha_a()];
  x[w.a_beta()] = x[w.beta_a()];
  x[w.b_alpha()] = x[w.alpha_b()];
  x[w.b_beta()] = x[w.beta_b()];
  x[w.a_mean()] = x[w.a_alpha()] / (x[w.a_alpha()] + x[w.a_beta()]);
  x[w.b_mean()] = x[w.b_alpha()] / (x[w.b_alpha()] + x[w.b_beta()]);
  x[w.disagreement()] = std::abs(x[w.a_mean()] - x[w.b_mean()]);
}

/// @brief The battles of a step: one draw per battle day of the step whether or not anyone
/// fights (variants stay aligned draw for draw); a battle is fought while `when` holds and no
/// ceasefire `cf` is in force. Both parties see its outcome and update their Beta beliefs:
/// won by B, alpha += 1; by A, beta += 1.
template <class B, class W, class C>
inline void war(B& b, const W& w, const C& cf, const Step& s) {
  if (!w.present()) return;
  double* const x = b.x;
  x[w.now()] = 0.0;
  const int n = battles_in(w.every_days(), s);
  const bool fighting = n > 0 && x[cf.in_force()] == 0.0 && w.when(x) != 0.0;
  int fought = 0, won_b = 0;
  double p = 0.0;
  for (int k = 0; k < n; ++k) {
    const double u = b.war_uniform();
    if (!fighting) continue;
    p = std::clamp(w.p_battle(x), 0.0, 1.0);
    const bool b_wins = u < p;
    ++fought;
    won_b += b_wins ? 1 : 0;
    x[w.battles()] += 1.0;
    x[b_wins ? w.won_b() : w.won_a()] += 1.0;
    x[b_wins ? w.a_alpha() : w.a_beta()] += 1.0;
    x[b_wins ? w.b_alpha() : w.b_beta()] += 1.0;
    const double g = x[w.gain()];
    x[w.control()] = std::clamp(x[w.control()] + (b_wins ? g : -g), 0.0, 1.0);
  }
  if (fought == 0) return;
  x[w.now()] = 1.0;
  x[w.a_mean()] = x[w.a_alpha()] / (x[w.a_alpha()] + x[w.a_beta()]);
  x[w.b_mean()] = x[w.b_alpha()] / (x[w.b_alpha()] + x[w.b_beta()]);
  x[w.disagreement()] = std::abs(x[w.a_mean()] - x[w.b_mean()]);
  b.note(Note::Battle, s, fought, won_b, p, x[w.control()], x[w.a_mean()], x[w.b_mean()]);
}

/// @brief After the negotiation of a step: a deal signed in it moves the line to its
/// settlement (B's share of the issue), so fighting after a breach starts from the deal's line.
template <class B, class W, class N, class C>
inline void rebase_war(B& b, const W& w, const N& n, const C& cf) {
  if (!w.present() || !n.present()) return;
  double* const x = b.x;
  if (x[cf.signed_now()] != 0.0) x[w.control()] = x[n.settlement()];
}

}  // namespace geosim::sim
