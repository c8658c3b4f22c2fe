// SPDX-License-Identifier: Apache-2.0
// For the tests of the SIMD code (batched streams, variates and elementary functions): runs a body
// once on each instruction set Highway compiled and this CPU supports, each forced in turn.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <hwy/targets.h>

#include "geosim/random_batch.hpp"

namespace geosim_test {

/// Forces each target Highway compiled and this CPU supports, in turn, for the calls of `body`;
/// restores the normal choice afterwards. `chosen` names the target the code under test
/// dispatched to, which must be the forced one.
template <class Body>
void on_every_target(const Body& body, const char* (*chosen)() noexcept = geosim::random::batch_simd_target) {
  const std::vector<std::int64_t> targets = hwy::SupportedAndGeneratedTargets();
  REQUIRE(!targets.empty());
  for (const std::int64_t target : targets) {
    hwy::SetSupportedTargetsForTest(target);
    const std::string name = hwy::TargetName(target);
    CAPTURE(name);
    REQUIRE(std::string(chosen()) == name);
    body();
  }
  hwy::SetSupportedTargetsForTest(0);
}

}  // namespace geosim_test
