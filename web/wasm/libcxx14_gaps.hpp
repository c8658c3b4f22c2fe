// SPDX-License-Identifier: Apache-2.0
// What the engine uses of C++17/20 and the libc++ of Debian's emscripten 3.1.6 (LLVM 14) lacks.
// Force-included into the browser build only (web/CMakeLists.txt).
// - std::from_chars for double (scenario/fields.cpp, expr/lexer.cpp): built on strtod (musl's,
//   correctly rounded like from_chars), with from_chars' shape: no leading space or '+', "0x..."
//   read as "0", and out-of-range results reported with `value` left alone.
// - std::jthread (mc/accumulator.cpp's band workers): a thread joined on destruction. The browser
//   build runs one thread, so it never starts one; the type only has to exist.
// - std::bit_cast (sim/dynamics.cpp): clang's builtin, which is what libc++ implements it with.
#pragma once

#include <bit>
#include <cctype>
#include <type_traits>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>
#include <system_error>
#include <thread>
#include <utility>

namespace std {

inline from_chars_result from_chars(const char* first, const char* last, double& value,
                                    chars_format = chars_format::general) {
  if (first == last || *first == '+' || std::isspace(static_cast<unsigned char>(*first)))
    return {first, errc::invalid_argument};
  const char* p = first + (*first == '-' ? 1 : 0);
  if (last - p >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
    value = *first == '-' ? -0.0 : 0.0;
    return {p + 1, errc{}};
  }
  const std::string text(first, last);  // strtod needs a terminated string
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) return {first, errc::invalid_argument};
  const char* ptr = first + (end - text.c_str());
  if (errno == ERANGE && (std::isinf(v) || v == 0.0)) return {ptr, errc::result_out_of_range};
  value = v;
  return {ptr, errc{}};
}

#if !defined(__cpp_lib_bit_cast)
template <class To, class From>
  requires(sizeof(To) == sizeof(From) && is_trivially_copyable_v<To> && is_trivially_copyable_v<From>)
constexpr To bit_cast(const From& from) noexcept {
  return __builtin_bit_cast(To, from);
}
#endif

#if !defined(__cpp_lib_jthread)
class jthread {
 public:
  jthread() noexcept = default;
  template <class F, class... Args>
  explicit jthread(F&& f, Args&&... args) : t_(std::forward<F>(f), std::forward<Args>(args)...) {}
  jthread(jthread&&) noexcept = default;
  jthread& operator=(jthread&& o) noexcept {
    if (t_.joinable()) t_.join();
    t_ = std::move(o.t_);
    return *this;
  }
  ~jthread() {
    if (t_.joinable()) t_.join();
  }
  bool joinable() const noexcept { return t_.joinable(); }
  void join() { t_.join(); }

 private:
  std::thread t_;
};
#endif

}  // namespace std
