// Commitments: invocation on a trigger's rising edge; each guarantor honours or reneges from its
// own state; a Beta record of honour per (commitment, guarantor) with spillover to its other
// commitments (reputation).
#include "sim/mechanisms.hpp"

namespace geosim::sim {

void refresh_credibility(const Model& m, RunState& rs) {
  for (std::size_t c = 0; c < m.commitments.size(); ++c) {
    const auto& recs = m.reputation_index[c];
    double sum = 0.0;
    for (int r : recs) {
      const auto k = static_cast<std::size_t>(r);
      sum += rs.rep_honoured[k] / (rs.rep_honoured[k] + rs.rep_reneged[k]);
    }
    rs.state[m.commitments[c].credibility] = recs.empty() ? 0.0 : sum / static_cast<double>(recs.size());
  }
}

namespace {

// One commitment's active flag; advances the epoch when it flips.
inline void update_active(const Model& m, RunState& rs, std::size_t ci, double* x) {
  const CommitmentRule& c = m.commitments[ci];
  if (c.active_discrete && rs.use_epochs) {
    if (rs.active_epoch[ci] == rs.epoch) return;  // nothing it reads has changed
    rs.active_epoch[ci] = rs.epoch;
  }
  const double active = c.active_when.eval(x) != 0.0 ? 1.0 : 0.0;
  if (active != x[c.active]) {
    x[c.active] = active;
    ++rs.epoch;
  }
}

// Runs `one(i)` over the rules in order, like a plain loop. When the epoch has not moved since a
// pass that moved nothing (`pass`), the rules over discrete slots would all be skipped, so only
// those in `continuous` are visited, until one of them moves the epoch: from there on every
// later rule is visited in order again.
template <typename One>
void pass_over(std::size_t count, const std::vector<std::uint32_t>& continuous, std::uint64_t& pass, RunState& rs, One one) {
  const std::uint64_t start = rs.epoch;
  std::size_t from = 0;
  if (rs.use_epochs && pass == start) {
    from = count;
    for (std::uint32_t i : continuous) {
      one(i);
      if (rs.epoch != start) {
        from = i + 1;
        break;
      }
    }
  }
  for (std::size_t i = from; i < count; ++i) one(i);
  pass = rs.epoch == start ? start : ~std::uint64_t{0};
}

}  // namespace

void begin_commitments(const Model& m, RunState& rs) {
  double* x = rs.state.data();
  pass_over(m.commitments.size(), m.active_continuous, rs.active_pass, rs, [&](std::size_t ci) { update_active(m, rs, ci, x); });
}

bool invoke_commitment(const Model& m, RunState& rs, std::size_t ci, const Step& s, std::vector<LogEntry>* log) {
  const CommitmentRule& c = m.commitments[ci];
  double* x = rs.state.data();
  bool decided = false;
  x[c.invoked] += 1.0;
  ++rs.epoch;  // covers this invocation's decisions, records and effects
  if (log) log->push_back({LogEntry::Kind::Invoked, s.index, s.day, static_cast<int>(ci), c.beneficiary, 0, 0, 0, 0});
  const auto& recs = m.reputation_index[ci];
  for (std::size_t g = 0; g < c.guarantors.size(); ++g) {
    const auto r = static_cast<std::size_t>(recs[g]);
    const double cred = rs.rep_honoured[r] / (rs.rep_honoured[r] + rs.rep_reneged[r]);
    x[m.scratch_credibility] = cred;
    x[m.scratch_cost] = x[c.cost];
    x[m.scratch_binding] = c.binding ? 1.0 : 0.0;
    const double p = std::clamp(c.guarantors[g].honour.eval(x), 0.0, 1.0);
    const bool honoured = bernoulli(rs.commitment_rng[ci], p);
    const double spill = x[c.spillover];
    if (honoured) {
      x[c.honoured] += 1.0;
      rs.rep_honoured[r] += 1.0;
      for (int peer : m.reputation_peers[r]) rs.rep_honoured[static_cast<std::size_t>(peer)] += spill;
      apply_effects(m, c.on_honour, x);
    } else {
      x[c.reneged] += 1.0;
      rs.rep_reneged[r] += 1.0;
      for (int peer : m.reputation_peers[r]) rs.rep_reneged[static_cast<std::size_t>(peer)] += spill;
      apply_effects(m, c.on_renege, x);
    }
    if (log)
      log->push_back({honoured ? LogEntry::Kind::Honoured : LogEntry::Kind::Reneged, s.index, s.day,
                      static_cast<int>(ci), c.guarantors[g].actor, p, cred, x[c.cost], 0});
    decided = true;
  }
  return decided;
}

void step_commitments(const Model& m, RunState& rs, const Step& s, std::vector<LogEntry>* log) {
  double* x = rs.state.data();
  bool changed = false;
  pass_over(m.commitments.size(), m.trigger_continuous, rs.trigger_pass, rs, [&](std::size_t ci) {
    const CommitmentRule& c = m.commitments[ci];
    if (c.trigger_discrete && rs.use_epochs) {
      if (rs.trigger_epoch[ci] == rs.epoch) return;  // unchanged inputs: no rising edge
      rs.trigger_epoch[ci] = rs.epoch;
    }
    const bool trig = c.trigger.eval(x) != 0.0;
    const bool rising = trig && rs.prev_trigger[ci] == 0;
    rs.prev_trigger[ci] = trig ? 1 : 0;
    if (!rising || x[c.active] == 0.0) return;
    if (invoke_commitment(m, rs, ci, s, log)) changed = true;
  });
  if (changed) refresh_credibility(m, rs);
}

}  // namespace geosim::sim
