// SPDX-License-Identifier: Apache-2.0
#include "mc/block.hpp"

#include <algorithm>
#include <cmath>

#include "geosim/random.hpp"

namespace geosim::mc {

std::uint64_t sample_key(std::uint64_t run) {
  std::uint64_t s = run ^ 0x5DEECE66DULL;
  return random::splitmix64(s);
}

void run_block(const Model& m, std::uint64_t seed, BlockResult& out, RunState& rs, bool track, bool rows,
               std::uint64_t series_threshold, const std::atomic<bool>* cancel) {
  const std::size_t n_out = m.outcomes.size();
  out.outcomes.assign(n_out, {});
  for (std::size_t k = 0; k < n_out; ++k)
    if (m.outcomes[k].kind == OutcomeSpec::Kind::When) out.outcomes[k].first_passage.assign(static_cast<std::size_t>(m.steps), 0);
  out.series.clear();
  out.rows.clear();
  out.drawn.clear();
  const NegotiationRule& neg = m.negotiation;
  out.binds.assign(neg.present ? 4 : 0, {});
  const bool tracking = track && !m.tracked.empty();
  for (std::uint64_t i = 0; i < out.runs; ++i) {
    if (cancel && cancel->load(std::memory_order_relaxed)) return;
    const std::uint64_t run = out.first_run + i;
    const std::uint64_t key = sample_key(run);
    run_one(m, seed, run, rs, nullptr, tracking && key < series_threshold);
    for (std::size_t k = 0; k < n_out; ++k) {
      const OutcomeValue& v = rs.outcomes[k];
      if (!v.included) continue;  // conditional outcome whose condition failed in this run
      OutcomeBlock& b = out.outcomes[k];
      ++b.n;
      if (!std::isfinite(v.value)) {  // NaN or infinite: counted, kept out of every statistic
        ++b.nan_runs;
        continue;
      }
      b.values.add(v.value);
      if (v.happened) ++b.happened;
      if (m.outcomes[k].kind == OutcomeSpec::Kind::When) {
        if (v.happened) {
          auto step = static_cast<std::size_t>(std::clamp(std::ceil(v.time / m.step_days) - 1, 0.0, static_cast<double>(m.steps - 1)));
          ++b.first_passage[step];
        }
      } else {
        b.sample.push_back({key, run, v.value});
      }
    }
    if (neg.present && rs.state[neg.steps] > 0) {
      const double steps = rs.state[neg.steps];
      const Slot bound[] = {neg.binds_rational_low, neg.binds_demand, neg.binds_rational_high, neg.binds_red_line};
      for (std::size_t k = 0; k < 4; ++k) out.binds[k].add(rs.state[bound[k]] / steps);
    }
    if (tracking && key < series_threshold) {
      KeyedSeries ks{key, run, {}};
      for (const auto& t : rs.tracked) ks.values.insert(ks.values.end(), t.begin(), t.end());
      out.series.push_back(std::move(ks));
    }
    if (rows) {
      out.rows.insert(out.rows.end(), rs.outcomes.begin(), rs.outcomes.end());
      out.drawn.insert(out.drawn.end(), rs.drawn.begin(), rs.drawn.end());
    }
  }
}

}  // namespace geosim::mc
