// SPDX-License-Identifier: Apache-2.0
// The engine's own exp, expm1, log, log1p and pow (include/geosim/detmath.hpp) over arrays, in SIMD
// lanes on the best instruction set the CPU has (Highway's run-time dispatch: AVX-512, AVX2, SSE4,
// SSSE3 or portable code; engine/mathbatch/detmath_batch.cpp). Element i of the output is bit
// for bit the scalar function of element i of the input, whatever the other elements hold and
// whatever the instruction set: the vector form is the same definition (detmath_batch-inl.hpp).
#pragma once

#include <cstddef>

namespace geosim::det {

/// @brief out[i] = det::exp(in[i]) for i < n. Any n (a last partial vector is padded); in and out
/// may be the same array, not otherwise overlap.
void exp_rows(const double* in, double* out, std::size_t n) noexcept;
/// @brief out[i] = det::expm1(in[i]) for i < n (as exp_rows).
void expm1_rows(const double* in, double* out, std::size_t n) noexcept;
/// @brief out[i] = det::log(in[i]) for i < n (as exp_rows).
void log_rows(const double* in, double* out, std::size_t n) noexcept;
/// @brief out[i] = det::log1p(in[i]) for i < n (as exp_rows).
void log1p_rows(const double* in, double* out, std::size_t n) noexcept;
/// @brief out[i] = det::pow(x[i], y[i]) for i < n (as exp_rows; out may be x or y).
void pow_rows(const double* x, const double* y, double* out, std::size_t n) noexcept;

/// @brief The instruction set these run on in this process (Highway's name for the target it
/// chose: "AVX3" for AVX-512, "AVX2", "SSE4", "SSSE3", "EMU128").
const char* math_batch_target() noexcept;
/// @brief Doubles per vector on that target (8 on AVX-512, 4 on AVX2, 2 on SSE4).
std::size_t math_batch_lanes() noexcept;

}  // namespace geosim::det
