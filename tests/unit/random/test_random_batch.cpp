// SPDX-License-Identifier: Apache-2.0
// XoshiroBatch (include/geosim/random_batch.hpp): every lane is bit for bit the scalar Xoshiro256pp
// stream of its key, for every batch width and on every instruction set Highway compiled that this
// CPU runs (each forced in turn), through each entry point (one draw per call and whole rows), and
// a run's lane does not depend on which runs share its batch.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <hwy/targets.h>

#include "geosim/random.hpp"
#include "geosim/random_batch.hpp"
#include "../../support/simd_targets.hpp"

using geosim::random::stream_key;
using geosim::random::Xoshiro256pp;
using geosim::random::XoshiroBatch;
using geosim_test::on_every_target;

namespace {

constexpr std::size_t kDraws = 100'000;  // per lane and per entry point

bool same_double(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

/// Keys of lanes: stream keys of runs, and the corners 0, 1 and all ones.
template <std::size_t W>
std::vector<std::array<std::uint64_t, W>> key_sets() {
  std::vector<std::array<std::uint64_t, W>> sets(3);
  for (std::size_t k = 0; k < W; ++k) {
    sets[0][k] = stream_key(2026, k, 7);
    sets[1][k] = stream_key(1, 1000 + 37 * k, 0x1000 + k);
    sets[2][k] = k % 3 == 0 ? 0 : k % 3 == 1 ? 1 : ~std::uint64_t{0};
  }
  sets[2][W - 1] = 0xDEADBEEF;
  return sets;
}

/// Counts the draws at which a lane of the batch and its scalar stream differ: kDraws by next(),
/// then kDraws by uniform01(), then as many of each by whole rows (500 rows a call), all from
/// one batch and one scalar generator per lane, so each entry point continues where the last ended.
template <std::size_t W>
std::size_t mismatches(const std::array<std::uint64_t, W>& keys) {
  XoshiroBatch<W> batch(keys);
  std::vector<Xoshiro256pp> scalar;
  for (const std::uint64_t key : keys) scalar.emplace_back(key);
  std::size_t bad = 0;
  for (std::size_t i = 0; i < kDraws; ++i) {
    const auto row = batch.next();
    for (std::size_t k = 0; k < W; ++k) bad += row[k] != scalar[k]() ? 1 : 0;
  }
  for (std::size_t i = 0; i < kDraws; ++i) {
    const auto row = batch.uniform01();
    for (std::size_t k = 0; k < W; ++k) bad += same_double(row[k], scalar[k].uniform01()) ? 0 : 1;
  }
  constexpr std::size_t kRows = 500;
  std::vector<std::uint64_t> bits(kRows * W);
  std::vector<double> uniforms(kRows * W);
  for (std::size_t done = 0; done < kDraws; done += kRows) {
    batch.next_rows(bits);
    for (std::size_t r = 0; r < kRows; ++r)
      for (std::size_t k = 0; k < W; ++k) bad += bits[r * W + k] != scalar[k]() ? 1 : 0;
    batch.uniform01_rows(uniforms);
    for (std::size_t r = 0; r < kRows; ++r)
      for (std::size_t k = 0; k < W; ++k) bad += same_double(uniforms[r * W + k], scalar[k].uniform01()) ? 0 : 1;
  }
  return bad;
}

template <std::size_t W>
void check_lanes_equal_scalar() {
  on_every_target([] {
    for (const auto& keys : key_sets<W>()) {
      CAPTURE(keys[0]);
      CHECK(mismatches<W>(keys) == 0);
    }
  });
}

/// The first `n` outputs of each lane of a batch of runs (seed 42, stream 6), lane by lane.
template <std::size_t W>
std::vector<std::vector<std::uint64_t>> lanes_of(const std::array<std::uint64_t, W>& runs, std::size_t n) {
  XoshiroBatch<W> batch;
  batch.reseed(42, runs, 6);
  std::vector<std::vector<std::uint64_t>> lanes(W);
  for (std::size_t i = 0; i < n; ++i) {
    const auto row = batch.next();
    for (std::size_t k = 0; k < W; ++k) lanes[k].push_back(row[k]);
  }
  return lanes;
}

}  // namespace

TEST_SUITE("random") {

TEST_CASE("random batch: every lane of a width-1 batch is its scalar stream on every SIMD target") {
  check_lanes_equal_scalar<1>();
}

TEST_CASE("random batch: every lane of a width-4 batch is its scalar stream on every SIMD target") {
  check_lanes_equal_scalar<4>();
}

TEST_CASE("random batch: every lane of a width-8 batch is its scalar stream on every SIMD target") {
  check_lanes_equal_scalar<8>();
}

TEST_CASE("random batch: every lane of width-2 and width-16 batches is its scalar stream on every SIMD target") {
  check_lanes_equal_scalar<2>();
  check_lanes_equal_scalar<16>();
}

TEST_CASE("random batch: a run's lane does not depend on which runs share its batch nor on the width") {
  constexpr std::size_t kN = 2000;
  const auto a = lanes_of<8>({0, 1, 2, 3, 4, 5, 6, 7}, kN);
  const auto b = lanes_of<8>({3, 9, 0, 12, 7, 1, 100, 5}, kN);
  const auto c = lanes_of<4>({5, 0, 3, 7}, kN);
  const auto d = lanes_of<1>({3}, kN);
  // Run r sits in lane r of a; in b at lanes 2 (run 0), 5 (1), 0 (3), 7 (5), 4 (7); in c at 1, 2, 0, 3.
  CHECK(b[2] == a[0]);
  CHECK(b[5] == a[1]);
  CHECK(b[0] == a[3]);
  CHECK(b[7] == a[5]);
  CHECK(b[4] == a[7]);
  CHECK(c[1] == a[0]);
  CHECK(c[2] == a[3]);
  CHECK(c[0] == a[5]);
  CHECK(c[3] == a[7]);
  CHECK(d[0] == a[3]);
  // And each is the scalar stream of its run.
  for (std::uint64_t run = 0; run < 8; ++run) {
    CAPTURE(run);
    Xoshiro256pp g(42, run, 6);
    bool same = true;
    for (std::size_t i = 0; i < kN; ++i) same = same && a[run][i] == g();
    CHECK(same);
  }
  // Different runs give different streams (no lane copies another).
  for (std::size_t k = 1; k < 8; ++k) CHECK(a[k] != a[0]);
}

TEST_CASE("random batch: reseeding restarts every lane and the target is one Highway compiled for this CPU") {
  XoshiroBatch<8> batch;
  batch.reseed(9, {0, 1, 2, 3, 4, 5, 6, 7}, 3);
  const auto first = batch.next();
  for (int i = 0; i < 100; ++i) batch.next();
  batch.reseed(9, {0, 1, 2, 3, 4, 5, 6, 7}, 3);
  CHECK(batch.next() == first);
  // A default batch is every lane at key 0, as a default Xoshiro256pp.
  XoshiroBatch<4> zero;
  Xoshiro256pp g;
  const std::uint64_t expect = g();
  CHECK(zero.next() == std::array<std::uint64_t, 4>{expect, expect, expect, expect});

  bool known = false;
  for (const std::int64_t target : hwy::SupportedAndGeneratedTargets())
    known = known || std::string(hwy::TargetName(target)) == geosim::random::batch_simd_target();
  CHECK(known);
#if HWY_ARCH_X86_64
  // Portable code and at least one SIMD instruction set on the x86-64 machines the project builds on.
  CHECK(hwy::SupportedAndGeneratedTargets().size() >= 2);
#endif
}

}  // TEST_SUITE
