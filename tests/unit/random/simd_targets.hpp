// SPDX-License-Identifier: Apache-2.0
// For the tests of the batched streams and variates: runs a body once on each instruction set
// Highway compiled and this CPU supports, each forced in turn.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <hwy/targets.h>

#include "geosim/random_batch.hpp"

namespace geosim_test {

/// Forces each target Highway compiled and this CPU supports, in turn, for the calls of `body`;
/// restores the normal choice afterwards.
template <class Body>
void on_every_target(const Body& body) {
  const std::vector<std::int64_t> targets = hwy::SupportedAndGeneratedTargets();
  REQUIRE(!targets.empty());
  for (const std::int64_t target : targets) {
    hwy::SetSupportedTargetsForTest(target);
    const std::string name = hwy::TargetName(target);
    CAPTURE(name);
    REQUIRE(std::string(geosim::random::batch_simd_target()) == name);
    body();
  }
  hwy::SetSupportedTargetsForTest(0);
}

}  // namespace geosim_test
