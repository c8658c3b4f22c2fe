// SPDX-License-Identifier: Apache-2.0
// Keyed xoshiro256++ streams: bit-exact against the reference algorithm, plus distribution checks
// at fixed seeds (so every tolerance below is a fixed pass/fail, not a flaky test).
#include <array>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <random>
#include <set>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <doctest/doctest.h>

#include "geosim/random.hpp"

using geosim::random::Xoshiro256pp;

namespace {

// Straight transcription of Blackman & Vigna's xoshiro256plusplus.c, with the state exposed.
struct ReferenceXoshiro {
  std::array<std::uint64_t, 4> s;
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s[0] + s[3], 23) + s[0];
    const std::uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
  }
};

// Straight transcription of Vigna's splitmix64.c.
struct ReferenceSplitMix {
  std::uint64_t x;
  std::uint64_t next() {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
  }
};

// The seeding the reference authors recommend: fill the state with successive splitmix64 outputs.
ReferenceXoshiro reference_from_key(std::uint64_t key) {
  ReferenceSplitMix sm{key};
  return ReferenceXoshiro{{sm.next(), sm.next(), sm.next(), sm.next()}};
}

}  // namespace

static_assert(std::uniform_random_bit_generator<Xoshiro256pp>);
// The largest uniform01 value, (2^53 - 1) / 2^53, is strictly below 1.
static_assert(static_cast<double>(Xoshiro256pp::max() >> 11) * 0x1.0p-53 < 1.0);

