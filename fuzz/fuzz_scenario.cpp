// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the scenario loader and compiler, as `geosim check` drives them. The input
// is a scenario file's text: loaded (YAML, validation, resource limits), then compiled; every
// declared variant is loaded and compiled too; diagnostics are formatted as the CLI prints them.
// A scenario that compiles and is small runs once, so the compiled model meets the simulator.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "geosim/model.hpp"
#include "geosim/run.hpp"
#include "geosim/scenario.hpp"

namespace {

std::optional<geosim::Model> load(const std::string& text, const std::string& variant) {
  geosim::Diagnostics diags;
  auto sources = std::make_shared<geosim::Sources>();
  geosim::LoadOptions options;
  options.variant = variant;
  auto scenario = geosim::load_scenario_text("fuzz.yaml", text, options, diags, sources);
  std::optional<geosim::Model> model;
  if (scenario) model = geosim::compile_model(*scenario, diags);
  if (!diags.ok()) {
    volatile std::size_t n = diags.format(*sources).size();  // as `geosim check` prints them
    (void)n;
    return std::nullopt;
  }
  if (model && variant.empty() && scenario) {
    for (std::size_t i = 0; i < scenario->variants.size() && i < 4; ++i) (void)load(text, scenario->variants[i].name);
  }
  return model;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto model = load(text, "");
  // One run when it is cheap: steps x slots bounded so each input stays fast.
  if (model && static_cast<double>(model->steps) * static_cast<double>(model->initial.size() + 1) <= 2e5) {
    geosim::RunState rs;
    rs.prepare(*model);
    geosim::run_one(*model, 1, 0, rs, nullptr, true);
  }
  return 0;
}
