// SPDX-License-Identifier: Apache-2.0
// The scenario tree as JSON (engine/scenario/tree_json.hpp), the form `geosim classroom` hands
// to the browser's engine: read back it is the same tree, marks included, and it gives the same
// scenario as the YAML it came from; anything else is refused with a diagnostic.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "geosim/mc.hpp"
#include "geosim/model.hpp"
#include "geosim/scenario.hpp"
#include "scenario/load_tree.hpp"
#include "scenario/tree_json.hpp"

namespace {

using geosim::scenario::Node;

void same_tree(const Node& a, const Node& b) {
  REQUIRE(a.kind == b.kind);
  CHECK(a.text == b.text);
  CHECK(a.quoted == b.quoted);
  CHECK(a.mark.file == b.mark.file);
  CHECK(a.mark.line == b.mark.line);
  CHECK(a.mark.col == b.mark.col);
  REQUIRE(a.keys == b.keys);
  REQUIRE(a.key_marks.size() == b.key_marks.size());
  for (std::size_t i = 0; i < a.key_marks.size(); ++i) CHECK(a.key_marks[i].line == b.key_marks[i].line);
  REQUIRE(a.items.size() == b.items.size());
  for (std::size_t i = 0; i < a.items.size(); ++i) same_tree(a.items[i], b.items[i]);
}

const char* kScenario = R"(scenario: {name: "Tree, as JSON", horizon_days: 90}
parameters:
  rate: {value: {uniform: [0.01, 0.03]}}
actors:
  A: {variables: {resolve: 0.5}}
events:
  clash: {actor: A, rate: "params.rate", effects: ["A.resolve -= 0.01"], describe: "A clash: <b>&</b>"}
outcomes:
  clashes: {count: clash}
  low: {when: "A.resolve < 0.45"}
)";

}  // namespace

TEST_SUITE("scenario") {
  TEST_CASE("tree json: read back, the tree is the same, texts, quoting and marks included") {
    geosim::Sources sources;
    geosim::Diagnostics d;
    const int file = sources.add("t.yaml", kScenario);
    auto tree = geosim::scenario::parse_yaml(sources, file, d);
    REQUIRE(tree);
    auto back = geosim::scenario::tree_from_json(nlohmann::json::parse(geosim::scenario::tree_to_json(*tree).dump()), d);
    REQUIRE(back);
    CHECK(d.ok());
    same_tree(*tree, *back);
  }

  TEST_CASE("tree json: the tree read back gives the same runs as the YAML it came from") {
    auto sources = std::make_shared<geosim::Sources>();
    geosim::Diagnostics d;
    auto direct = geosim::load_scenario_text("t.yaml", kScenario, {}, d, sources);
    REQUIRE(direct);
    auto tree = geosim::scenario::parse_yaml(*sources, 0, d);
    REQUIRE(tree);
    auto back = geosim::scenario::tree_from_json(geosim::scenario::tree_to_json(*tree), d);
    REQUIRE(back);
    auto via_json = geosim::scenario::scenario_from_tree(std::move(*back), {}, d, sources, {"t.yaml"});
    REQUIRE(via_json);
    auto m1 = geosim::compile_model(*direct, d), m2 = geosim::compile_model(*via_json, d);
    REQUIRE(m1);
    REQUIRE(m2);
    geosim::McOptions o;
    o.runs = 600;
    o.seed = 7;
    const geosim::Summary a = geosim::run_monte_carlo(*m1, o), b = geosim::run_monte_carlo(*m2, o);
    REQUIRE(a.outcomes.size() == b.outcomes.size());
    for (std::size_t k = 0; k < a.outcomes.size(); ++k) {
      CHECK(a.outcomes[k].happened == b.outcomes[k].happened);
      CHECK(a.outcomes[k].values.mean == b.outcomes[k].values.mean);
    }
    CHECK(a.outcomes[0].values.mean > 0);  // the clashes happen: the comparison is not of empty runs
  }

  TEST_CASE("tree json: what is not a tree written by tree_to_json is refused with one diagnostic") {
    for (const char* text : {R"({"k": "map", "at": [0, 1, 1], "keys": ["a"], "key_at": [], "items": [{"k": "null", "at": [0, 1, 1]}]})",
                             R"({"k": "text", "at": [0, 1, 1]})", R"({"k": "tree", "at": [0, 1, 1], "items": []})", R"([1, 2])",
                             R"({"k": "list", "at": [0, 1], "items": []})"}) {
      INFO(text);
      geosim::Diagnostics d;
      CHECK_FALSE(geosim::scenario::tree_from_json(nlohmann::json::parse(text), d));
      CHECK(d.items().size() == 1);
    }
    geosim::scenario::Limits shallow;
    shallow.max_depth = 2;
    nlohmann::json deep = {{"k", "null"}, {"at", {0, 1, 1}}};
    for (int i = 0; i < 4; ++i) deep = {{"k", "list"}, {"at", {0, 1, 1}}, {"items", {deep}}};
    geosim::Diagnostics d;
    CHECK_FALSE(geosim::scenario::tree_from_json(deep, d, shallow));
    CHECK(d.items().size() == 1);
  }
}
