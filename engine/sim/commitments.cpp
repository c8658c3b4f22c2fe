// SPDX-License-Identifier: Apache-2.0
// Commitments: invocation on a trigger's rising edge; each guarantor honours or reneges from its
// own state; a Beta record of honour per (commitment, guarantor) with spillover to its other
// commitments (reputation).
#include <algorithm>
#include <cmath>

#include <boost/random/normal_distribution.hpp>

#include "sim/mechanisms.hpp"
#include "sim/scratch.hpp"
#include "sim/model_binding.hpp"

namespace geosim::sim {

namespace {

// Guarantor g's chance of honouring commitment ci if it were invoked now: its honour expression
// with `credibility` its own record, `cost` and `binding` the commitment's. Both the decision at
// an invocation and the expected behaviour that observers weigh (perceive) read it.
double honour_probability(const Model& m, RunState& rs, std::size_t ci, std::size_t g) {
  const CommitmentRule& c = m.commitments[ci];
  const Scratch& w = *rs.scratch;
  double* x = rs.state.data();
  const auto r = static_cast<std::size_t>(m.reputation_index[ci][g]);
  x[m.scratch_credibility] = w.rep_honoured[r] / (w.rep_honoured[r] + w.rep_reneged[r]);
  x[m.scratch_cost] = x[c.cost];
  x[m.scratch_binding] = c.binding ? 1.0 : 0.0;
  return std::clamp(c.guarantors[g].honour.eval(x), 0.0, 1.0);
}

}  // namespace

void refresh_credibility(const Model& m, RunState& rs) {
  const Scratch& w = *rs.scratch;
  for (std::size_t c = 0; c < m.commitments.size(); ++c) {
    const auto& recs = m.reputation_index[c];
    const CommitmentRule& k = m.commitments[c];
    double sum = 0.0;
    for (std::size_t g = 0; g < recs.size(); ++g) {
      const auto r = static_cast<std::size_t>(recs[g]);
      const double cred = w.rep_honoured[r] / (w.rep_honoured[r] + w.rep_reneged[r]);
      rs.state[k.guarantors[g].credibility] = cred;
      sum += cred;
    }
    rs.state[k.credibility] = recs.empty() ? 0.0 : sum / static_cast<double>(recs.size());
    if (!m.perception) {
      rs.state[k.perceived] = rs.state[k.credibility];
      rs.state[k.deters] = rs.state[k.perceived] * (rs.state[k.attacker_cost] - rs.state[k.attacker_p_win]);
    }
  }
  if (m.perception) {
    ModelBinding b{m, rs};
    sim::perceive(b, nullptr);
  }
}

bool invoke_commitment(const Model& m, RunState& rs, std::size_t ci, const Step& s, std::vector<LogEntry>* log) {
  const CommitmentRule& c = m.commitments[ci];
  ModelBinding b{m, rs, log};
  double* x = b.x;
  Scratch& w = b.w;
  bool decided = false;
  x[c.invoked] += 1.0;
  ++w.epoch;  // covers this invocation's decisions, records and effects
  if (log) log->push_back({LogEntry::Kind::Invoked, s.index, s.day, static_cast<int>(ci), c.beneficiary, 0, 0, 0, 0});
  const auto& recs = m.reputation_index[ci];
  random::Xoshiro256pp& rng = w.commitment_rng[ci];
  // The coalition's first stage, then a common factor z: guarantor g honours when
  // Phi(sqrt(rho) z + sqrt(1 - rho) e_g) < p_g (a Gaussian copula; rho = 0 draws as before).
  const bool acts = !c.has_coalition || rng.uniform01() < std::clamp(c.coalition_acts.eval(x), 0.0, 1.0);
  const double rho = x[c.correlation];
  boost::random::normal_distribution<double> normal(0.0, 1.0);
  const double z = rho > 0 ? normal(rng) : 0.0;
  for (std::size_t g = 0; g < c.guarantors.size(); ++g) {
    const auto r = static_cast<std::size_t>(recs[g]);
    const double p = honour_probability(m, rs, ci, g);
    const double cred = x[m.scratch_credibility];
    const double u = rho > 0 ? 0.5 * std::erfc(-(std::sqrt(rho) * z + std::sqrt(1.0 - rho) * normal(rng)) / std::sqrt(2.0)) : rng.uniform01();
    const bool honoured = acts && u < p;
    const double spill = x[c.spillover];
    x[honoured ? c.guarantors[g].honoured : c.guarantors[g].reneged] += 1.0;
    if (honoured) {
      x[c.honoured] += 1.0;
      w.rep_honoured[r] += 1.0;
      for (int peer : m.reputation_peers[r]) w.rep_honoured[static_cast<std::size_t>(peer)] += spill;
      apply_effects(b, [&](auto f) { each_effect(c.on_honour, f); });
    } else {
      x[c.reneged] += 1.0;
      w.rep_reneged[r] += 1.0;
      for (int peer : m.reputation_peers[r]) w.rep_reneged[static_cast<std::size_t>(peer)] += spill;
      apply_effects(b, [&](auto f) { each_effect(c.on_renege, f); });
    }
    if (log)
      log->push_back({honoured ? LogEntry::Kind::Honoured : LogEntry::Kind::Reneged, s.index, s.day,
                      static_cast<int>(ci), c.guarantors[g].actor, p, cred, x[c.cost], 0});
    decided = true;
  }
  return decided;
}

}  // namespace geosim::sim
