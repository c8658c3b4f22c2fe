// SPDX-License-Identifier: Apache-2.0
#include "cli/engine_choice.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include <fmt/format.h>

#include "cli/common.hpp"
#include "cli/signals.hpp"
#include "geosim/mc.hpp"
#include "geosim/native.hpp"

namespace geosim::cli {

void add_engine_option(CLI::App* cmd, std::string& engine) {
  cmd->add_option("--engine", engine,
                  "How steps run: native (the scenario compiled to machine code, cached), interpreter, or auto "
                  "(native when cached, or when the job is large enough for the compile to pay: "
                  "about 12,000 runs of paris-2026; default)")
      ->check(CLI::IsMember({"auto", "native", "interpreter"}));
}

bool choose_engine(const std::string& engine, const std::vector<Model*>& models, std::uint64_t runs, bool build_anyway,
                   bool report) {
  if (engine == "interpreter") return true;
  NativeOptions o;
  std::uint64_t work = 0;
  for (const Model* m : models) work = std::max(work, native_work_per_run(*m));
  const double job = static_cast<double>(runs) * static_cast<double>(work);  // double: no overflow
  o.build = engine == "native" || job >= static_cast<double>(kNativeAutoWork) || build_anyway;
  // Models that differ only in slot values share one library; many different ones (a grid over
  // numbers written into expressions) would each need a compile: auto leaves those interpreted.
  constexpr std::size_t kMaxAutoBuilds = 16;
  if (engine == "auto" && o.build && models.size() > 1) {
    std::set<std::string> sources;
    for (const Model* m : models)
      if (sources.insert(native_source(*m)).second && sources.size() > kMaxAutoBuilds) {
        o.build = false;
        break;
      }
  }
  o.cancel = stop_flag();  // a signal during the compile kills the compiler; the command then stops
  std::string failure, fix;
  bool refused = false;
  for (Model* m : models) {
    const NativeStatus st = attach_native(*m, o);
    if (st.interrupted) return true;  // the runs see the flag at once and say so
    if (st.attached || !failure.empty()) continue;
    if (o.build || engine == "native" || st.refused) {
      failure = st.message;
      fix = st.fix;
      refused = st.refused;
    }
  }
  if (failure.empty()) return true;
  if (engine == "native") {
    std::fputs(terminal_text(fmt::format("geosim: --engine native: {}; {}\n", failure,
                                         fix.empty() ? "use --engine interpreter" : fix))
                   .c_str(),
               stderr);
    return false;
  }
  // A cache refused is worth a note even when nothing was to be built: someone may be trying.
  if (report || (refused && process_world().rank == 0))
    std::fputs(terminal_text(fmt::format("geosim: note: running interpreted ({}{})\n", failure, fix.empty() ? "" : "; " + fix))
                   .c_str(),
               stderr);
  return true;
}

std::string execution_of(const std::vector<const Model*>& models) {
  std::size_t native = 0;
  for (const Model* m : models) native += m->native ? 1 : 0;
  return native == models.size() ? "native" : native == 0 ? "interpreted" : "mixed";
}

}  // namespace geosim::cli
