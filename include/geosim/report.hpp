// SPDX-License-Identifier: Apache-2.0
// Reports: consume plain Summary structs.
#pragma once

#include <string>

#include "geosim/mc.hpp"

namespace geosim {

/// @brief The terminal table: each outcome with its estimate and 95% interval, aligned.
std::string format_table(const Summary& s);

}  // namespace geosim
