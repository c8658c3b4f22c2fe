// SPDX-License-Identifier: Apache-2.0
// Commitments: invocation on a trigger's rising edge; each guarantor honours or reneges from its
// own state; a Beta record of honour per (commitment, guarantor) with spillover to its other
// commitments (reputation).
#include <algorithm>
#include <cmath>


#include "geosim/sampling.hpp"
#include "sim/mechanisms.hpp"
#include "sim/scratch.hpp"
#include "sim/model_binding.hpp"

namespace geosim::sim {

namespace {

// Guarantor g's chance of honouring commitment ci if it were invoked now at the cost in slot
// `cost` (the commitment's, or a rung's): its honour expression with `credibility` its own
// record, `cost` and `binding` the commitment's. perceive() evaluates the same expression.
double honour_probability(const Model& m, RunState& rs, std::size_t ci, std::size_t g, Slot cost) {
  const CommitmentRule& c = m.commitments[ci];
  const Scratch& w = *rs.scratch;
  double* x = rs.state.data();
  const auto r = static_cast<std::size_t>(m.reputation_index[ci][g]);
  x[m.scratch_credibility] = w.rep_honoured[r] / (w.rep_honoured[r] + w.rep_reneged[r]);
  x[m.scratch_cost] = x[cost];
  x[m.scratch_binding] = c.binding ? 1.0 : 0.0;
  return std::clamp(c.guarantors[g].honour.eval(x), 0.0, 1.0);
}

// The effects of guarantor g's response at rung `level` (1 = the first; binary honour is 1):
// on_honour, then each reached rung's effects, weakest first.
void respond(const Model& m, ModelBinding& b, std::size_t ci, std::size_t g, int level) {
  const CommitmentRule& c = m.commitments[ci];
  double* x = b.x;
  x[c.guarantors[g].responding] = 1.0;
  apply_effects(b, [&](auto f) { each_effect(c.on_honour, f); });
  for (std::size_t k = 0; k < c.responses.size() && static_cast<int>(k) < level; ++k)
    apply_effects(b, [&](auto f) { each_effect(c.responses[k].effects, f); });
}

// The slots `p` reads and their values now, for the chronicle (logging runs only).
std::vector<std::pair<Slot, double>> reading(const expr::Program& p, const double* x) {
  std::vector<std::pair<Slot, double>> out;
  for (Slot slot : p.reads()) out.emplace_back(slot, x[slot]);
  return out;
}

}  // namespace

void deliver_responses(const Model& m, RunState& rs, std::size_t ci, const Step& s, std::vector<LogEntry>* log) {
  const CommitmentRule& c = m.commitments[ci];
  ModelBinding b{m, rs, log};
  double* x = b.x;
  ++b.w.epoch;  // the effects below change the state
  for (std::size_t g = 0; g < c.guarantors.size(); ++g) {
    const GuarantorRule& gr = c.guarantors[g];
    if (x[gr.due] <= 0.0 || s.day < x[gr.due]) continue;  // none pending, or not yet
    x[gr.due] = 0.0;
    x[c.pending] -= 1.0;
    respond(m, b, ci, g, static_cast<int>(x[gr.level]));
    if (log)
      log->push_back({LogEntry::Kind::Responded, s.index, s.day, static_cast<int>(ci), gr.actor, 0, x[gr.level],
                      x[c.response_lag], 0});
  }
}

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
      const double* x = rs.state.data();
      rs.state[k.perceived] = rs.state[k.credibility];
      // With a ladder, observers who see only the record expect responses to climb as far as
      // past ones did: rung j weighted by the share of responses that reached it (the first
      // rung alone before any response).
      double effect = x[k.attacker_cost] - x[k.attacker_p_win];
      if (!k.responses.empty()) {
        const double first = x[k.responses[0].count];
        effect = 0.0;
        for (const ResponseRule& r : k.responses)
          effect += (first > 0.0 ? x[r.count] / first : (&r == &k.responses[0] ? 1.0 : 0.0)) * (x[r.attacker_cost] - x[r.attacker_p_win]);
      }
      rs.state[k.deters] = rs.state[k.perceived] * effect;
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
  if (log) log->push_back({LogEntry::Kind::Invoked, s.index, s.day, static_cast<int>(ci), c.beneficiary, 0, 0, 0, 0, reading(c.trigger, x)});
  const auto& recs = m.reputation_index[ci];
  random::Xoshiro256pp& rng = w.commitment_rng[ci];
  // The coalition's first stage, then a common factor z: guarantor g honours when
  // Phi(sqrt(rho) z + sqrt(1 - rho) e_g) < p_g (a Gaussian copula; rho = 0 draws as before).
  const bool acts = !c.has_coalition || rng.uniform01() < std::clamp(c.coalition_acts.eval(x), 0.0, 1.0);
  const double rho = x[c.correlation];
  const double z = rho > 0 ? random::normal01(rng) : 0.0;
  const bool graded = !c.responses.empty();
  x[c.level] = 0.0;
  for (std::size_t g = 0; g < c.guarantors.size(); ++g) {
    const GuarantorRule& gr = c.guarantors[g];
    const auto r = static_cast<std::size_t>(recs[g]);
    const double p = honour_probability(m, rs, ci, g, graded ? c.responses[0].cost : c.cost);
    const double cred = x[m.scratch_credibility];
    std::vector<std::pair<Slot, double>> read = log ? reading(gr.honour, x) : std::vector<std::pair<Slot, double>>{};
    const double u = rho > 0 ? 0.5 * det::erfc(-(std::sqrt(rho) * z + std::sqrt(1.0 - rho) * random::normal01(rng)) / std::sqrt(2.0)) : rng.uniform01();
    const bool honoured = acts && u < p;
    // The response ladder: one draw, climbed while it stays below each rung's chance.
    int level = honoured ? 1 : 0;
    while (honoured && graded && static_cast<std::size_t>(level) < c.responses.size() &&
           u < honour_probability(m, rs, ci, g, c.responses[static_cast<std::size_t>(level)].cost))
      ++level;
    for (std::size_t k = 0; graded && static_cast<int>(k) < level; ++k) x[c.responses[k].count] += 1.0;
    // A response still on its way when the commitment is invoked again arrives now.
    if (c.has_lag && x[gr.due] > 0.0) {
      x[gr.due] = 0.0;
      x[c.pending] -= 1.0;
      respond(m, b, ci, g, static_cast<int>(x[gr.level]));
    }
    x[gr.level] = level;
    x[gr.responding] = 0.0;
    x[c.level] = std::max(x[c.level], static_cast<double>(level));
    const double spill = x[c.spillover];
    x[honoured ? gr.honoured : gr.reneged] += 1.0;
    if (honoured) {
      x[c.honoured] += 1.0;
      w.rep_honoured[r] += 1.0;
      for (int peer : m.reputation_peers[r]) w.rep_honoured[static_cast<std::size_t>(peer)] += spill;
      if (c.has_lag && x[c.response_lag] > 0.0) {
        x[gr.due] = s.day + x[c.response_lag];  // arrives in the first step starting on or after it
        x[c.pending] += 1.0;
      } else {
        respond(m, b, ci, g, level);
      }
    } else {
      x[c.reneged] += 1.0;
      w.rep_reneged[r] += 1.0;
      for (int peer : m.reputation_peers[r]) w.rep_reneged[static_cast<std::size_t>(peer)] += spill;
      apply_effects(b, [&](auto f) { each_effect(c.on_renege, f); });
    }
    if (log)
      log->push_back({honoured ? LogEntry::Kind::Honoured : LogEntry::Kind::Reneged, s.index, s.day,
                      static_cast<int>(ci), gr.actor, p, cred, x[graded ? c.responses[0].cost : c.cost],
                      static_cast<double>(level), std::move(read)});
    decided = true;
  }
  return decided;
}

}  // namespace geosim::sim
