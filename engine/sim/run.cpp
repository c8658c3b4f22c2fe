// SPDX-License-Identifier: Apache-2.0
// One run: sample uncertain numbers, then step the mechanisms to the horizon and record outcomes.
#include <boost/random/triangle_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include "geosim/sampling.hpp"
#include "geosim/series_points.hpp"
#include "native/library.hpp"
#include "sim/mechanisms.hpp"
#include "sim/model_binding.hpp"
#include "sim/scratch.hpp"

namespace geosim {

namespace {

double sample(const Distribution& d, random::Xoshiro256pp& g) {
  switch (d.kind) {
    case Distribution::Kind::Fixed: return d.a;
    case Distribution::Kind::Normal: return random::normal(g, d.a, d.b);
    case Distribution::Kind::LogNormal: return random::lognormal(g, d.a, d.b);
    case Distribution::Kind::Beta: return random::beta(g, d.a, d.b);
    case Distribution::Kind::Uniform: return boost::random::uniform_real_distribution<double>(d.a, d.b)(g);
    case Distribution::Kind::Triangular: return boost::random::triangle_distribution<double>(d.a, d.c, d.b)(g);
  }
  return d.a;
}

// The engine's side of native code (native/abi.hpp): what the generated loop calls back for.
struct NativeEngine {
  const Model& m;
  RunState& rs;
};

double native_normal(random::Xoshiro256pp* g) {
  return random::normal01(*g);
}

void native_influence(void* e, int step, double day, double dt) {
  auto* ne = static_cast<NativeEngine*>(e);
  sim::step_influence(ne->m, ne->rs, sim::Step{step, day, dt, dt == static_cast<double>(ne->m.step_days)});
}

int native_invoke(void* e, int commitment, int step, double day) {
  auto* ne = static_cast<NativeEngine*>(e);
  return sim::invoke_commitment(ne->m, ne->rs, static_cast<std::size_t>(commitment), sim::Step{step, day, 0.0, true}, nullptr) ? 1 : 0;
}

void native_refresh(void* e) {
  auto* ne = static_cast<NativeEngine*>(e);
  sim::refresh_credibility(ne->m, ne->rs);
}

void native_deliver(void* e, int commitment, int step, double day) {
  auto* ne = static_cast<NativeEngine*>(e);
  sim::deliver_responses(ne->m, ne->rs, static_cast<std::size_t>(commitment), sim::Step{step, day, 0.0, true}, nullptr);
}


// Every step of the run in the model's native code; outcomes as the interpreted loop leaves them.
void run_native_steps(const Model& m, RunState& rs, bool track) {
  NativeEngine engine{m, rs};
  double** tracked = nullptr;
  if (track && !m.tracked.empty()) {
    tracked = rs.scratch->native_rows.data();
    for (std::size_t k = 0; k < m.tracked.size(); ++k) tracked[k] = rs.tracked[k].data();
  }
  std::fill(rs.scratch->native_done.begin(), rs.scratch->native_done.end(), 0);
  native::Context c{rs.state.data(),
                    rs.scratch->drift_rng.data(),
                    rs.scratch->event_rng.data(),
                    rs.scratch->decision_rng.data(),
                    &rs.scratch->negotiation_rng,
                    &rs.scratch->ceasefire_rng,
                    &rs.scratch->war_rng,
                    rs.scratch->ceasefire_risk_rng,
                    rs.scratch->drift_decay.data(),
                    rs.scratch->drift_sd.data(),
                    rs.scratch->event_p.data(),
                    rs.scratch->prev_trigger.data(),
                    rs.scratch->prev_on.data(),
                    rs.scratch->native_done.data(),
                    rs.scratch->native_time.data(),
                    tracked,
                    &engine,
                    native_normal,
                    native_influence,
                    native_invoke,
                    native_refresh,
                    native_deliver};
  m.native->run(&c);
  for (std::size_t k = 0; k < m.outcomes.size(); ++k)
    if (rs.scratch->native_done[k] != 0) rs.outcomes[k] = {1.0, rs.scratch->native_time[k], true, true};
}

}  // namespace

void sim::Scratch::prepare(const Model& m) {
  drift_rng.resize(m.drifts.size());
  event_rng.resize(m.events.size());
  commitment_rng.resize(m.commitments.size());
  decision_rng.resize(m.decisions.size());
  prev_on.assign(m.decisions.size(), 0);
  rep_honoured.assign(static_cast<std::size_t>(m.reputation_records), 0.0);
  rep_reneged.assign(static_cast<std::size_t>(m.reputation_records), 0.0);
  prev_trigger.assign(m.commitments.size(), 0);
  drift_decay.assign(m.drifts.size(), 0.0);
  drift_sd.assign(m.drifts.size(), 0.0);
  event_p.assign(m.events.size(), 0.0);
  outcome_epoch.assign(m.outcomes.size(), 0);
  active_epoch.assign(m.commitments.size(), 0);
  trigger_epoch.assign(m.commitments.size(), 0);
  hazard_ratio_memo.assign(m.commitments.size(), PowMemo{});
  security_discrete = sim::security_discrete(m);
  std::size_t members = 0;
  influence_x.clear();
  influence_tmp.clear();
  influence_col.clear();
  influence_stub.clear();
  influence_fixed.assign(m.influences.size(), 0);
  for (const auto& r : m.influences) {
    members += r.members.size();
    influence_x.emplace_back(r.members.size(), 0.0);
    influence_tmp.emplace_back(r.members.size(), 0.0);
    influence_col.emplace_back(r.sparse() ? r.members.size() : 0, 0.0);
    influence_stub.emplace_back(r.members.size(), 0.0);
  }
  opinion0.assign(members, 0.0);
  native_done.assign(m.outcomes.size(), 0);
  native_time.assign(m.outcomes.size(), 0.0);
  native_rows.assign(m.tracked.size(), nullptr);
}

RunState::RunState() : scratch(std::make_unique<sim::Scratch>()) {}
RunState::~RunState() = default;
RunState::RunState(RunState&&) noexcept = default;
RunState& RunState::operator=(RunState&&) noexcept = default;

void RunState::prepare(const Model& m) {
  state.assign(m.initial.size(), 0.0);
  outcomes.assign(m.outcomes.size(), {});
  drawn.assign(m.sampled.size(), 0.0);
  tracked.assign(m.tracked.size(), std::vector<double>(static_cast<std::size_t>(every_step ? m.steps + 1 : series_points(m.steps)), 0.0));
  if (!scratch) scratch = std::make_unique<sim::Scratch>();
  scratch->prepare(m);
}

void run_one(const Model& m, std::uint64_t seed, std::uint64_t run, RunState& rs, std::vector<LogEntry>* log,
             bool track) {
  if (!rs.scratch || rs.state.size() != m.initial.size() || rs.outcomes.size() != m.outcomes.size() || rs.drawn.size() != m.sampled.size() || rs.scratch->drift_decay.size() != m.drifts.size() ||
      rs.scratch->event_p.size() != m.events.size() || rs.scratch->commitment_rng.size() != m.commitments.size() ||
      rs.scratch->decision_rng.size() != m.decisions.size() ||
      (track && !rs.tracked.empty() && rs.tracked[0].size() != static_cast<std::size_t>(rs.every_step ? m.steps + 1 : series_points(m.steps))))
    rs.prepare(m);
  std::copy(m.initial.begin(), m.initial.end(), rs.state.begin());
  double* x = rs.state.data();
  for (std::size_t i = 0; i < m.sampled.size(); ++i) {
    const SampledSlot& sm = m.sampled[i];
    random::Xoshiro256pp g(seed, run, sm.stream);
    rs.drawn[i] = x[sm.slot] = std::clamp(sample(sm.dist, g), sm.lo, sm.hi);
  }
  for (std::size_t i = 0; i < m.drifts.size(); ++i) rs.scratch->drift_rng[i].reseed(random::stream_key(seed, run, m.drifts[i].stream));
  for (std::size_t i = 0; i < m.events.size(); ++i) rs.scratch->event_rng[i].reseed(random::stream_key(seed, run, m.events[i].stream));
  for (std::size_t i = 0; i < m.commitments.size(); ++i)
    rs.scratch->commitment_rng[i].reseed(random::stream_key(seed, run, m.commitments[i].stream));
  for (std::size_t i = 0; i < m.decisions.size(); ++i)
    rs.scratch->decision_rng[i].reseed(random::stream_key(seed, run, m.decisions[i].stream));
  rs.scratch->negotiation_rng.reseed(random::stream_key(seed, run, m.negotiation.stream));
  rs.scratch->ceasefire_rng.reseed(random::stream_key(seed, run, m.ceasefire.stream));
  if (m.war.present) rs.scratch->war_rng.reseed(random::stream_key(seed, run, m.war.stream));
  rs.scratch->ceasefire_risk_rng[0].reseed(random::stream_key(seed, run, m.ceasefire.incident_stream));
  rs.scratch->ceasefire_risk_rng[1].reseed(random::stream_key(seed, run, m.ceasefire.beneficiary_stream));
  for (std::size_t c = 0; c < m.commitments.size(); ++c) {
    const auto& recs = m.reputation_index[c];
    for (int r : recs) {
      rs.scratch->rep_honoured[static_cast<std::size_t>(r)] = x[m.commitments[c].prior_honoured];
      rs.scratch->rep_reneged[static_cast<std::size_t>(r)] = x[m.commitments[c].prior_reneged];
    }
  }
  sim::refresh_credibility(m, rs);
  // What is fixed for the whole run, computed once for a standard step (the last step of a horizon
  // that is not a multiple of the step is shorter and computes its own).
  const double dt = static_cast<double>(m.step_days);
  for (std::size_t i = 0; i < m.drifts.size(); ++i)
    if (m.drifts[i].fixed_in_run) {
      const sim::OuStep ou = sim::ou_step(std::max(0.0, m.drifts[i].rate.eval(x)), x[m.drifts[i].noise], dt);
      rs.scratch->drift_decay[i] = ou.decay;
      rs.scratch->drift_sd[i] = ou.noise_sd;
    }
  for (std::size_t i = 0; i < m.events.size(); ++i)
    if (m.events[i].fixed_rate_in_run) rs.scratch->event_p[i] = sim::step_probability(m.events[i].rate.eval(x), dt);
  std::fill(rs.scratch->prev_trigger.begin(), rs.scratch->prev_trigger.end(), 0);
  std::fill(rs.scratch->prev_on.begin(), rs.scratch->prev_on.end(), 0);
  // Epochs start past every recorded one, so each program is evaluated at least once.
  constexpr std::uint64_t kNever = ~std::uint64_t{0};
  std::fill(rs.scratch->outcome_epoch.begin(), rs.scratch->outcome_epoch.end(), kNever);
  std::fill(rs.scratch->active_epoch.begin(), rs.scratch->active_epoch.end(), kNever);
  std::fill(rs.scratch->trigger_epoch.begin(), rs.scratch->trigger_epoch.end(), kNever);
  rs.scratch->epoch = 0;
  rs.scratch->active_pass = rs.scratch->trigger_pass = rs.scratch->outcome_pass = kNever;
  std::fill(rs.scratch->influence_fixed.begin(), rs.scratch->influence_fixed.end(), 0);
  rs.scratch->baseline_memo = {};
  rs.scratch->security_epoch = kNever;
  std::size_t offset = 0;
  for (const auto& r : m.influences)
    for (Slot s : r.members) rs.scratch->opinion0[offset++] = x[s];
  for (auto& o : rs.outcomes) o = {0.0, static_cast<double>(m.horizon_days), false, true};
  if (track)
    for (std::size_t k = 0; k < m.tracked.size(); ++k) rs.tracked[k][0] = x[m.tracked[k].slot];

  if (m.native && log == nullptr && !rs.every_step) {
    run_native_steps(m, rs, track);
  } else {
    sim::ModelBinding b{m, rs, log, track};
    sim::run_steps(b);
  }
  for (std::size_t k = 0; k < m.outcomes.size(); ++k) {
    const OutcomeRule& o = m.outcomes[k];
    rs.outcomes[k].included = !o.conditional || o.given.eval(x) != 0.0;
    if (o.kind == OutcomeSpec::Kind::Value) rs.outcomes[k].value = o.expr.eval(x);
    if (o.kind == OutcomeSpec::Kind::Count) {
      rs.outcomes[k].value = x[m.events[static_cast<std::size_t>(o.event)].count];
      rs.outcomes[k].happened = rs.outcomes[k].value > 0;
    }
  }
}

}  // namespace geosim
