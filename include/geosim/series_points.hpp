// SPDX-License-Identifier: Apache-2.0
// Which steps a tracked series records: every step up to kSeriesMaxPoints steps, else every
// `stride` steps, so that a series holds at most kSeriesMaxPoints points after its start whatever
// the horizon (a 100-year horizon of daily steps is 987 points, not 36,500). The rule depends on
// the number of steps only: the same points for any thread or MPI rank count, in the interpreter
// and in native code.
#pragma once

namespace geosim {

/// @brief Most points of a tracked series after its start (step 0).
inline constexpr int kSeriesMaxPoints = 1000;

/// @brief Steps between recorded points: 1 up to kSeriesMaxPoints steps, else the smallest stride
/// that keeps the points after the start within kSeriesMaxPoints (ceil(steps / kSeriesMaxPoints)).
constexpr int series_stride(int steps) { return steps <= kSeriesMaxPoints ? 1 : (steps + kSeriesMaxPoints - 1) / kSeriesMaxPoints; }

/// @brief Points of a series of `steps` steps, the start included: the start (point 0), the ends of
/// steps stride, 2 stride, ..., and always the end of the last step.
constexpr int series_points(int steps) {
  const int s = series_stride(steps);
  return 1 + (steps + s - 1) / s;
}

/// @brief The step count at point p (0 = the start; the last point is `steps`).
constexpr int series_point_step(int steps, int p) {
  const int at = p * series_stride(steps);
  return at < steps ? at : steps;
}

/// @brief The point recorded at the end of step count `done` (1..steps), or -1 when none is.
constexpr int series_point_at(int steps, int done) {
  const int s = series_stride(steps);
  if (done % s != 0 && done != steps) return -1;
  return (done + s - 1) / s;
}

}  // namespace geosim
