// SPDX-License-Identifier: Apache-2.0
// What every mechanism of a step sees: the step itself, and the kinds of chronicle entries.
// Standard headers only (native code embeds this text).
#pragma once

#include <cmath>
#include <cstdint>

namespace geosim::sim {

/// @brief One step: its index, start day, length in days, and whether it has the standard
/// length (only the last step of a horizon that is not a multiple of the step is shorter).
struct Step {
  int index;
  double day;
  double dt;
  bool standard;
};

/// @brief What a chronicle entry records (LogEntry::Kind has the same values in the same order).
/// Responded is logged by the engine (commitments.cpp), never noted by a template.
enum class Note : std::uint8_t { Event, Agreement, Breach, Invoked, Honoured, Reneged, Option, Decision, Responded, Battle, Incident, Bound, Offer };

/// @brief True when the step [day, day + dt) holds a multiple of `every` days (every step when
/// `every` <= 0). Days and step lengths are whole numbers, so the test is exact.
inline bool due_every(int every, const Step& s) {
  if (every <= 0) return true;
  const double k = static_cast<double>(every);
  return std::ceil(s.day / k) * k < s.day + s.dt;
}

}  // namespace geosim::sim
