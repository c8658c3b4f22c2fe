// SPDX-License-Identifier: Apache-2.0
// Masked draws and per-lane access of XoshiroBatch (include/geosim/random_batch.hpp): a lane in the
// mask draws exactly its scalar stream's next output, a lane outside it gets 0 and its stream is
// left exactly where it was (its next draws are still the scalar stream's), on every instruction
// set this CPU runs (each forced in turn); and lane(k) steps lane k alone.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include <doctest/doctest.h>

#include "geosim/random.hpp"
#include "geosim/random_batch.hpp"
#include "../../support/simd_targets.hpp"

using geosim::random::all_lanes;
using geosim::random::LaneMask;
using geosim::random::stream_key;
using geosim::random::Xoshiro256pp;
using geosim::random::XoshiroBatch;
using geosim_test::on_every_target;

namespace {

constexpr std::size_t kRounds = 4000;  // each round: every masked entry point once, then lane access

bool same_double(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

/// The mask of round i: none, all, then random subsets (from a stream of their own).
template <std::size_t W>
LaneMask mask_of(std::size_t i, Xoshiro256pp& masks) {
  if (i % 17 == 0) return 0;
  if (i % 17 == 1) return all_lanes<W>();
  return static_cast<LaneMask>(masks()) & all_lanes<W>();
}

/// Counts the values at which a masked batch and its scalar streams differ (a masked lane's draw
/// against the scalar stream's next; an unmasked lane's value against 0, its stream not advanced),
/// through every masked entry point and lane access in turn, then a full row of next() at the end.
template <std::size_t W>
std::size_t masked_mismatches(std::uint64_t seed) {
  std::array<std::uint64_t, W> keys{};
  for (std::size_t k = 0; k < W; ++k) keys[k] = stream_key(seed, 3 * k + 1, 11);
  XoshiroBatch<W> batch(keys);
  std::vector<Xoshiro256pp> scalar;
  for (const std::uint64_t key : keys) scalar.emplace_back(key);
  Xoshiro256pp masks(seed ^ 0x5EED);
  std::size_t bad = 0;
  auto in = [](LaneMask mask, std::size_t k) { return ((mask >> k) & 1u) != 0; };
  constexpr std::size_t kRows = 3;
  std::array<std::uint64_t, kRows * W> bits{};
  std::array<double, kRows * W> uniforms{};
  for (std::size_t i = 0; i < kRounds; ++i) {
    LaneMask mask = mask_of<W>(i, masks);
    const auto a = batch.next(mask);
    for (std::size_t k = 0; k < W; ++k) bad += a[k] != (in(mask, k) ? scalar[k]() : 0) ? 1 : 0;
    mask = mask_of<W>(i + 5, masks);
    const auto b = batch.uniform01(mask);
    for (std::size_t k = 0; k < W; ++k) bad += same_double(b[k], in(mask, k) ? scalar[k].uniform01() : 0.0) ? 0 : 1;
    mask = mask_of<W>(i + 9, masks);
    batch.next_rows(mask, bits);
    for (std::size_t r = 0; r < kRows; ++r)
      for (std::size_t k = 0; k < W; ++k) bad += bits[r * W + k] != (in(mask, k) ? scalar[k]() : 0) ? 1 : 0;
    mask = mask_of<W>(i + 13, masks);
    batch.uniform01_rows(mask, uniforms);
    for (std::size_t r = 0; r < kRows; ++r)
      for (std::size_t k = 0; k < W; ++k)
        bad += same_double(uniforms[r * W + k], in(mask, k) ? scalar[k].uniform01() : 0.0) ? 0 : 1;
    // One lane alone, as the scalar fallback of a rejection draws: integers and uniforms.
    const std::size_t k = static_cast<std::size_t>(masks() % W);
    auto lane = batch.lane(k);
    bad += lane() != scalar[k]() ? 1 : 0;
    bad += same_double(lane.uniform01(), scalar[k].uniform01()) ? 0 : 1;
  }
  const auto last = batch.next();
  for (std::size_t k = 0; k < W; ++k) bad += last[k] != scalar[k]() ? 1 : 0;
  return bad;
}

template <std::size_t W>
void check_masked() {
  on_every_target([] {
    for (const std::uint64_t seed : {1u, 2026u}) {
      CAPTURE(seed);
      CHECK(masked_mismatches<W>(seed) == 0);
    }
  });
}

}  // namespace

TEST_SUITE("random") {

TEST_CASE("random batch masked: width-1 and width-4 lanes draw only in the mask and the others keep their streams on every SIMD target") {
  check_masked<1>();
  check_masked<4>();
}

TEST_CASE("random batch masked: width-8 lanes draw only in the mask and the others keep their streams on every SIMD target") {
  check_masked<8>();
}

TEST_CASE("random batch masked: width-2 and width-16 lanes draw only in the mask and the others keep their streams on every SIMD target") {
  check_masked<2>();
  check_masked<16>();
}

TEST_CASE("random batch masked: an empty mask changes no lane and lane access leaves the other lanes alone") {
  XoshiroBatch<8> batch;
  batch.reseed(5, {0, 1, 2, 3, 4, 5, 6, 7}, 2);
  XoshiroBatch<8> copy = batch;
  CHECK(batch.next(LaneMask{0}) == std::array<std::uint64_t, 8>{});
  CHECK(batch.uniform01(LaneMask{0}) == std::array<double, 8>{});
  std::array<std::uint64_t, 16> rows{};
  batch.next_rows(LaneMask{0}, rows);
  CHECK(rows == std::array<std::uint64_t, 16>{});
  CHECK(batch.next() == copy.next());
  // Lane 3 draws 100 times alone: only lane 3 moved.
  auto lane = batch.lane(3);
  Xoshiro256pp three(5, 3, 2);
  three();  // the row drawn above
  bool same = true;
  for (int i = 0; i < 100; ++i) same = same && lane() == three();
  CHECK(same);
  const auto after = batch.next();
  const auto expect = copy.next();
  for (std::size_t k = 0; k < 8; ++k) {
    CAPTURE(k);
    if (k == 3) {
      CHECK(after[k] == three());
    } else {
      CHECK(after[k] == expect[k]);
    }
  }
}

}  // TEST_SUITE
