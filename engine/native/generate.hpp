// SPDX-License-Identifier: Apache-2.0
// Model -> C++ source of its step loop (see generate.cpp). Private to engine/native/.
#pragma once

#include <cstddef>
#include <string>

#include "geosim/model.hpp"

namespace geosim::native {

/// @brief The C++ source of `geosim_native_run` for `m` (with `geosim_native_abi`): self-contained,
/// standard headers only. Deterministic: the same model gives the same text. A kind of rule with
/// more than `unroll_max` rules is written in the rows form (native/rules.hpp).
std::string generate_source(const Model& m, std::size_t unroll_max);

}  // namespace geosim::native
