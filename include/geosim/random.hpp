// SPDX-License-Identifier: Apache-2.0
// Keyed random streams: a run's randomness is a pure function of (seed, run index, stream).
#pragma once

#include <cstdint>
#include <limits>

namespace geosim::random {

/// @brief splitmix64 step: advances `state` and returns a well-mixed 64-bit value.
constexpr std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// @brief Stable 64-bit key of (seed, run, stream): splitmix64 chained over the three words.
constexpr std::uint64_t stream_key(std::uint64_t seed, std::uint64_t run, std::uint64_t stream) noexcept {
  std::uint64_t s = seed;
  std::uint64_t h = splitmix64(s);
  s = h ^ run;
  h = splitmix64(s);
  s = h ^ (stream * 0xD6E8FEB86659FD93ULL);
  return splitmix64(s);
}

/// @brief xoshiro256++ (Blackman & Vigna 2019), seeded through splitmix64 from a stream key.
/// Satisfies UniformRandomBitGenerator, so Boost.Random distributions draw from it.
/// Hand-written because it is 20 lines and Boost.Random has no xoshiro; tests check it against
/// the reference output.
class Xoshiro256pp {
 public:
  using result_type = std::uint64_t;
  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

  explicit constexpr Xoshiro256pp(std::uint64_t key = 0) noexcept { reseed(key); }
  Xoshiro256pp(std::uint64_t seed, std::uint64_t run, std::uint64_t stream) noexcept
      : Xoshiro256pp(stream_key(seed, run, stream)) {}

  constexpr void reseed(std::uint64_t key) noexcept {
    std::uint64_t sm = key;
    for (auto& w : s_) w = splitmix64(sm);
  }

  constexpr result_type operator()() noexcept { return step(s_[0], s_[1], s_[2], s_[3]); }

  /// @brief The one definition of the xoshiro256++ step on state words s0..s3 wherever they are
  /// stored: returns the output and advances them. A lane of a batch (random_batch.hpp) steps alone by it.
  static constexpr result_type step(std::uint64_t& s0, std::uint64_t& s1, std::uint64_t& s2, std::uint64_t& s3) noexcept {
    const std::uint64_t result = rotl(s0 + s3, 23) + s0;
    const std::uint64_t t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 45);
    return result;
  }

  /// @brief Uniform double in [0, 1) from the top 53 bits.
  constexpr double uniform01() noexcept { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4]{};
};

}  // namespace geosim::random
