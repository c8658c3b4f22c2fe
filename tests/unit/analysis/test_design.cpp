// SPDX-License-Identifier: Apache-2.0
// Design tables (sweep --design): the CSV reader, and the per-run rows' draws.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "analysis_test_util.hpp"
#include "geosim/analysis.hpp"
#include "geosim/mc.hpp"
#include "geosim/output.hpp"

namespace {

using geosim::analysis::parse_design_csv;

}  // namespace

TEST_CASE("design table: quoted names, a byte-order mark, CRLF, spaces and blank lines are read") {
  geosim::Sources sources;
  geosim::Diagnostics diags;
  const std::string text = "\xEF\xBB\xBF\"events.a.rate\", b.c\r\n\r\n 0.5 ,1e-3\r\n-2,\"3\"\r\n";
  const auto t = parse_design_csv("d.csv", text, sources, diags);
  REQUIRE_MESSAGE(t.has_value(), diags.format(sources));
  CHECK(t->columns == std::vector<std::string>{"events.a.rate", "b.c"});
  REQUIRE(t->rows.size() == 2);
  CHECK(t->rows[0] == std::vector<double>{0.5, 1e-3});
  CHECK(t->rows[1] == std::vector<double>{-2, 3});
  CHECK(t->cell(0, 1).line == 3);
  CHECK(t->cell(0, 1).col == 7);
  CHECK(t->header(1).col == 18);
}

TEST_CASE("design table: every bad cell is reported at its line and column") {
  geosim::Sources sources;
  geosim::Diagnostics diags;
  const auto t = parse_design_csv("d.csv", "x,y\n1,nan\n2\n3,4,5\n,inf\n", sources, diags);
  CHECK(!t.has_value());
  std::vector<std::pair<int, int>> at;
  for (const auto& d : diags.items()) at.emplace_back(d.mark.line, d.mark.col);
  CHECK(at == std::vector<std::pair<int, int>>{{2, 3}, {3, 2}, {4, 5}, {5, 1}, {5, 2}});
  for (const auto& d : diags.items()) CHECK(!d.fix.empty());
}

TEST_CASE("design table: an empty text, a header alone and repeated names are refused") {
  for (const char* text : {"", "\n\n", "a,b\n", "a,a\n1,2\n", "a,\n1,2\n"}) {
    INFO(text);
    geosim::Sources sources;
    geosim::Diagnostics diags;
    CHECK(!parse_design_csv("d.csv", text, sources, diags).has_value());
    CHECK(!diags.ok());
  }
}

TEST_CASE("per-run rows carry the numbers each run drew, clamped as the run used them") {
  const auto m = antest::compile(R"(
geosim: 1
scenario: {name: drawn, horizon_days: 10}
parameters:
  p: {value: {normal: {mean: 0.5, sd: 0.3}}}
actors:
  A: {variables: {v: {value: {uniform: [0, 2]}, min: 0, max: 1}}}
outcomes:
  p_out: {value: "params.p"}
  v0: {value: "A.v"}
)");
  REQUIRE(m.sampled.size() == 2);
  geosim::McOptions o{700, 4};
  o.threads = 3;
  std::vector<geosim::RunRecord> rows;
  o.per_run_row = [&rows](const geosim::RunRecord& r) { rows.push_back(r); };
  geosim::run_monte_carlo(m, o);
  REQUIRE(rows.size() == 700);
  std::size_t clamped = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CHECK(rows[i].run == i);
    CHECK(rows[i].drawn[0] == rows[i].outcomes[0].value);
    CHECK(rows[i].drawn[1] == rows[i].outcomes[1].value);
    clamped += rows[i].drawn[1] == 1.0 ? 1 : 0;
  }
  CHECK(clamped > 200);  // half of uniform(0, 2) lies above the bound
  const geosim::PerRunCsv csv(m, 4);
  CHECK(csv.header() == "run,seed,variant,parameters.p.value,actors.A.variables.v.value,p_out,v0\n");
  CHECK(csv.row(rows[3]) == fmt::format("3,4,,{0},{1},{0},{1}\n", rows[3].drawn[0], rows[3].drawn[1]));
}
