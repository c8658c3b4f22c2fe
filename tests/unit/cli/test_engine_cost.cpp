// SPDX-License-Identifier: Apache-2.0
// `--engine auto` by cost (cli/engine_cost.hpp): a cached library runs native; otherwise native
// exactly when the compile plus the native runs take less than the interpreted runs.
#include <doctest/doctest.h>

#include "cli/engine_cost.hpp"

using geosim::cli::EngineCosts;
using geosim::cli::decide_engine;

TEST_SUITE("cli") {

TEST_CASE("engine cost: a cached library always runs native, however few the runs") {
  EngineCosts c;
  c.cached = true;
  c.runs = 1;
  c.interpreted_run = 1e-6;
  c.compile = 10.0;
  const auto d = decide_engine(c);
  CHECK(d.native);
  CHECK(d.why == "native: the library is cached (no compile)");
}

TEST_CASE("engine cost: compile when it pays, at the break-even of the given costs") {
  // paris-2026 as measured: 63 us a run interpreted, native 0.52 of that, 0.35 s to compile.
  // Break-even: 0.35 / (63e-6 x 0.48) = 11,574 runs.
  EngineCosts c;
  c.interpreted_run = 63e-6;
  c.native_ratio = 0.52;
  c.compile = 0.35;
  c.runs = 11'500;
  CHECK_FALSE(decide_engine(c).native);
  c.runs = 11'650;
  CHECK(decide_engine(c).native);
  c.runs = 200'000;
  const auto d = decide_engine(c);
  CHECK(d.native);
  CHECK(d.why == "native: 200000 runs x 0.063 ms interpreted = 12.6 s, against 0.35 s to compile + 6.55 s native (x 0.52 per run)");
  // A scenario 100 times as costly a run pays from 100 times fewer runs.
  c.interpreted_run = 6.3e-3;
  c.runs = 115;
  CHECK_FALSE(decide_engine(c).native);
  c.runs = 117;
  CHECK(decide_engine(c).native);
  // Native code no faster than the interpreter never pays.
  c.native_ratio = 1.0;
  c.runs = 10'000'000;
  CHECK_FALSE(decide_engine(c).native);
}

TEST_CASE("engine cost: precision mode compiles (its runs are not known in advance)") {
  EngineCosts c;
  c.runs_unknown = true;
  c.runs = 10;
  c.interpreted_run = 1e-5;
  c.compile = 0.3;
  CHECK(decide_engine(c).native);
}

TEST_CASE("engine cost: the compile grows with the generated source") {
  CHECK(geosim::cli::expected_compile_seconds(0) == doctest::Approx(0.3));
  CHECK(geosim::cli::expected_compile_seconds(85'000) == doctest::Approx(0.3085));
  CHECK(geosim::cli::expected_compile_seconds(1'000'000) == doctest::Approx(0.4));
}

}  // TEST_SUITE
