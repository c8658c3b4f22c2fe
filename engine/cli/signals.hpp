// SPDX-License-Identifier: Apache-2.0
// SIGINT, SIGTERM and SIGHUP: one flag, set from the first moment of the process. Every long
// phase of a command (loading many files, the native compile, the Monte Carlo, a search) polls
// it and ends cleanly: its temporaries removed, no output file written, exit 1. A second signal
// more than a second after the first ends the process at once (temporaries still removed).
// A signal that was ignored when geosim started (nohup; the background jobs of a shell without
// job control, which start with SIGINT ignored) stays ignored, as the shell intends.
#pragma once

#include <atomic>
#include <string>

namespace geosim::cli {

/// @brief Installs the handlers (main calls it first).
void install_signal_handlers();

/// @brief The flag the handlers set; never null.
const std::atomic<bool>* stop_flag();
/// @brief True once one of the signals arrived.
bool stop_requested();
/// @brief The name of the signal that arrived ("SIGTERM"), or "" when none did.
std::string stop_signal_name();

/// @brief A file to remove should the process be ended by a second signal; returns its slot
/// (-1 when all slots are taken). forget_on_signal(slot) when it is gone or kept.
int remove_on_signal(const std::string& path);
void forget_on_signal(int slot);

}  // namespace geosim::cli