TEST_SUITE("random") {

TEST_CASE("splitmix64 reproduces the published outputs from state 0") {
  std::uint64_t state = 0;
  CHECK(geosim::random::splitmix64(state) == 0xE220A8397B1DCDAFULL);
  CHECK(geosim::random::splitmix64(state) == 0x6E789E6AA1B965F4ULL);
  CHECK(geosim::random::splitmix64(state) == 0x06C45D188009454FULL);
  CHECK(state == 3 * 0x9E3779B97F4A7C15ULL);

  ReferenceSplitMix ref{0};
  CHECK(ref.next() == 0xE220A8397B1DCDAFULL);
}

TEST_CASE("the reference transcription matches the published xoshiro256++ vector") {
  // Output of xoshiro256plusplus.c from state {1, 2, 3, 4} (as in rand_xoshiro's test suite).
  ReferenceXoshiro ref{{1, 2, 3, 4}};
  const std::uint64_t expected[] = {41943041ULL,
                                    58720359ULL,
                                    3588806011781223ULL,
                                    3591011842654386ULL,
                                    9228616714210784205ULL,
                                    9973669472204895162ULL,
                                    14011001112246962877ULL,
                                    12406186145184390807ULL,
                                    15849039046786891736ULL,
                                    10450023813501588000ULL};
  for (std::uint64_t e : expected) CHECK(ref.next() == e);
}

TEST_CASE("Xoshiro256pp is bit-exact with the reference for splitmix-seeded states") {
  for (const std::uint64_t key : std::array<std::uint64_t, 5>{0, 1, 0xDEADBEEF, 0xFFFFFFFFFFFFFFFF,
                            geosim::random::stream_key(7, 3, 2)}) {
    CAPTURE(key);
    Xoshiro256pp gen(key);
    ReferenceXoshiro ref = reference_from_key(key);
    bool all_equal = true;
    for (int i = 0; i < 10000; ++i) all_equal = all_equal && (gen() == ref.next());
    CHECK(all_equal);
  }
  // reseed restarts the stream exactly.
  Xoshiro256pp gen(99);
  const std::uint64_t first = gen();
  for (int i = 0; i < 50; ++i) gen();
  gen.reseed(99);
  CHECK(gen() == first);
  // The keyed constructor is the key constructor applied to stream_key.
  Xoshiro256pp keyed(5, 6, 7);
  Xoshiro256pp direct(geosim::random::stream_key(5, 6, 7));
  bool same = true;
  for (int i = 0; i < 100; ++i) same = same && keyed() == direct();
  CHECK(same);
}

TEST_CASE("streams are reproducible and distinct") {
  auto head = [](Xoshiro256pp g) {
    std::array<std::uint64_t, 4> out{};
    for (auto& x : out) x = g();
    return out;
  };
  CHECK(head(Xoshiro256pp(1, 2, 3)) == head(Xoshiro256pp(1, 2, 3)));
  CHECK(head(Xoshiro256pp(1, 2, 3)) != head(Xoshiro256pp(1, 2, 4)));
  CHECK(head(Xoshiro256pp(1, 2, 3)) != head(Xoshiro256pp(1, 3, 3)));
  CHECK(head(Xoshiro256pp(1, 2, 3)) != head(Xoshiro256pp(2, 2, 3)));
  // run and stream are not interchangeable.
  CHECK(head(Xoshiro256pp(1, 2, 3)) != head(Xoshiro256pp(1, 3, 2)));

  // No key collisions over a grid of 3 seeds x 200 runs x 50 streams.
  std::set<std::uint64_t> keys;
  for (std::uint64_t seed = 0; seed < 3; ++seed)
    for (std::uint64_t run = 0; run < 200; ++run)
      for (std::uint64_t stream = 0; stream < 50; ++stream)
        keys.insert(geosim::random::stream_key(seed, run, stream));
  CHECK(keys.size() == 3u * 200u * 50u);
}

TEST_CASE("uniform01: range, moments and chi-square uniformity") {
  Xoshiro256pp gen(20240601, 0, 0);
  constexpr int kDraws = 1'000'000;
  constexpr int kBins = 10;
  std::array<int, kBins> counts{};
  double sum = 0.0;
  double sum_sq = 0.0;
  bool in_range = true;
  for (int i = 0; i < kDraws; ++i) {
    const double u = gen.uniform01();
    in_range = in_range && u >= 0.0 && u < 1.0;
    sum += u;
    sum_sq += u * u;
    ++counts[static_cast<std::size_t>(u * kBins)];
  }
  CHECK(in_range);
  const double mean = sum / kDraws;
  // Standard error of the mean is 1/sqrt(12e6) = 2.9e-4; 0.005 is ~17 standard errors.
  CHECK(std::abs(mean - 0.5) < 0.005);
  CHECK(std::abs(sum_sq / kDraws - mean * mean - 1.0 / 12.0) < 0.001);

  const double expected = static_cast<double>(kDraws) / kBins;
  double chi2 = 0.0;
  for (int c : counts) chi2 += (c - expected) * (c - expected) / expected;
  CAPTURE(chi2);
  // chi-square with 9 degrees of freedom: 0.001 quantile 1.152, 0.999 quantile 27.877.
  // Too small a statistic would flag suspiciously even output as much as too large flags bias.
  CHECK(chi2 > 1.152);
  CHECK(chi2 < 27.877);
}

TEST_CASE("Boost.Random distributions draw from Xoshiro256pp") {
  Xoshiro256pp gen(77, 1, 2);
  constexpr int kDraws = 200'000;

  // Normal(2, 3): standard error of the mean 3/sqrt(2e5) = 0.0067; tolerance 0.03 (~4.5 SE).
  boost::random::normal_distribution<double> normal(2.0, 3.0);
  double sum = 0.0;
  double sum_sq = 0.0;
  for (int i = 0; i < kDraws; ++i) {
    const double x = normal(gen);
    sum += x;
    sum_sq += x * x;
  }
  const double mean = sum / kDraws;
  const double sd = std::sqrt(sum_sq / kDraws - mean * mean);
  CHECK(std::abs(mean - 2.0) < 0.03);
  CHECK(std::abs(sd - 3.0) < 0.03);  // SE of sd is 3/sqrt(2 * 2e5) = 0.0047

  // Exponential(rate 4): mean 0.25, SE of the mean 0.25/sqrt(2e5) = 0.00056; tolerance 0.0025.
  boost::random::exponential_distribution<double> expo(4.0);
  double esum = 0.0;
  int above_median = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double x = expo(gen);
    esum += x;
    above_median += x > std::log(2.0) / 4.0 ? 1 : 0;
  }
  CHECK(std::abs(esum / kDraws - 0.25) < 0.0025);
  // P(X > median) = 1/2; SE of the fraction is 0.0011; tolerance 0.005.
  CHECK(std::abs(static_cast<double>(above_median) / kDraws - 0.5) < 0.005);
}

}  // TEST_SUITE
