// SPDX-License-Identifier: Apache-2.0
// The engine's own elementary functions: exp, expm1, log, log1p, pow and tan, the same bits on
// every platform and C library. The C library's versions differ between glibc releases, musl
// (the browser build) and others in the last bit of some results, and a simulation's branches
// (a draw against a probability) turn a last-bit difference into a different run; these do not.
//
// Only IEEE 754 operations that every conforming target rounds the same way are used: +, -, *, /,
// exact comparisons and selects, and bit manipulation of the exponent. No fused multiply-add:
// exact products are Dekker's (two_prod), so a target without hardware FMA (x86-64 baseline, wasm)
// computes the same bits at the same speed, and one with FMA gains nothing it could differ by.
// Build with -ffp-contract=off (the project does) so that a compiler does not fuse a*b+c by itself.
//
// One definition for scalars and SIMD lanes. exp, expm1, log, log1p and pow are templates over a
// value type V (the "algorithms" section below) whose primitive operations are found by overload:
// + - * / and comparisons (giving a mask M), && || ! == on masks, select(M, V, V), bits(V) and
// from_bits(I) (the 64-bit integers I, with + - & | << >>), to_double(I), fabs, isnan, signbit,
// gather(table, I row, column) and none(M) / all(M). `double` with `bool` and `std::int64_t` is the scalar
// instance (geosim::det::exp(double) and the others below); include/geosim/detmath_batch-inl.hpp
// supplies a Highway vector of doubles and includes this file again per instruction set, the
// algorithms then defined in that target's namespace (code for a Highway target must be compiled
// inside its HWY_BEFORE_NAMESPACE region, a template defined once outside it cannot use its
// intrinsics). So a lane of a batch computes exactly what the scalar function does, bit for bit.
// No branches on the value but `if (none(rare))` / `if (all(common))` before a rare case: the
// scalar path takes one branch, a batch with a rare lane computes the common and the rare value
// and selects by lane (the rare lanes' inputs are replaced by harmless ones for the common
// computation). The tables are small and indexed by bits of the argument (a gather).
//
// Algorithms (docs/model.md, "Elementary functions"):
//  - exp, expm1: Tang's table-driven method (Tang 1989, ACM TOMS 15:144): x = (64 k + j) ln2/64 + r,
//    |r| <= ln2/128, Cody-Waite reduction with ln2/64 split in a 29-bit head (n * head exact) and a
//    tail (Cody & Waite 1980); e^x = 2^k 2^(j/64) e^r with 2^(j/64) as a double-double table entry
//    and e^r - 1 by its Taylor polynomial to r^6; the large terms summed exactly (Knuth's TwoSum,
//    Dekker's TwoProduct, Dekker 1971) and rounded once; scaled by 2^k in two steps so that
//    gradual underflow and overflow round as IEEE does.
//  - log: Tang's table-driven method (Tang 1990, ACM TOMS 16:378): x = 2^k c (1 + r),
//    c = 1 + j/128, |r| <= 1/256, log c from a double-double table, log(1 + r) by its series to
//    r^9, r and r^2 carried in double-double, everything summed before one rounding (about
//    2^-70 relative, for pow).
//  - log1p(x) = log a + a_lo / a where 1 + x = a + a_lo exactly (TwoSum), log a in double-double:
//    no cancellation near 0. pow(x, y) = exp(y log x) with
//    log x and the product in double-double (the approach of fdlibm's and SLEEF's pow), special
//    cases as C99 Annex F.
//  - tan (used by the gamma sampler only, scalar only): reduction by pi/2 in three parts, sine and
//    cosine by Taylor polynomials on [-pi/4, pi/4], tan = sin / cos.
// The tables were computed with 100-digit decimal arithmetic (Python's decimal module).
// Accuracy, measured by tests/unit/util/test_detmath.cpp against long double over 10^6 points per
// range: largest errors exp 0.513 ulp, expm1 0.531, log 0.515, log1p 0.57, pow 0.55 (0.87 for
// results near overflow or underflow), tan 2.8 (so within 1 ulp except tan). Subnormal results
// of exp and pow are rounded twice (to 53 bits, then to the subnormal's precision), so they can be
// 1 ulp of the subnormal off.
//
// Only standard headers: native code embeds this file's text (engine/native/embedded.cpp.in).
// Include guards rather than #pragma once: the algorithms section is meant to be read again.

// ---- Once: the scalar primitives, the constants and the tables.
#ifndef GEOSIM_DETMATH_HPP_
#define GEOSIM_DETMATH_HPP_

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>

