// SPDX-License-Identifier: Apache-2.0
// Warnings about uncertain numbers that no outcome can depend on (analysis::inert_parameters),
// shared by `geosim check` and `geosim sensitivity`.
#pragma once

#include <string>

#include "cli/common.hpp"

namespace geosim::cli {

/// @brief One line per inert uncertain number, `FILE:LINE:COL: warning: ...` where the number
/// was declared (parameters and variables; other numbers name the file only). Empty if none.
std::string inert_warnings(const Loaded& l, const std::string& file);

}  // namespace geosim::cli
