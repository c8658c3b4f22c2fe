// SPDX-License-Identifier: Apache-2.0
#include "cli/engine_cost.hpp"

#include <fmt/format.h>

namespace geosim::cli {

double expected_compile_seconds(std::size_t bytes) {
  return kCompileFixedSeconds + kCompileSecondsPerMB * static_cast<double>(bytes) / 1e6;
}

EngineDecision decide_engine(const EngineCosts& c) {
  if (c.cached) return {true, "native: the library is cached (no compile)"};
  if (c.runs_unknown) return {true, "native: --precision, the number of runs is not known in advance"};
  const double runs = static_cast<double>(c.runs);
  const double interpreted = runs * c.interpreted_run;
  const double native = c.compile + runs * c.interpreted_run * c.native_ratio;
  const bool pays = native < interpreted;
  return {pays, fmt::format("{}: {} runs x {:.3g} ms interpreted = {:.3g} s, against {:.3g} s to compile + {:.3g} s native "
                            "(x {:.2f} per run)",
                            pays ? "native" : "interpreted", c.runs, c.interpreted_run * 1e3, interpreted, c.compile,
                            runs * c.interpreted_run * c.native_ratio, c.native_ratio)};
}

}  // namespace geosim::cli