namespace geosim::det::detail {

// The primitive operations of the scalar instance (a SIMD batch supplies the same for its vectors).
inline double select(bool m, double a, double b) { return m ? a : b; }
inline std::int64_t bits(double x) { return std::bit_cast<std::int64_t>(x); }
inline double from_bits(std::int64_t b) { return std::bit_cast<double>(b); }
inline double to_double(std::int64_t i) { return static_cast<double>(i); }  // exact for |i| < 2^53
inline bool isnan(double x) { return x != x; }
inline bool signbit(double x) { return std::signbit(x); }
inline double fabs(double x) { return std::fabs(x); }
inline double floor(double x) { return std::floor(x); }  // exact in IEEE 754 (tan only)
inline bool none(bool m) { return !m; }  // no lane: the scalar is one lane
inline bool all(bool m) { return m; }
/// Row `j`, column `col` of a table.
template <std::size_t N, std::size_t C>
inline double gather(const double (&table)[N][C], std::int64_t j, std::size_t col) {
  return table[j][col];
}

inline constexpr double kInf = std::numeric_limits<double>::infinity();
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr double kLn2Hi32 = 0x1.62e42feep-1;        // ln 2 to 32 bits: n * kLn2Hi32 exact for |n| < 2^21
inline constexpr double kLn2Lo32 = 0x1.a39ef35793c76p-33;  // ln 2 - kLn2Hi32
inline constexpr double kLn2Hi = 0x1.62e42fefa39efp-1;     // ln 2 as a double-double
inline constexpr double kLn2Lo = 0x1.abc9e3b39803fp-56;
inline constexpr double kShift = 0x1.8p52;  // adding it rounds a double of magnitude < 2^51 to an integer
// kShift's bits: the bits of kShift + i, |i| < 2^51 an integer, are kShiftBits + i.
inline constexpr std::int64_t kShiftBits = std::bit_cast<std::int64_t>(kShift);
inline constexpr double kInvLn2x64 = 0x1.71547652b82fep+6;  // 64 / ln 2
inline constexpr double kLn2d64Hi = 0x1.62e42ffp-7;         // ln 2 / 64 to 29 bits: n * it exact for |n| < 2^24
inline constexpr double kLn2d64Lo = -0x1.718432a1b0e26p-41;  // ln 2 / 64 - kLn2d64Hi
inline constexpr double kExpMax = 0x1.62e42fefa39efp9;   // 709.78: e^x overflows above
inline constexpr double kExpMin = -0x1.74910d52d3052p9;  // -745.13: e^x rounds to 0 below

// The tables have internal linkage (constexpr, not inline): an inline variable is a GNU unique
// symbol, which makes a native library impossible to unload, and the next library opened under
// the same /proc/self/fd name would then be the old one (engine/native/build.cpp loads them so).
// 2^(j/64), j = 0..63, as hi + lo (generated with 100-digit decimal arithmetic)
constexpr double kExp2Table[64][2] = {
    {0x1.0000000000000p+0, 0x0.0p+0},
    {0x1.02c9a3e778061p+0, -0x1.19083535b085dp-56},
    {0x1.059b0d3158574p+0, 0x1.d73e2a475b465p-55},
    {0x1.0874518759bc8p+0, 0x1.186be4bb284ffp-57},
    {0x1.0b5586cf9890fp+0, 0x1.8a62e4adc610bp-54},
    {0x1.0e3ec32d3d1a2p+0, 0x1.03a1727c57b53p-59},
    {0x1.11301d0125b51p+0, -0x1.6c51039449b3ap-54},
    {0x1.1429aaea92de0p+0, -0x1.32fbf9af1369ep-54},
    {0x1.172b83c7d517bp+0, -0x1.19041b9d78a76p-55},
    {0x1.1a35beb6fcb75p+0, 0x1.e5b4c7b4968e4p-55},
    {0x1.1d4873168b9aap+0, 0x1.e016e00a2643cp-54},
    {0x1.2063b88628cd6p+0, 0x1.dc775814a8495p-55},
    {0x1.2387a6e756238p+0, 0x1.9b07eb6c70573p-54},
    {0x1.26b4565e27cddp+0, 0x1.2bd339940e9d9p-55},
    {0x1.29e9df51fdee1p+0, 0x1.612e8afad1255p-55},
    {0x1.2d285a6e4030bp+0, 0x1.0024754db41d5p-54},
    {0x1.306fe0a31b715p+0, 0x1.6f46ad23182e4p-55},
    {0x1.33c08b26416ffp+0, 0x1.32721843659a6p-54},
    {0x1.371a7373aa9cbp+0, -0x1.63aeabf42eae2p-54},
    {0x1.3a7db34e59ff7p+0, -0x1.5e436d661f5e3p-56},
    {0x1.3dea64c123422p+0, 0x1.ada0911f09ebcp-55},
    {0x1.4160a21f72e2ap+0, -0x1.ef3691c309278p-58},
    {0x1.44e086061892dp+0, 0x1.89b7a04ef80d0p-59},
    {0x1.486a2b5c13cd0p+0, 0x1.3c1a3b69062f0p-56},
    {0x1.4bfdad5362a27p+0, 0x1.d4397afec42e2p-56},
    {0x1.4f9b2769d2ca7p+0, -0x1.4b309d25957e3p-54},
    {0x1.5342b569d4f82p+0, -0x1.07abe1db13cadp-55},
    {0x1.56f4736b527dap+0, 0x1.9bb2c011d93adp-54},
    {0x1.5ab07dd485429p+0, 0x1.6324c054647adp-54},
    {0x1.5e76f15ad2148p+0, 0x1.ba6f93080e65ep-54},
    {0x1.6247eb03a5585p+0, -0x1.383c17e40b497p-54},
    {0x1.6623882552225p+0, -0x1.bb60987591c34p-54},
    {0x1.6a09e667f3bcdp+0, -0x1.bdd3413b26456p-54},
    {0x1.6dfb23c651a2fp+0, -0x1.bbe3a683c88abp-57},
    {0x1.71f75e8ec5f74p+0, -0x1.16e4786887a99p-55},
    {0x1.75feb564267c9p+0, -0x1.0245957316dd3p-54},
    {0x1.7a11473eb0187p+0, -0x1.41577ee04992fp-55},
    {0x1.7e2f336cf4e62p+0, 0x1.05d02ba15797ep-56},
    {0x1.82589994cce13p+0, -0x1.d4c1dd41532d8p-54},
    {0x1.868d99b4492edp+0, -0x1.fc6f89bd4f6bap-54},
    {0x1.8ace5422aa0dbp+0, 0x1.6e9f156864b27p-54},
    {0x1.8f1ae99157736p+0, 0x1.5cc13a2e3976cp-55},
    {0x1.93737b0cdc5e5p+0, -0x1.75fc781b57ebcp-57},
    {0x1.97d829fde4e50p+0, -0x1.d185b7c1b85d1p-54},
    {0x1.9c49182a3f090p+0, 0x1.c7c46b071f2bep-56},
    {0x1.a0c667b5de565p+0, -0x1.359495d1cd533p-54},
    {0x1.a5503b23e255dp+0, -0x1.d2f6edb8d41e1p-54},
    {0x1.a9e6b5579fdbfp+0, 0x1.0fac90ef7fd31p-54},
    {0x1.ae89f995ad3adp+0, 0x1.7a1cd345dcc81p-54},
    {0x1.b33a2b84f15fbp+0, -0x1.2805e3084d708p-57},
    {0x1.b7f76f2fb5e47p+0, -0x1.5584f7e54ac3bp-56},
    {0x1.bcc1e904bc1d2p+0, 0x1.23dd07a2d9e84p-55},
    {0x1.c199bdd85529cp+0, 0x1.11065895048ddp-55},
    {0x1.c67f12e57d14bp+0, 0x1.2884dff483cadp-54},
    {0x1.cb720dcef9069p+0, 0x1.503cbd1e949dbp-56},
    {0x1.d072d4a07897cp+0, -0x1.cbc3743797a9cp-54},
    {0x1.d5818dcfba487p+0, 0x1.2ed02d75b3707p-55},
    {0x1.da9e603db3285p+0, 0x1.c2300696db532p-54},
    {0x1.dfc97337b9b5fp+0, -0x1.1a5cd4f184b5cp-54},
    {0x1.e502ee78b3ff6p+0, 0x1.39e8980a9cc8fp-55},
    {0x1.ea4afa2a490dap+0, -0x1.e9c23179c2893p-54},
    {0x1.efa1bee615a27p+0, 0x1.dc7f486a4b6b0p-54},
    {0x1.f50765b6e4540p+0, 0x1.9d3e12dd8a18bp-54},
    {0x1.fa7c1819e90d8p+0, 0x1.74853f3a5931ep-55},
};
// log(1 + j/128) as hi + lo and the double nearest 128 / (128 + j), j = 0..128
constexpr double kLogTable[129][3] = {
    {0x0.0p+0, 0x0.0p+0, 0x1.0000000000000p+0},
    {0x1.fe02a6b106789p-8, -0x1.e44b7e3711ebfp-67, 0x1.fc07f01fc07f0p-1},
    {0x1.fc0a8b0fc03e4p-7, -0x1.83092c59642a1p-62, 0x1.f81f81f81f820p-1},
    {0x1.7b91b07d5b11bp-6, -0x1.5b602ace3a510p-60, 0x1.f44659e4a4271p-1},
    {0x1.f829b0e783300p-6, 0x1.33e3f04f1ef23p-60, 0x1.f07c1f07c1f08p-1},
    {0x1.39e87b9febd60p-5, -0x1.5bfa937f551bbp-59, 0x1.ecc07b301ecc0p-1},
    {0x1.77458f632dcfcp-5, 0x1.18d3ca87b9296p-59, 0x1.e9131abf0b767p-1},
    {0x1.b42dd711971bfp-5, -0x1.eb9759c130499p-60, 0x1.e573ac901e574p-1},
    {0x1.f0a30c01162a6p-5, 0x1.85f325c5bbacdp-59, 0x1.e1e1e1e1e1e1ep-1},
    {0x1.16536eea37ae1p-4, -0x1.79da3e8c22cdap-60, 0x1.de5d6e3f8868ap-1},
    {0x1.341d7961bd1d1p-4, -0x1.b599f227becbbp-58, 0x1.dae6076b981dbp-1},
    {0x1.51b073f06183fp-4, 0x1.a49e39a1a8be4p-58, 0x1.d77b654b82c34p-1},
    {0x1.6f0d28ae56b4cp-4, -0x1.906d99184b992p-58, 0x1.d41d41d41d41dp-1},
    {0x1.8c345d6319b21p-4, -0x1.4a697ab3424a9p-61, 0x1.d0cb58f6ec074p-1},
    {0x1.a926d3a4ad563p-4, 0x1.942f48aa70ea9p-58, 0x1.cd85689039b0bp-1},
    {0x1.c5e548f5bc743p-4, 0x1.5d617ef8161b1p-60, 0x1.ca4b3055ee191p-1},
    {0x1.e27076e2af2e6p-4, -0x1.61578001e0162p-60, 0x1.c71c71c71c71cp-1},
    {0x1.fec9131dbeabbp-4, -0x1.5746b9981b36cp-58, 0x1.c3f8f01c3f8f0p-1},
    {0x1.0d77e7cd08e59p-3, 0x1.9a5dc5e9030acp-57, 0x1.c0e070381c0e0p-1},
    {0x1.1b72ad52f67a0p-3, 0x1.483023472cd74p-58, 0x1.bdd2b899406f7p-1},
    {0x1.29552f81ff523p-3, 0x1.301771c407dbfp-57, 0x1.bacf914c1bad0p-1},
    {0x1.371fc201e8f74p-3, 0x1.de6cb62af18a0p-58, 0x1.b7d6c3dda338bp-1},
    {0x1.44d2b6ccb7d1ep-3, 0x1.9f4f6543e1f88p-57, 0x1.b4e81b4e81b4fp-1},
    {0x1.526e5e3a1b438p-3, -0x1.746ff8a470d3ap-57, 0x1.b2036406c80d9p-1},
    {0x1.5ff3070a793d4p-3, -0x1.bc60efafc6f6ep-58, 0x1.af286bca1af28p-1},
    {0x1.6d60fe719d21dp-3, -0x1.caae268ecd179p-57, 0x1.ac5701ac5701bp-1},
    {0x1.7ab890210d909p-3, 0x1.be36b2d6a0608p-59, 0x1.a98ef606a63bep-1},
    {0x1.87fa06520c911p-3, -0x1.bf7fdbfa08d9ap-57, 0x1.a6d01a6d01a6dp-1},
    {0x1.9525a9cf456b4p-3, 0x1.d904c1d4e2e26p-57, 0x1.a41a41a41a41ap-1},
    {0x1.a23bc1fe2b563p-3, 0x1.93711b07a998cp-59, 0x1.a16d3f97a4b02p-1},
    {0x1.af3c94e80bff3p-3, -0x1.398cff3641985p-58, 0x1.9ec8e951033d9p-1},
    {0x1.bc286742d8cd6p-3, 0x1.4fce744870f55p-58, 0x1.9c2d14ee4a102p-1},
    {0x1.c8ff7c79a9a22p-3, -0x1.4f689f8434012p-57, 0x1.999999999999ap-1},
    {0x1.d5c216b4fbb91p-3, 0x1.6e443597e4d40p-57, 0x1.970e4f80cb872p-1},
    {0x1.e27076e2af2e6p-3, -0x1.61578001e0162p-59, 0x1.948b0fcd6e9e0p-1},
    {0x1.ef0adcbdc5936p-3, 0x1.48637950dc20dp-57, 0x1.920fb49d0e229p-1},
    {0x1.fb9186d5e3e2bp-3, -0x1.caaae64f21acbp-57, 0x1.8f9c18f9c18fap-1},
    {0x1.0402594b4d041p-2, -0x1.28ec217a5022dp-57, 0x1.8d3018d3018d3p-1},
    {0x1.0a324e27390e3p-2, 0x1.7dcfde8061c03p-56, 0x1.8acb90f6bf3aap-1},
    {0x1.1058bf9ae4ad5p-2, 0x1.89fa0ab4cb31dp-58, 0x1.886e5f0abb04ap-1},
    {0x1.1675cababa60ep-2, 0x1.ce63eab883717p-61, 0x1.8618618618618p-1},
    {0x1.1c898c16999fbp-2, -0x1.0e5c62aff1c44p-60, 0x1.83c977ab2beddp-1},
    {0x1.22941fbcf7966p-2, -0x1.76f5eb09628afp-56, 0x1.8181818181818p-1},
    {0x1.2895a13de86a3p-2, 0x1.7ad24c13f040ep-56, 0x1.7f405fd017f40p-1},
    {0x1.2e8e2bae11d31p-2, -0x1.8f4cdb95ebdf9p-56, 0x1.7d05f417d05f4p-1},
    {0x1.347dd9a987d55p-2, -0x1.4dd4c580919f8p-57, 0x1.7ad2208e0ecc3p-1},
    {0x1.3a64c556945eap-2, -0x1.c68651945f97cp-57, 0x1.78a4c8178a4c8p-1},
    {0x1.404308686a7e4p-2, -0x1.0bcfb6082ce6dp-56, 0x1.767dce434a9b1p-1},
    {0x1.4618bc21c5ec2p-2, 0x1.f42decdeccf1dp-56, 0x1.745d1745d1746p-1},
    {0x1.4be5f957778a1p-2, -0x1.259b35b04813dp-57, 0x1.724287f46debcp-1},
    {0x1.51aad872df82dp-2, 0x1.3927ac19f55e3p-59, 0x1.702e05c0b8170p-1},
    {0x1.5767717455a6cp-2, 0x1.526adb283660cp-56, 0x1.6e1f76b4337c7p-1},
    {0x1.5d1bdbf5809cap-2, 0x1.4236383dc7fe1p-56, 0x1.6c16c16c16c17p-1},
    {0x1.62c82f2b9c795p-2, 0x1.7b7af915300e5p-57, 0x1.6a13cd1537290p-1},
    {0x1.686c81e9b14afp-2, -0x1.ddea0f7f58e3dp-57, 0x1.6816816816817p-1},
    {0x1.6e08eaa2ba1e4p-2, -0x1.cfb1b39ca3a0fp-56, 0x1.661ec6a5122f9p-1},
    {0x1.739d7f6bbd007p-2, -0x1.8c76ceb014b04p-56, 0x1.642c8590b2164p-1},
    {0x1.792a55fdd47a2p-2, 0x1.f057691fe9ed7p-56, 0x1.623fa77016240p-1},
    {0x1.7eaf83b82afc3p-2, 0x1.92ce979ed2950p-56, 0x1.6058160581606p-1},
    {0x1.842d1da1e8b17p-2, 0x1.24ec519784676p-56, 0x1.5e75bb8d015e7p-1},
    {0x1.89a3386c1425bp-2, -0x1.29639dfbbf0fbp-56, 0x1.5c9882b931057p-1},
    {0x1.8f11e873662c7p-2, 0x1.f85da755a61a3p-56, 0x1.5ac056b015ac0p-1},
    {0x1.947941c2116fbp-2, -0x1.16cc8bae0bbe4p-56, 0x1.58ed2308158edp-1},
    {0x1.99d958117e08bp-2, -0x1.a2b6889dc3e72p-57, 0x1.571ed3c506b3ap-1},
    {0x1.9f323ecbf984cp-2, -0x1.a92e513217f5cp-59, 0x1.5555555555555p-1},
    {0x1.a484090e5bb0ap-2, 0x1.5fe535b875a75p-57, 0x1.5390948f40febp-1},
    {0x1.a9cec9a9a084ap-2, -0x1.cadec02b436afp-56, 0x1.51d07eae2f815p-1},
    {0x1.af1293247786bp-2, 0x1.133844a15dc28p-58, 0x1.5015015015015p-1},
    {0x1.b44f77bcc8f63p-2, -0x1.cd04495459c78p-56, 0x1.4e5e0a72f0539p-1},
    {0x1.b9858969310fbp-2, 0x1.663ec53e23bc4p-56, 0x1.4cab88725af6ep-1},
    {0x1.beb4d9da71b7cp-2, -0x1.0f3c590a887cap-59, 0x1.4afd6a052bf5bp-1},
    {0x1.c3dd7a7cdad4dp-2, 0x1.cecf052dea69bp-56, 0x1.49539e3b2d067p-1},
    {0x1.c8ff7c79a9a22p-2, -0x1.4f689f8434012p-56, 0x1.47ae147ae147bp-1},
    {0x1.ce1af0b85f3ebp-2, 0x1.edf4af2ab4267p-56, 0x1.460cbc7f5cf9ap-1},
    {0x1.d32fe7e00ebd5p-2, 0x1.877b232fafa37p-56, 0x1.446f86562d9fbp-1},
    {0x1.d83e7258a2f3ep-2, 0x1.41456e8bb2511p-56, 0x1.42d6625d51f87p-1},
    {0x1.dd46a04c1c4a1p-2, -0x1.0467656d8b892p-56, 0x1.4141414141414p-1},
    {0x1.e24881a7c6c26p-2, 0x1.cbd8f45954a46p-58, 0x1.3fb013fb013fbp-1},
    {0x1.e744261d68788p-2, -0x1.c825c90c344b9p-58, 0x1.3e22cbce4a902p-1},
    {0x1.ec399d2468cc0p-2, 0x1.75cee53f35397p-58, 0x1.3c995a47babe7p-1},
    {0x1.f128f5faf06edp-2, -0x1.328df13bb38c3p-56, 0x1.3b13b13b13b14p-1},
    {0x1.f6123fa7028acp-2, 0x1.8515b0f2db341p-56, 0x1.3991c2c187f63p-1},
    {0x1.faf588f78f31fp-2, -0x1.328260d8abca0p-57, 0x1.3813813813814p-1},
    {0x1.ffd2e0857f498p-2, 0x1.565f40d9321afp-56, 0x1.3698df3de0748p-1},
    {0x1.02552a5a5d0ffp-1, -0x1.cb1cb51408c00p-56, 0x1.3521cfb2b78c1p-1},
    {0x1.04bdf9da926d2p-1, 0x1.97f304022c9dfp-55, 0x1.33ae45b57bcb2p-1},
    {0x1.0723e5c1cdf40p-1, 0x1.395e58e2445bbp-55, 0x1.323e34a2b10bfp-1},
    {0x1.0986f4f573521p-1, -0x1.1b8095ac02f01p-55, 0x1.30d190130d190p-1},
    {0x1.0be72e4252a83p-1, -0x1.259da11330801p-55, 0x1.2f684bda12f68p-1},
    {0x1.0e44985d1cc8cp-1, -0x1.22a3442d2d384p-58, 0x1.2e025c04b8097p-1},
    {0x1.109f39e2d4c97p-1, -0x1.0e09b27a4373ap-60, 0x1.2c9fb4d812ca0p-1},
    {0x1.12f719593efbcp-1, 0x1.4c048c671f435p-55, 0x1.2b404ad012b40p-1},
    {0x1.154c3d2f4d5eap-1, -0x1.59c33171a6876p-55, 0x1.29e4129e4129ep-1},
    {0x1.179eabbd899a1p-1, -0x1.00e7c6417e0b4p-55, 0x1.288b01288b013p-1},
    {0x1.19ee6b467c96fp-1, -0x1.9d1a11443f10cp-56, 0x1.27350b8812735p-1},
    {0x1.1c3b81f713c25p-1, -0x1.0dac1c4c810e9p-55, 0x1.25e22708092f1p-1},
    {0x1.1e85f5e7040d0p-1, 0x1.ef62cd2f9f1e3p-56, 0x1.2492492492492p-1},
    {0x1.20cdcd192ab6ep-1, -0x1.b2bf0bc229014p-55, 0x1.23456789abcdfp-1},
    {0x1.23130d7bebf43p-1, -0x1.f48725e374d6ep-55, 0x1.21fb78121fb78p-1},
    {0x1.2555bce98f7cbp-1, 0x1.e021d6d6881e7p-56, 0x1.20b470c67c0d9p-1},
    {0x1.2795e1289b11bp-1, -0x1.487c0c246978ep-57, 0x1.1f7047dc11f70p-1},
    {0x1.29d37fec2b08bp-1, -0x1.bd1949a2d1982p-56, 0x1.1e2ef3b3fb874p-1},
    {0x1.2c0e9ed448e8cp-1, -0x1.1a158f3917586p-55, 0x1.1cf06ada2811dp-1},
    {0x1.2e47436e40268p-1, 0x1.0150861a4886bp-55, 0x1.1bb4a4046ed29p-1},
    {0x1.307d7334f10bep-1, 0x1.fb590a1f566dap-57, 0x1.1a7b9611a7b96p-1},
    {0x1.32b1339121d71p-1, 0x1.902ab5b3d916bp-56, 0x1.19453808ca29cp-1},
    {0x1.34e289d9ce1d3p-1, 0x1.6eb92d885ce4fp-57, 0x1.1811811811812p-1},
    {0x1.37117b54747b6p-1, -0x1.d117edbdd9103p-56, 0x1.16e0689427379p-1},
    {0x1.393e0d3562a1ap-1, -0x1.58eef67f2483ap-55, 0x1.15b1e5f75270dp-1},
    {0x1.3b68449fffc23p-1, -0x1.41c484f9e9b26p-55, 0x1.1485f0e0acd3bp-1},
    {0x1.3d9026a7156fbp-1, -0x1.6fef670bd4b62p-55, 0x1.135c81135c811p-1},
    {0x1.3fb5b84d16f42p-1, 0x1.6d3a754172aefp-55, 0x1.12358e75d3033p-1},
    {0x1.41d8fe84672aep-1, 0x1.9192f30bd1806p-55, 0x1.1111111111111p-1},
    {0x1.43f9fe2f9ce67p-1, 0x1.e9c9ee6d83b86p-55, 0x1.0fef010fef011p-1},
    {0x1.4618bc21c5ec2p-1, 0x1.f42decdeccf1dp-55, 0x1.0ecf56be69c90p-1},
    {0x1.48353d1ea88dfp-1, 0x1.cf57a2ecc07f4p-55, 0x1.0db20a88f4696p-1},
    {0x1.4a4f85db03ebbp-1, 0x1.13dfa3d3761b6p-60, 0x1.0c9714fbcda3bp-1},
    {0x1.4c679afccee3ap-1, -0x1.3a5c4c8b39e41p-55, 0x1.0b7e6ec259dc8p-1},
    {0x1.4e7d811b75bb1p-1, -0x1.8d3d9ea6e9ea9p-55, 0x1.0a6810a6810a7p-1},
    {0x1.50913cc01686bp-1, 0x1.2f2ce96c2d5b1p-55, 0x1.0953f39010954p-1},
    {0x1.52a2d265bc5abp-1, -0x1.1883750ea4d0ap-57, 0x1.0842108421084p-1},
    {0x1.54b2467999498p-1, -0x1.5baaf5d2f09f4p-55, 0x1.073260a47f7c6p-1},
    {0x1.56bf9d5b3f399p-1, 0x1.0471885cd8ff3p-55, 0x1.0624dd2f1a9fcp-1},
    {0x1.58cadb5cd7989p-1, 0x1.849792ec98458p-56, 0x1.05197f7d73404p-1},
    {0x1.5ad404c359f2dp-1, -0x1.35955683f7196p-59, 0x1.0410410410410p-1},
    {0x1.5cdb1dc6c1765p-1, -0x1.cc2470e8a3df4p-55, 0x1.03091b51f5e1ap-1},
    {0x1.5ee02a9241675p-1, 0x1.c358257f49082p-55, 0x1.0204081020408p-1},
    {0x1.60e32f44788d9p-1, -0x1.ac1bb52fa589bp-56, 0x1.0101010101010p-1},
    {0x1.62e42fefa39efp-1, 0x1.abc9e3b39803fp-56, 0x1.0000000000000p-1},
};

}  // namespace geosim::det::detail

