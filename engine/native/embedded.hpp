// SPDX-License-Identifier: Apache-2.0
// Header texts the generated source embeds, so the engine and generated code share one
// definition of the step (engine/sim/step.hpp and what it includes), the random streams and the
// interface. Defined in embedded.cpp, which CMake writes from embedded.cpp.in at configure time
// (GEOSIM_EMBEDDED in CMakeLists.txt lists them, in include order).
#pragma once

#include <cstddef>

namespace geosim::native::embedded {

struct Header {
  const char* path;  ///< relative to the source tree, e.g. "engine/sim/step.hpp"
  const char* text;
};

extern const Header kHeaders[];
extern const std::size_t kHeaderCount;

}  // namespace geosim::native::embedded
