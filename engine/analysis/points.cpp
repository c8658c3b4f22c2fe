// SPDX-License-Identifier: Apache-2.0
// Many model points (sweep rows, sensitivity design points), each estimated over the same run
// indices at the same seed. Work is cut into pieces (point, block of runs), piece p = point *
// blocks + block, computed on worker threads and merged per point in block order by the calling
// thread (mc/executor.hpp), so the results do not depend on the number of threads or on scheduling.
#include <algorithm>
#include <atomic>
#include <cmath>

#include "geosim/analysis.hpp"
#include "mc/executor.hpp"

namespace geosim::analysis {

std::vector<PointResult> evaluate_points(const Model& prototype, std::size_t points, const ModelForPoint& model_for,
                                         const PointsOptions& options) {
  const std::uint64_t runs = std::max<std::uint64_t>(1, options.runs);
  const std::uint64_t blocks = (runs + kBlockRuns - 1) / kBlockRuns;
  const std::uint64_t pieces = points * blocks;
  const std::size_t n_out = prototype.outcomes.size();

  // Each worker keeps a scratch copy of the prototype and the model of the point it is on; pieces
  // reach a worker in increasing order, so it changes point at most once per point.
  struct Worker {
    explicit Worker(const Model& prototype_model) : scratch(prototype_model) {}
    Model scratch;
    RunState rs;
    const Model* current = nullptr;
    std::size_t current_point = static_cast<std::size_t>(-1);
  };
  auto make_worker = [&] {
    return [&, w = Worker(prototype)](std::uint64_t p, PointResult& r) mutable {
      const auto point = static_cast<std::size_t>(p / blocks);
      if (point != w.current_point) {
        w.current = &model_for(point, w.scratch);
        w.current_point = point;
        w.rs.prepare(*w.current);
      }
      const Model& m = *w.current;
      r.outcomes.assign(n_out, {});
      const std::uint64_t first = (p % blocks) * kBlockRuns;
      const std::uint64_t last = std::min(runs, first + kBlockRuns);
      for (std::uint64_t run = first; run < last; ++run) {
        // This piece is then incomplete; the executor never hands it out.
        if (options.cancel && options.cancel->load(std::memory_order_relaxed)) return;
        run_one(m, options.seed, run, w.rs);
        for (std::size_t k = 0; k < n_out && k < m.outcomes.size(); ++k) {
          if (!w.rs.outcomes[k].included) continue;  // conditional outcome whose `given` failed
          if (!std::isfinite(w.rs.outcomes[k].value)) {  // counted, in no statistic (as in `run`)
            ++r.outcomes[k].nan_runs;
            continue;
          }
          r.outcomes[k].values.add(w.rs.outcomes[k].value);
          if (w.rs.outcomes[k].happened) ++r.outcomes[k].happened;
        }
      }
    };
  };

  std::vector<PointResult> out(points);
  for (auto& o : out) o.outcomes.assign(n_out, {});
  const bool complete = mc::run_ordered<PointResult>(
      pieces, options.threads, options.cancel, make_worker, [&](std::uint64_t p, const PointResult& r) {
        const auto point = static_cast<std::size_t>(p / blocks);
        for (std::size_t k = 0; k < n_out; ++k) out[point].outcomes[k].merge(r.outcomes[k]);
        if (options.progress && p % blocks == blocks - 1) options.progress(point + 1, points);
      });
  if (!complete) out.clear();
  return out;
}

}  // namespace geosim::analysis