#define GEOSIM_DETMATH_NAMESPACE geosim::det::detail  // where this first reading puts the algorithms
#endif  // GEOSIM_DETMATH_HPP_

// ---- The algorithms, templates over the value type V: read once for the scalar instance (in
// geosim::det::detail), and again by detmath_batch-inl.hpp for each Highway target, with
// GEOSIM_DETMATH_NAMESPACE naming that target's namespace.
#ifdef GEOSIM_DETMATH_NAMESPACE
namespace GEOSIM_DETMATH_NAMESPACE {
using namespace ::geosim::det::detail;  // the constants and tables (no-op in the first reading)

/// The integer type of value type V (std::int64_t for double).
template <class V>
using IntOf = decltype(bits(std::declval<V>()));

template <class T>
struct DD {  // an unevaluated sum hi + lo, |lo| <= ulp(hi) / 2 or so
  T hi, lo;
};

// Knuth's TwoSum: s + e == a + b exactly.
template <class T>
inline DD<T> two_sum(T a, T b) {
  const T s = a + b;
  const T bb = s - a;
  return {s, (a - (s - bb)) + (b - bb)};
}
// Dekker's Fast2Sum, for |a| >= |b| (or a == 0).
template <class T>
inline DD<T> fast_two_sum(T a, T b) {
  const T s = a + b;
  return {s, b - (s - a)};
}
// TwoProduct: p + e == a * b exactly (barring underflow), by Dekker's product with Veltkamp's
// splitting (only * and +; for |a|, |b| < 2^995). The exact error is unique, so this equals what
// an fma would give, bit for bit, without calling the C library's software fma where the target
// has no hardware FMA (x86-64 baseline, wasm), several times slower.
template <class T>
inline DD<T> split(T a) {
  const T c = 134217729.0 * a;  // 2^27 + 1
  const T hi = c - (c - a);
  return {hi, a - hi};
}
template <class T>
inline DD<T> two_prod(T a, T b) {
  const T p = a * b;
  const DD<T> x = split(a), y = split(b);
  return {p, ((x.hi * y.hi - p) + x.hi * y.lo + x.lo * y.hi) + x.lo * y.lo};
}
// 2^n for an integer n in [-1022, 1023].
template <class I>
inline auto pow2i(I n) {
  return from_bits((n + 1023) << 52);
}

// Tang's reduction (1989): x = (64 k + j) ln2 / 64 + r, |r| <= ln2 / 128, so
// e^x = 2^k 2^(j/64) e^r. Gives j, k and e^r - 1 = r.hi + eml (the series to r^6; eml holds r.lo).
template <class V>
struct TangExp {
  IntOf<V> k, j;
  V rhi, eml;
};
template <class V>
inline TangExp<V> tang_exp(V xhi, V xlo) {
  const V t = xhi * kInvLn2x64 + kShift;
  const V n = t - kShift;
  const V hi = xhi - n * kLn2d64Hi;  // exact
  const DD<V> r = two_sum(hi, xlo - n * kLn2d64Lo);
  const IntOf<V> ni = bits(t) - kShiftBits;  // n as an integer
  const V x = r.hi, xx = x * x;
  const V p = (0.5 + x * (1.0 / 6.0)) + xx * ((1.0 / 24.0 + x * (1.0 / 120.0)) + xx * (1.0 / 720.0));
  return {ni >> 6, ni & 63, x, r.lo + xx * p};
}

// log x for finite x > 0 (subnormals included): x = 2^k c (1 + r), c = 1 + j/128, |r| <= 1/256
// (Tang 1990), log(1 + r) by its series to r^9; everything summed before one rounding (about
// 2^-70 relative in double-double, which pow needs).
template <class V>
inline DD<V> log_table_dd(V x) {
  const auto sub = x < 0x1p-1022;
  const V xs = select(sub, x * 0x1p54, x);
  const IntOf<V> b = bits(xs);
  const V k = to_double(b >> 52) - select(sub, 1023.0 + 54.0, 1023.0);
  const IntOf<V> mant = b & 0x000fffffffffffffLL;
  const IntOf<V> j = (mant + (std::int64_t{1} << 44)) >> 45;  // round((m - 1) 128), 0..128
  const V m = from_bits(mant | 0x3ff0000000000000LL);
  const V c = 1.0 + to_double(j) * 0x1p-7;
  const V inv = gather(kLogTable, j, 2);
  const V d = m - c;  // exact
  const V rhi = d * inv;
  // rhi c exactly: Dekker's product with c's split known (c has 8 significant bits: c.hi = c)
  const DD<V> rs = split(rhi);
  const V pch = rhi * c;
  const V pcl = (rs.hi * c - pch) + rs.lo * c;
  const V rlo = ((d - pch) - pcl) * inv;  // (d - rhi c) exactly, over c
  // log(1 + r) = r - r^2/2 + r^3 (1/3 - r/4 + ... + r^6/9): r^2/2 exact (TwoProduct), the rest
  // (below 2^-25) in plain arithmetic; truncated after r^9 (the r^10 term is below 2^-83).
  const V r = rhi;
  const DD<V> r2 = two_prod(r, r);
  const V rr = r2.hi;
  const V q3 = r * rr * ((1.0 / 3.0 - r * 0.25) + rr * ((0.2 - r * (1.0 / 6.0)) + rr * ((1.0 / 7.0 - r * 0.125) + rr * (1.0 / 9.0))));
  // k ln 2 in double-double: for k = -1 and c = 2 it cancels log c's table entry exactly
  const V lc = gather(kLogTable, j, 0);
  const V lcl = gather(kLogTable, j, 1);
  const DD<V> kl = two_prod(k, V(kLn2Hi));
  const DD<V> s1 = two_sum(kl.hi, lc);
  const DD<V> s2 = two_sum(s1.hi, rhi);
  const DD<V> s3 = two_sum(s2.hi, -0.5 * rr);  // -r^2/2's high part (exact halving)
  return fast_two_sum(s3.hi, (s3.lo + s2.lo) + ((s1.lo + kl.lo) + (k * kLn2Lo + lcl) +
                                                (rlo * (1.0 - r) + (q3 - 0.5 * r2.lo))));
}

// e^(x.hi + x.lo), overflow and underflow as IEEE rounding gives them.
template <class V>
inline V exp_dd(V xhi, V xlo) {
  const auto ok = xhi >= -746.0 && xhi <= 710.0;  // false for nan
  const TangExp<V> t = tang_exp(select(ok, xhi, 0.0), select(ok, xlo, 0.0));
  const V th = gather(kExp2Table, t.j, 0), tl = gather(kExp2Table, t.j, 1);
  const V v = th + (tl + th * (t.rhi + t.eml));  // 2^(j/64) e^r, rounded once
  const IntOf<V> k1 = (t.k - (t.k >> 63)) >> 1;  // k / 2, rounded toward 0
  const V scaled = (v * pow2i(k1)) * pow2i(t.k - k1);
  return select(ok, scaled, select(isnan(xhi), xhi, select(xhi > 0.0, kInf, 0.0)));
}

template <class V>
inline V exp_t(V x) {
  return exp_dd(x, V(0.0));
}

template <class V>
inline V expm1_t(V x) {
  const auto big = x > 700.0;  // -1 is below half an ulp: expm1 is exp (rare)
  const auto ok = x >= -40.0;  // e^-40 < 2^-57: expm1 rounds to -1 below; false for nan
  const TangExp<V> t = tang_exp(select(ok && !big, x, 0.0), V(0.0));
  const V th = gather(kExp2Table, t.j, 0), tl = gather(kExp2Table, t.j, 1);
  // 2^k T e^r - 1 = (2^k T.hi - 1) + 2^k (T.hi r.hi + T.hi eml + T.lo e^r), the large terms
  // summed exactly, rounded once.
  const V p = pow2i(t.k);
  const DD<V> pe = two_prod(th, t.rhi);
  const DD<V> c = two_sum(th * p, V(-1.0));
  const DD<V> a = two_sum(c.hi, pe.hi * p);
  const V v = a.hi + (a.lo + (c.lo + (pe.lo + th * t.eml + tl * (1.0 + (t.rhi + t.eml))) * p));
  const V small = select(x == 0.0, x, select(ok, v, select(isnan(x), x, -1.0)));
  if (none(big)) return small;
  return select(big, exp_t(x), small);
}

template <class V>
inline V log_t(V x) {
  const auto ok = x > 0.0 && x < kInf;
  const DD<V> l = log_table_dd(select(ok, x, 1.0));
  return select(ok, l.hi + l.lo, select(x == 0.0, -kInf, select(x == kInf, x, kNaN)));
}

template <class V>
inline V log1p_t(V x) {
  const DD<V> a = two_sum(V(1.0), x);  // 1 + x exactly (for |x| < 2^970)
  const auto common = a.hi > 0.0 && a.hi < kInf && x < 0x1p900;
  const V ah = select(common, a.hi, 1.0), al = select(common, a.lo, 0.0);
  // log(a.hi + a.lo) = log a.hi + log1p(a.lo / a.hi), and |a.lo / a.hi| < 2^-52, so log1p of it is
  // the quotient to 2^-105 relative. Near 0 the quotient is as large as the result, so it is
  // added exactly and its rounding error kept.
  const DD<V> l = log_table_dd(ah);
  const V q = al / ah;
  const DD<V> qa = two_prod(q, ah);         // q a.hi exactly (q < 2^-52, a.hi < 2^900)
  const V ql = ((al - qa.hi) - qa.lo) / ah;  // (a.lo - q a.hi) exactly, over a.hi
  const DD<V> sq = two_sum(l.hi, q);
  const V v = select(x == 0.0, x, sq.hi + (sq.lo + (l.lo + ql)));
  if (all(common)) return v;
  // Rare: from 2^900, 1 + x == x to 2^-900 (log x is log1p x); -1 gives -inf; x < -1 and nan, nan.
  const V rare = select(x >= 0x1p900, select(x < kInf, log_t(x), x), select(x == -1.0, -kInf, kNaN));
  return select(common, v, rare);
}

// e^(y log x) for finite x > 0 and finite y: log x and the product in double-double.
template <class V>
inline V pow_core(V ax, V y) {
  const DD<V> l = log_table_dd(ax);
  // |y| above 2^990 over- or underflows whatever x is (|log x| >= 2^-53 for x != 1): clamped so
  // that Dekker's split stays finite, the result is the same.
  const V yc = select(fabs(y) < 0x1p990, y, select(y > 0.0, 0x1p990, -0x1p990));
  const DD<V> z0 = two_prod(yc, l.hi);
  return exp_dd(z0.hi, z0.lo + yc * l.lo);
}

// pow for every argument by selects alone.
template <class V>
inline V pow_select(V x, V y) {
  const V ax = fabs(x);
  // Integer and odd y without floor (a library call on x86-64 baseline): |y| + 2^52 rounds to an
  // integer for |y| < 2^52, so y is one when that changes nothing; from 2^52 every double is an
  // integer. Below 2^53 an integer is odd when half of it is not an integer (the same test).
  const V ay = fabs(y);
  const auto ybig = ay >= 0x1p52;  // false for nan
  const V yt = ay + 0x1p52;
  const auto yint = ybig || (yt - 0x1p52) == ay;
  const V hy = 0.5 * ay;
  const auto yodd = yint && ay < 0x1p53 && ((hy + 0x1p52) - 0x1p52) != hy;
  const auto finite = ax > 0.0 && ax < kInf && ay < kInf;
  const V mag = pow_core(select(finite, ax, 1.0), select(finite, y, 0.0));
  // The magnitude for the special cases: 0 or inf.
  const auto ax_gt_1 = ax > 1.0;
  const V at_inf_y = select(ax == 1.0, 1.0, select(ax_gt_1 == (y > 0.0), kInf, 0.0));  // y = ±inf
  const V at_zero_or_inf_x = select((ax == 0.0) == (y < 0.0), kInf, 0.0);                 // x = 0 or ±inf
  V m = select(ay == kInf, at_inf_y, select(finite, mag, at_zero_or_inf_x));
  const auto neg = x < 0.0 || (x == 0.0 && signbit(x));
  m = select(neg && yodd, -m, m);
  const auto bad = (x < 0.0 && !yint && ax < kInf) || isnan(x) || isnan(y);
  m = select(bad, kNaN, m);
  return select(y == 0.0 || x == 1.0, 1.0, m);
}

template <class V>
inline V pow_t(V x, V y) {
  // The common case (a positive finite x, a finite y) alone when every lane has it: the value
  // pow_select gives there.
  const auto common = x > 0.0 && x < kInf && fabs(y) < kInf && y != 0.0 && x != 1.0;
  if (all(common)) return pow_core(x, y);
  return pow_select(x, y);
}

}  // namespace GEOSIM_DETMATH_NAMESPACE
#undef GEOSIM_DETMATH_NAMESPACE
#endif  // GEOSIM_DETMATH_NAMESPACE

