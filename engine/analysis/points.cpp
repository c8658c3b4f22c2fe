// Many model points (sweep rows, sensitivity design points), each estimated over the same run
// indices at the same seed. Work is cut into (point, block of runs) pieces taken by worker threads
// in a fixed order; each piece is reduced alone and pieces are merged per point in block order, so
// the results do not depend on the number of threads or on scheduling.
#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "geosim/analysis.hpp"

namespace geosim::analysis {

std::vector<PointResult> evaluate_points(const Model& prototype, std::size_t points, const ModelForPoint& model_for,
                                         const PointsOptions& options) {
  const int threads = std::max(1, options.threads);
  const std::uint64_t runs = std::max<std::uint64_t>(1, options.runs);
  const std::uint64_t blocks = (runs + kBlockRuns - 1) / kBlockRuns;
  const std::size_t pieces = points * blocks;
  const std::size_t n_out = prototype.outcomes.size();

  // pieces_[point * blocks + block]: tallies of that block of runs at that point.
  std::vector<PointResult> piece(pieces);
  std::vector<std::atomic<std::uint64_t>> left(points);  // blocks of each point still to finish
  for (auto& l : left) l.store(blocks);
  std::atomic<std::size_t> next{0};
  std::atomic<std::uint64_t> finished_points{0};
  std::atomic<bool> cancelled{false};
  std::mutex progress_mu;

  auto worker = [&] {
    Model scratch = prototype;
    RunState rs;
    const Model* current = nullptr;
    std::size_t current_point = static_cast<std::size_t>(-1);
    for (;;) {
      if (options.cancel && options.cancel->load()) {
        cancelled.store(true);
        return;
      }
      const std::size_t p = next.fetch_add(1);
      if (p >= pieces) return;
      const std::size_t point = p / blocks;
      const std::uint64_t block = p % blocks;
      if (point != current_point) {
        const Model& m = model_for(point, scratch);
        current = &m;
        current_point = point;
        rs.prepare(m);
      }
      const Model& m = *current;
      PointResult& r = piece[p];
      r.outcomes.assign(n_out, {});
      const std::uint64_t first = block * kBlockRuns;
      const std::uint64_t last = std::min(runs, first + kBlockRuns);
      for (std::uint64_t run = first; run < last; ++run) {
        if (options.cancel && options.cancel->load(std::memory_order_relaxed)) {
          cancelled.store(true);  // this piece is incomplete; nothing is merged after a cancel
          return;
        }
        run_one(m, options.seed, run, rs);
        for (std::size_t k = 0; k < n_out && k < m.outcomes.size(); ++k) {
          if (!rs.outcomes[k].included) continue;  // conditional outcome whose `given` failed
          r.outcomes[k].values.add(rs.outcomes[k].value);
          if (rs.outcomes[k].happened) ++r.outcomes[k].happened;
        }
      }
      if (left[point].fetch_sub(1) == 1) {
        const std::uint64_t done = finished_points.fetch_add(1) + 1;
        if (options.progress) {
          std::lock_guard lock(progress_mu);
          options.progress(done, points);
        }
      }
    }
  };
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) pool.emplace_back(worker);
  for (auto& t : pool) t.join();

  std::vector<PointResult> out;
  if (cancelled.load()) return out;
  out.resize(points);
  for (std::size_t point = 0; point < points; ++point) {
    out[point].outcomes.assign(n_out, {});
    for (std::uint64_t b = 0; b < blocks; ++b)
      for (std::size_t k = 0; k < n_out; ++k) out[point].outcomes[k].merge(piece[point * blocks + b].outcomes[k]);
  }
  return out;
}

}  // namespace geosim::analysis
