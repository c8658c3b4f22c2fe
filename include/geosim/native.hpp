// SPDX-License-Identifier: Apache-2.0
// Native code for a scenario: its step loop written out as C++ (every program as plain
// arithmetic, slots and bounds as constants), compiled with the system's C++ compiler into a
// shared library cached by the source's SHA-256, and loaded into the model. Runs then give the
// same bits as the interpreter (tests compare both on every shipped scenario) in less time.
// See docs/performance.md ("Native code") and docs/cli.md (`--engine`).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

#include "geosim/model.hpp"

namespace geosim {

struct NativeOptions {
  std::string cache_dir;  ///< where libraries are kept; empty: default_native_cache_dir()
  std::string compiler;   ///< empty: $GEOSIM_CXX, else the compiler that built geosim
  bool build = true;      ///< false: use a library already in the cache, never compile
  /// Longest generated source compiled, in bytes: one function much longer takes the compiler
  /// minutes (paris-2026 is about 85 kB, a 1,000-actor scenario under 1 MB), so such a scenario stays interpreted.
  std::size_t max_source = 2'000'000;
  /// A kind of rule (drifts, events, commitments, outcomes) with at most this many rules is
  /// written one type per rule with constant slots; a kind with more, as loops over tables of
  /// slots and constants with one type per distinct shape of programs, so that compile time grows
  /// with the distinct shapes rather than with the rules (docs/architecture.md).
  std::size_t unroll_max = 32;
  /// Seconds the compiler may take before it is killed; 0: $GEOSIM_COMPILE_TIMEOUT, else 300.
  double compile_timeout = 0;
  /// Set asynchronously (a signal) to stop: a compiler running is killed, nothing is attached.
  const std::atomic<bool>* cancel = nullptr;
};

struct NativeStatus {
  bool attached = false;     ///< the model now runs native code
  bool from_cache = false;   ///< the library was already built
  double build_seconds = 0;  ///< time spent compiling (0 from the cache)
  std::string library;       ///< path of the shared library
  std::string message;       ///< when not attached: why (compiler missing, compile error, ...)
  std::string fix;           ///< ... and what to do about it (may be empty)
  /// The cache, or an entry in it, is not trusted (a link, another user's, writable by others):
  /// nothing in it was loaded. Worth telling even when nothing was to be built.
  bool refused = false;
  bool interrupted = false;  ///< options.cancel was set: stopped, not failed
};

/// @brief Generates, compiles (or finds in the cache) and loads native code for `m`, and sets
/// `m.native`. run_one then uses it for every run without a chronicle. On any failure `m` is
/// left on the interpreter and the status says why; nothing is thrown.
NativeStatus attach_native(Model& m, const NativeOptions& options = {});

/// @brief The C++ source attach_native compiles for `m` (for inspection and tests).
std::string native_source(const Model& m, const NativeOptions& options = {});

/// @brief The work of one run that native code speeds up: the instructions of every program a
/// step evaluates plus one per rule, times the steps. On the machines measured (docs/performance.md,
/// "When native code pays") native code saves about 0.2 ns of CPU per unit of it, whatever the
/// scenario's size, and compiling costs at most about 0.4 s.
std::uint64_t native_work_per_run(const Model& m);

/// @brief $GEOSIM_CACHE_DIR, else $XDG_CACHE_HOME/geosim/native, else ~/.cache/geosim/native,
/// else a directory under the system's temporary directory. Whichever it is, attach_native uses it
/// only when it is a folder of this user that no one else can write (docs/errors.md).
std::string default_native_cache_dir();

/// @brief Kills the compiler attach_native is running, if any (its whole process group).
/// Async-signal-safe: for a signal handler that is about to end the process.
void native_abort_builds() noexcept;

}  // namespace geosim