// ---- Once: the scalar functions.
#ifndef GEOSIM_DETMATH_FUNCTIONS_
#define GEOSIM_DETMATH_FUNCTIONS_

namespace geosim::det {

/// @brief e^x, below 0.52 ulp; exp(-inf) = 0, exp(inf) = inf, nan propagates.
inline double exp(double x) { return detail::exp_t(x); }

/// @brief e^x - 1 without cancellation near 0, below 0.54 ulp; expm1(±0) = ±0.
inline double expm1(double x) { return detail::expm1_t(x); }

/// @brief Natural logarithm, below 0.52 ulp; log(0) = -inf, log(x < 0) = nan, log(inf) = inf.
inline double log(double x) { return detail::log_t(x); }

/// @brief log(1 + x) without cancellation near 0, below 0.57 ulp; log1p(±0) = ±0, log1p(-1) = -inf.
inline double log1p(double x) { return detail::log1p_t(x); }

/// @brief x to the power y, below 0.55 ulp (0.87 near overflow), special cases as C99 Annex F (pow(x, ±0) = 1 and
/// pow(1, y) = 1 even for nan; a negative x needs an integer y, else nan).
inline double pow(double x, double y) { return detail::pow_t(x, y); }

/// @brief The complementary error function, for the commitments' Gaussian copula (Phi(w) =
/// erfc(-w / sqrt 2) / 2, compared with a probability). Relative error below 160 ulp, absolute
/// below 1e-15 (unit.detmath): enough for a probability, which is what the engine needs; the C
/// library's erfc is not used because its last bits differ between libraries. The methods:
/// |x| < 0.5, erf's Maclaurin series (Abramowitz & Stegun 7.1.5); |x| < 1.5, erf =
/// 2/sqrt(pi) e^(-x^2) sum 2^n x^(2n+1) / (1 3 ... (2n+1)) (A&S 7.1.6, every term positive);
/// beyond, Laplace's continued fraction erfc x = e^(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + ...)))
/// (A&S 7.1.14) to a fixed depth of 200, with x^2 exact (TwoProduct) inside the exponential.
/// erfc(-x) = 2 - erfc(x); erfc(nan) = nan, erfc(inf) = 0, erfc(-inf) = 2.
inline double erfc(double x) {
  using namespace detail;
  if (isnan(x)) return x;
  const double a = std::fabs(x);
  constexpr double kTwoOverSqrtPi = 0x1.20dd750429b6dp0;  // 2 / sqrt(pi)
  constexpr double kSqrtPi = 0x1.c5bf891b4ef6bp0;
  double r = 0.0;
  if (a < 0.5) {
    const double aa = a * a;
    double t = a, s = a;
    for (int n = 1; n < 20; ++n) {
      t = -t * aa / n;
      s += t / (2 * n + 1);
    }
    r = 1.0 - kTwoOverSqrtPi * s;
  } else if (a < 27.3) {  // erfc rounds to 0 beyond 27.3
    const DD<double> sq = two_prod(a, a);
    const double e = exp_dd(-sq.hi, -sq.lo);
    if (a < 1.5) {
      double t = a, s = a;
      for (int n = 1; n < 60; ++n) {
        t = t * (2.0 * sq.hi) / (2 * n + 1);
        s += t;
      }
      r = 1.0 - kTwoOverSqrtPi * e * s;
    } else {
      double f = a;
      for (int n = 200; n >= 1; --n) f = a + (0.5 * n) / f;
      r = e / (f * kSqrtPi);
    }
  }
  return x < 0.0 ? 2.0 - r : r;
}

/// @brief tan x, below 2.8 ulp for |x| < 2^20 (the gamma sampler calls it on [0, pi)).
inline double tan(double x) {
  using namespace detail;
  const bool ok = std::fabs(x) < 0x1p20;
  const double xc = select(ok, x, 0.0);
  constexpr double kTwoOverPi = 0x1.45f306dc9c883p-1;
  constexpr double kPio2A = 0x1.921fb544p0;  // pi/2 in three parts, the first two of 33 bits
  constexpr double kPio2B = 0x1.0b4611a6p-34;
  constexpr double kPio2C = 0x1.3198a2e037073p-69;
  const double n = (xc * kTwoOverPi + kShift) - kShift;
  const double r1 = (xc - n * kPio2A) - n * kPio2B;  // both products exact for |n| < 2^20
  const DD<double> r = two_sum(r1, -n * kPio2C);
  const double t = r.hi, t2 = t * t;
  // sin t = t + t^3 (-1/6 + ...), to t^23; cos t = 1 - t^2/2 + ..., to t^24 (|t| <= pi/4)
  double s = -1.0 / 25852016738884976640000.0;
  s = s * t2 + 1.0 / 51090942171709440000.0;
  s = s * t2 - 1.0 / 121645100408832000.0;
  s = s * t2 + 1.0 / 355687428096000.0;
  s = s * t2 - 1.0 / 1307674368000.0;
  s = s * t2 + 1.0 / 6227020800.0;
  s = s * t2 - 1.0 / 39916800.0;
  s = s * t2 + 1.0 / 362880.0;
  s = s * t2 - 1.0 / 5040.0;
  s = s * t2 + 1.0 / 120.0;
  s = s * t2 - 1.0 / 6.0;
  const double sn = t + (r.lo + t * t2 * s);
  double c = 1.0 / 620448401733239439360000.0;
  c = c * t2 - 1.0 / 1124000727777607680000.0;
  c = c * t2 + 1.0 / 2432902008176640000.0;
  c = c * t2 - 1.0 / 6402373705728000.0;
  c = c * t2 + 1.0 / 20922789888000.0;
  c = c * t2 - 1.0 / 87178291200.0;
  c = c * t2 + 1.0 / 479001600.0;
  c = c * t2 - 1.0 / 3628800.0;
  c = c * t2 + 1.0 / 40320.0;
  c = c * t2 - 1.0 / 720.0;
  c = c * t2 + 1.0 / 24.0;
  const DD<double> half = two_prod(0.5 * t, t);  // t^2 / 2 exactly
  const DD<double> one = fast_two_sum(1.0, -half.hi);
  const double cs = one.hi + (one.lo + ((t2 * t2 * c) - half.lo - t * r.lo));
  // odd quadrants: tan = -cos / sin
  const bool odd = floor(0.5 * n) != 0.5 * n;
  const double v = select(odd, -cs / sn, sn / cs);
  return select(x == 0.0, x, select(ok, v, select(std::fabs(x) < kInf, std::tan(x), kNaN)));
}

}  // namespace geosim::det

#endif  // GEOSIM_DETMATH_FUNCTIONS_
