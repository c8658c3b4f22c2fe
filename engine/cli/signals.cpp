// SPDX-License-Identifier: Apache-2.0
#include "cli/signals.hpp"

#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "geosim/native.hpp"

namespace geosim::cli {

namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};
std::atomic<long long> g_first_ms{0};

constexpr std::size_t kSlots = 32;
constexpr std::size_t kPathMax = 4096;
std::array<std::array<char, kPathMax>, kSlots> g_paths{};
std::array<std::atomic<int>, kSlots> g_used{};

long long now_ms() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);  // async-signal-safe
  return static_cast<long long>(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

extern "C" void on_stop_signal(int sig) {
  const int saved = errno;
  const long long now = now_ms();
  if (g_signal.exchange(sig) == 0) {
    g_first_ms.store(now);
    g_stop.store(true);
    errno = saved;
    return;
  }
  // A second signal: when it comes quickly after the first (a terminal's SIGINT and a launcher's
  // SIGTERM together), the first is still being honoured; later, the user insists: leave now.
  if (now - g_first_ms.load() < 1000) {
    errno = saved;
    return;
  }
  native_abort_builds();
  for (std::size_t i = 0; i < kSlots; ++i)
    if (g_used[i].load(std::memory_order_acquire) == 1) ::unlink(g_paths[i].data());
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

}  // namespace

void install_signal_handlers() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;  // nohup, `cmd &` in a script
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    // No SA_RESTART: a read that blocks (a scenario typed on standard input) ends with EINTR,
    // and the command sees the flag. Every other wait here polls or retries on EINTR.
    sa.sa_flags = 0;
    ::sigaction(sig, &sa, nullptr);
  }
}

const std::atomic<bool>* stop_flag() { return &g_stop; }

bool stop_requested() { return g_stop.load(); }

std::string stop_signal_name() {
  switch (g_signal.load()) {
    case 0: return {};
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    default: return "a signal";
  }
}

int remove_on_signal(const std::string& path) {
  if (path.size() >= kPathMax) return -1;
  for (std::size_t i = 0; i < kSlots; ++i) {
    int expected = 0;
    if (g_used[i].compare_exchange_strong(expected, 2)) {  // 2: being written
      std::memcpy(g_paths[i].data(), path.c_str(), path.size() + 1);
      g_used[i].store(1, std::memory_order_release);
      return static_cast<int>(i);
    }
  }
  return -1;
}

void forget_on_signal(int slot) {
  if (slot >= 0 && static_cast<std::size_t>(slot) < kSlots) g_used[static_cast<std::size_t>(slot)].store(0, std::memory_order_release);
}

}  // namespace geosim::cli
