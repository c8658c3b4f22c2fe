// SPDX-License-Identifier: Apache-2.0
// A loaded shared library of native code (engine/native/build.cpp). Private to the engine.
#pragma once

#include <string>

#include "native/abi.hpp"

namespace geosim::native {

struct Library {
  void* handle = nullptr;  ///< dlopen handle, closed with the last model sharing it
  RunFn run = nullptr;     ///< geosim_native_run
  std::string path;
  /// The open file loaded (through /proc/self/fd/N): kept open while loaded, so that the name
  /// N is never reused for another library while the loader still knows this one by it.
  int fd = -1;
  Library() = default;
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;
  ~Library();
};

}  // namespace geosim::native
