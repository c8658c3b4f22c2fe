// SPDX-License-Identifier: Apache-2.0
// The engine's own elementary functions, scalar (include/geosim/detmath.hpp) against their batch
// form (include/geosim/detmath_batch.hpp, SIMD lanes), with the C library's for reference: thread
// CPU time per value over arrays of independent arguments (throughput, not latency), best of 5
// interleaved repetitions, on the instruction set Highway chooses and on each other one this CPU
// runs (forced). Every batch result is checked bit for bit against the scalar one first.
//
//   geosim_math_bench [--values N]      (default: 20000000 values per function and repetition)
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <hwy/targets.h>

#include "geosim/detmath.hpp"
#include "geosim/detmath_batch.hpp"
#include "geosim/random.hpp"

namespace {

namespace det = geosim::det;

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

constexpr std::size_t kChunk = 4096;  // values per call: fits L1 with its output

struct Function {
  const char* name;
  double (*scalar)(double, double);
  double (*libc)(double, double);
  void (*rows)(const double*, const double*, double*, std::size_t);
  double xlo, xhi, ylo, yhi;  // arguments: x = e^U[xlo, xhi] when log_x, else U[xlo, xhi]; y likewise
  bool log_x;
};

const Function kFunctions[] = {
    {"exp", [](double x, double) { return det::exp(x); }, [](double x, double) { return std::exp(x); },
     [](const double* x, const double*, double* o, std::size_t n) { det::exp_rows(x, o, n); }, -30.0, 30.0, 0, 0, false},
    {"expm1", [](double x, double) { return det::expm1(x); }, [](double x, double) { return std::expm1(x); },
     [](const double* x, const double*, double* o, std::size_t n) { det::expm1_rows(x, o, n); }, -2.0, 2.0, 0, 0, false},
    {"log", [](double x, double) { return det::log(x); }, [](double x, double) { return std::log(x); },
     [](const double* x, const double*, double* o, std::size_t n) { det::log_rows(x, o, n); }, -7.0, 7.0, 0, 0, true},
    {"log1p", [](double x, double) { return det::log1p(x); }, [](double x, double) { return std::log1p(x); },
     [](const double* x, const double*, double* o, std::size_t n) { det::log1p_rows(x, o, n); }, -0.5, 1.0, 0, 0, false},
    {"pow", [](double x, double y) { return det::pow(x, y); }, [](double x, double y) { return std::pow(x, y); },
     [](const double* x, const double* y, double* o, std::size_t n) { det::pow_rows(x, y, o, n); }, -5.0, 5.0, -3.0, 3.0,
     true},
};

/// ns per value of `body(chunk)` over `values` values, the chunk's arguments reused.
template <class Body>
double ns_per_value(std::size_t values, const Body& body) {
  const double t0 = thread_cpu_seconds();
  for (std::size_t done = 0; done < values; done += kChunk) body();
  return (thread_cpu_seconds() - t0) * 1e9 / static_cast<double>(values);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t values = 20'000'000;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--values") == 0 && i + 1 < argc) {
      values = static_cast<std::size_t>(std::strtod(argv[++i], nullptr));
    } else {
      std::fprintf(stderr, "usage: geosim_math_bench [--values N]\n");
      return 2;
    }
  }
  const std::string best = det::math_batch_target();
  fmt::print("geosim_math_bench: {} values per function, thread CPU time, best of 5; batch on {} ({} lanes)\n",
             values, best, det::math_batch_lanes());
  geosim::random::Xoshiro256pp g(2026);
  volatile double sink = 0.0;
  int failures = 0;
  for (const Function& f : kFunctions) {
    std::vector<double> x(kChunk), y(kChunk), out(kChunk);
    for (std::size_t i = 0; i < kChunk; ++i) {
      const double u = f.xlo + (f.xhi - f.xlo) * g.uniform01();
      x[i] = f.log_x ? std::exp(u) : u;
      y[i] = f.ylo + (f.yhi - f.ylo) * g.uniform01();
    }
    const auto scalar = [&] {
      for (std::size_t i = 0; i < kChunk; ++i) out[i] = f.scalar(x[i], y[i]);
      sink = sink + out[kChunk - 1];
    };
    const auto libc = [&] {
      for (std::size_t i = 0; i < kChunk; ++i) out[i] = f.libc(x[i], y[i]);
      sink = sink + out[kChunk - 1];
    };
    const auto batch = [&] {
      f.rows(x.data(), y.data(), out.data(), kChunk);
      sink = sink + out[kChunk - 1];
    };
    std::vector<std::int64_t> targets = hwy::SupportedAndGeneratedTargets();
    std::vector<double> best_target(targets.size(), 1e300);
    double best_scalar = 1e300, best_libc = 1e300;
    for (std::size_t t = 0; t < targets.size(); ++t) {  // the bits first, on every target
      hwy::SetSupportedTargetsForTest(targets[t]);
      f.rows(x.data(), y.data(), out.data(), kChunk);
      for (std::size_t i = 0; i < kChunk; ++i) {
        const double want = f.scalar(x[i], y[i]);
        if (std::memcmp(&want, &out[i], sizeof want) != 0) ++failures;
      }
    }
    for (int rep = 0; rep < 5; ++rep) {
      hwy::SetSupportedTargetsForTest(0);
      best_scalar = std::min(best_scalar, ns_per_value(values, scalar));
      best_libc = std::min(best_libc, ns_per_value(values, libc));
      for (std::size_t t = 0; t < targets.size(); ++t) {
        hwy::SetSupportedTargetsForTest(targets[t]);
        best_target[t] = std::min(best_target[t], ns_per_value(values, batch));
      }
    }
    hwy::SetSupportedTargetsForTest(0);
    fmt::print("{:<6} scalar det {:6.2f} ns, C library {:6.2f} ns", f.name, best_scalar, best_libc);
    for (std::size_t t = 0; t < targets.size(); ++t) {
      fmt::print(" | {} {:5.2f} ns ({:4.2f}x)", hwy::TargetName(targets[t]), best_target[t], best_scalar / best_target[t]);
    }
    fmt::print("\n");
  }
  if (failures != 0) {
    std::fprintf(stderr, "geosim_math_bench: %d batch results differ from the scalar function's bits\n", failures);
    return 1;
  }
  return 0;
}
