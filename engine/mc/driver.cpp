#include <algorithm>
#include <chrono>

#include "geosim/mc.hpp"
#include "geosim/run.hpp"

namespace geosim {

Summary run_monte_carlo(const Model& m, const McOptions& options) {
  auto start = std::chrono::steady_clock::now();
  Summary s;
  s.scenario = m.name;
  s.variant = m.variant;
  s.seed = options.seed;
  s.runs = options.runs;
  s.horizon_days = m.horizon_days;
  s.step_days = m.step_days;
  s.outcomes.resize(m.outcomes.size());
  for (std::size_t k = 0; k < m.outcomes.size(); ++k) {
    s.outcomes[k].id = m.outcomes[k].id;
    s.outcomes[k].label = m.outcomes[k].label;
    s.outcomes[k].kind = m.outcomes[k].kind;
    if (m.outcomes[k].kind == OutcomeSpec::Kind::When) s.outcomes[k].times.reserve(options.runs);
    else s.outcomes[k].sorted_values.reserve(options.runs);
  }
  RunState rs;
  rs.prepare(m);
  for (std::uint64_t run = 0; run < options.runs; ++run) {
    run_one(m, options.seed, run, rs);
    for (std::size_t k = 0; k < m.outcomes.size(); ++k) {
      const OutcomeValue& v = rs.outcomes[k];
      OutcomeSummary& o = s.outcomes[k];
      ++o.n;
      if (v.happened) ++o.happened;
      o.values.add(v.value);
      if (o.kind == OutcomeSpec::Kind::When) o.times.push_back({v.time, v.happened});
      else o.sorted_values.push_back(v.value);
    }
  }
  for (auto& o : s.outcomes) {
    o.ci = stats::wilson(o.happened, o.n);
    std::sort(o.sorted_values.begin(), o.sorted_values.end());
  }
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return s;
}

}  // namespace geosim
