// Header texts the generated source embeds, so the engine and generated code share one
// definition of the random streams, the step formulas, the interface and the expression
// operations. Defined in embedded.cpp, which CMake writes from embedded.cpp.in at configure time.
#pragma once

namespace geosim::native::embedded {

extern const char* const kRandom;    ///< include/geosim/random.hpp
extern const char* const kFormulas;  ///< engine/sim/formulas.hpp
extern const char* const kAbi;       ///< engine/native/abi.hpp
extern const char* const kExprOps;   ///< include/geosim/expr_ops.hpp

}  // namespace geosim::native::embedded
