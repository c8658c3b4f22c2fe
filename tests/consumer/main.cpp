// SPDX-License-Identifier: Apache-2.0
// The engine through its public API only: load a scenario, compile it, run it many times and print
// each outcome's probability or mean. Usage: consumer SCENARIO.yaml [RUNS]
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "geosim/diagnostics.hpp"
#include "geosim/mc.hpp"
#include "geosim/model.hpp"
#include "geosim/scenario.hpp"
#include "geosim/version.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: consumer SCENARIO.yaml [RUNS]\n");
    return 2;
  }
  auto sources = std::make_shared<geosim::Sources>();
  geosim::Diagnostics diags;
  const auto scenario = geosim::load_scenario(argv[1], {}, diags, sources);
  if (!scenario) {
    std::fputs(diags.format(*sources).c_str(), stderr);
    return 2;
  }
  auto model = geosim::compile_model(*scenario, diags);
  if (!model) {
    std::fputs(diags.format(*sources).c_str(), stderr);
    return 2;
  }
  geosim::McOptions options;
  options.runs = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 200;
  options.seed = 1;
  options.threads = 2;
  const geosim::Summary summary = geosim::run_monte_carlo(*model, options);
  std::printf("geosim %s: %llu runs of %s\n", geosim::kVersion,
              static_cast<unsigned long long>(summary.runs), summary.scenario.c_str());
  for (const auto& o : summary.outcomes) {
    if (o.kind == geosim::OutcomeSpec::Kind::When)
      std::printf("%s: p = %.3f [%.3f, %.3f]\n", o.id.c_str(), o.probability(), o.ci.lo, o.ci.hi);
    else
      std::printf("%s: mean = %.3f\n", o.id.c_str(), o.values.mean);
  }
  return 0;
}
