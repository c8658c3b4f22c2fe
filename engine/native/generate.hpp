// Model -> C++ source of its step loop (see generate.cpp). Private to engine/native/.
#pragma once

#include <string>

#include "geosim/model.hpp"

namespace geosim::native {

/// @brief The C++ source of `geosim_native_run` for `m` (with `geosim_native_abi`): self-contained,
/// standard headers only. Deterministic: the same model gives the same text.
std::string generate_source(const Model& m);

}  // namespace geosim::native
