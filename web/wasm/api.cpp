// SPDX-License-Identifier: Apache-2.0
// The browser engine's one entry point, geosim_call(REQUEST) -> RESPONSE, both JSON text. Called
// from the page's Web Worker (web/page/worker.js), which owns the only instance; not thread-safe.
//   {"cmd": "load", "sources": [...], "tree": {...}}     the scenario as `geosim classroom` wrote it
//   {"cmd": "start", "set": [{"path", "value"}], "runs", "seed"}   lever values, as --set PATH=VALUE
//   {"cmd": "step", "blocks": K}                           up to K blocks of 256 runs, in order
//   {"cmd": "finish"}                                      the summary (names as `geosim run --json`)
//   {"cmd": "chronicle", "outcome": ID, "happened": B}     the first run where ID happened (or not)
// Every response has "ok"; a failed one has "error" (diagnostics as FILE:LINE:COL text).
// The runs are those of run_monte_carlo() on one thread: the same blocks (mc::run_block), merged in
// the same order by the same accumulator, so figures equal `geosim run` at the same seed.
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "geosim/chronicle.hpp"
#include "geosim/mc.hpp"
#include "geosim/model.hpp"
#include "geosim/scenario.hpp"
#include "mc/block.hpp"
#include "scenario/load_tree.hpp"
#include "scenario/overrides.hpp"
#include "scenario/tree_json.hpp"

namespace {

using nlohmann::json;
using geosim::scenario::Node;

json num(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }
json pair(double a, double b) { return json::array({num(a), num(b)}); }

json failure(std::string text) { return {{"ok", false}, {"error", std::move(text)}}; }

// The job in progress: its model, accumulator and the next block to run.
struct Job {
  std::shared_ptr<geosim::Sources> sources;
  std::optional<geosim::Scenario> scenario;
  std::optional<geosim::Model> model;
  std::unique_ptr<geosim::mc::Accumulator> acc;
  geosim::McOptions options;
  geosim::RunState rs;
  std::uint64_t next_block = 0, blocks = 0;
};

struct Engine {
  json sources;                 // as sources_to_json() wrote them
  std::optional<Node> tree;     // the merged tree, before any lever
  std::unique_ptr<Job> job;
};

Engine& engine() {
  static Engine e;
  return e;
}

json load(const json& req) {
  Engine& e = engine();
  geosim::Diagnostics d;
  geosim::Sources check;
  if (!req.contains("tree") || !req.contains("sources")) return failure("load: the request has no tree or sources");
  if (!geosim::scenario::sources_from_json(req["sources"], check, d)) return failure(d.format(check));
  auto tree = geosim::scenario::tree_from_json(req["tree"], d);
  if (!tree) return failure(d.format(check));
  e.sources = req["sources"];
  e.tree = std::move(tree);
  e.job.reset();
  return {{"ok", true}};
}

json start(const json& req) {
  Engine& e = engine();
  if (!e.tree) return failure("start: no scenario loaded");
  auto job = std::make_unique<Job>();
  job->sources = std::make_shared<geosim::Sources>();
  geosim::Diagnostics d;
  geosim::scenario::sources_from_json(e.sources, *job->sources, d);
  std::vector<std::string> files;
  for (int i = 0; i < job->sources->size(); ++i) files.push_back(job->sources->name(i));
  Node root = *e.tree;
  // Each lever value is written into the tree as `--set PATH=VALUE` would write it: a plain scalar.
  if (req.contains("set") && req["set"].is_array()) {
    for (const auto& s : req["set"]) {
      if (!s.is_object() || !s.contains("path") || !s.contains("value") || !s["path"].is_string() || !s["value"].is_string())
        return failure("start: each lever setting needs a path and a value (text)");
      const std::string path = s["path"].get<std::string>(), value = s["value"].get<std::string>();
      const int file = job->sources->add(fmt::format("--set {}", path), value);
      Node v;
      v.kind = Node::Kind::Scalar;
      v.text = value;
      v.mark = {file, 1, 1};
      geosim::scenario::apply_override(root, path, v, {}, "--set", d);
    }
  }
  if (d.ok()) job->scenario = geosim::scenario::scenario_from_tree(std::move(root), {}, d, job->sources, files);
  if (job->scenario) job->model = geosim::compile_model(*job->scenario, d);
  if (!d.ok() || !job->model) return failure(d.format(*job->sources));
  job->options.runs = req.value("runs", std::uint64_t{2000});
  job->options.seed = req.value("seed", std::uint64_t{1});
  if (job->options.runs < 1 || job->options.runs > 1'000'000) return failure("start: runs must be from 1 to 1,000,000");
  job->acc = std::make_unique<geosim::mc::Accumulator>(*job->model, job->options);
  job->rs.prepare(*job->model);
  job->blocks = (job->options.runs + geosim::kBlockRuns - 1) / geosim::kBlockRuns;
  e.job = std::move(job);
  return {{"ok", true}, {"blocks", e.job->blocks}, {"runs", e.job->options.runs}};
}

json step(const json& req) {
  Engine& e = engine();
  if (!e.job) return failure("step: no job started");
  Job& j = *e.job;
  const std::uint64_t want = req.value("blocks", std::uint64_t{1});
  for (std::uint64_t i = 0; i < want && j.next_block < j.blocks; ++i, ++j.next_block) {
    geosim::mc::BlockResult r;
    r.block = j.next_block;
    r.first_run = r.block * geosim::kBlockRuns;
    r.runs = std::min(geosim::kBlockRuns, j.options.runs - r.first_run);
    geosim::mc::run_block(*j.model, j.options.seed, r, j.rs, j.options.track, false, j.acc->series_threshold());
    j.acc->merge(r);
  }
  const std::uint64_t done = std::min(j.next_block * geosim::kBlockRuns, j.options.runs);
  return {{"ok", true}, {"done", done}, {"total", j.options.runs}};
}

json outcome_json(const geosim::OutcomeSummary& o) {
  using Kind = geosim::OutcomeSpec::Kind;
  json j = {{"id", o.id}, {"label", o.label}, {"runs", o.n}};
  switch (o.kind) {
    case Kind::When: j["kind"] = "when"; break;
    case Kind::Value: j["kind"] = "value"; break;
    case Kind::Count: j["kind"] = "count"; break;
  }
  if (!o.given.empty()) j["given"] = o.given;
  if (o.kind == Kind::When) {
    j["probability"] = o.probability();
    j["ci95"] = pair(o.ci.lo, o.ci.hi);
    j["happened"] = o.happened;
    return j;
  }
  const auto ci = o.values.mean_interval();
  json q = json::object();
  for (double p : {0.05, 0.25, 0.5, 0.75, 0.95}) q[fmt::format("p{:02.0f}", p * 100)] = num(o.quantile(p));
  j["mean"] = num(o.values.mean);
  j["ci95"] = pair(ci.lo, ci.hi);
  j["sd"] = num(std::sqrt(o.values.variance()));
  j["min"] = num(o.values.min);
  j["max"] = num(o.values.max);
  j["quantiles"] = q;
  if (o.kind == Kind::Count) {
    j["probability"] = o.probability();
    j["happened"] = o.happened;
  }
  return j;
}

json finish(const json&) {
  Engine& e = engine();
  if (!e.job || e.job->next_block < e.job->blocks) return failure("finish: the job has blocks left to run");
  Job& j = *e.job;
  geosim::Summary s = j.acc->finish(0.0, 1);
  json outcomes = json::array();
  for (const auto& o : s.outcomes) outcomes.push_back(outcome_json(o));
  json series = json::array();
  for (const auto& ser : s.series) {
    json x = {{"name", ser.name}, {"day", ser.day}, {"runs_used", ser.runs_used}};
    for (std::size_t l = 0; l < geosim::SeriesSummary::kLevels.size(); ++l) {
      json col = json::array();
      for (const auto& b : ser.bands) col.push_back(num(b[l]));
      x[fmt::format("p{:02.0f}", geosim::SeriesSummary::kLevels[l] * 100)] = col;
    }
    series.push_back(std::move(x));
  }
  return {{"ok", true}, {"seed", s.seed}, {"runs", j.options.runs}, {"horizon_days", s.horizon_days},
          {"start", j.model->start}, {"outcomes", outcomes}, {"series", series}};
}

json chronicle(const json& req) {
  Engine& e = engine();
  if (!e.job || !e.job->model) return failure("chronicle: no job started");
  Job& j = *e.job;
  const std::string id = req.value("outcome", std::string());
  const bool happened = req.value("happened", true);
  std::size_t k = 0;
  while (k < j.model->outcomes.size() && j.model->outcomes[k].id != id) ++k;
  if (k == j.model->outcomes.size()) return failure(fmt::format("chronicle: no outcome '{}'", id));
  std::uint64_t tried = 0;
  auto run = geosim::find_run(*j.model, j.options.seed, {{k, happened}}, 0, j.options.runs, &tried);
  if (!run) return {{"ok", true}, {"found", false}, {"tried", tried}};
  geosim::Chronicle c = geosim::make_chronicle(*j.model, j.options.seed, *run, &*j.scenario);
  return {{"ok", true}, {"found", true}, {"run", *run}, {"text", geosim::format_chronicle(c)},
          {"chronicle", geosim::chronicle_json(c)}};
}

json dispatch(const json& req) {
  const std::string cmd = req.is_object() ? req.value("cmd", std::string()) : std::string();
  if (cmd == "load") return load(req);
  if (cmd == "start") return start(req);
  if (cmd == "step") return step(req);
  if (cmd == "finish") return finish(req);
  if (cmd == "chronicle") return chronicle(req);
  return failure(fmt::format("unknown request '{}'", cmd));
}

}  // namespace

extern "C" const char* geosim_call(const char* request) {
  static std::string reply;
  // Built without exception catching (a throw aborts): parse without throwing, dump with
  // replacement of invalid UTF-8 rather than an exception.
  json req = json::parse(request, nullptr, false);
  reply = (req.is_discarded() ? failure("the request is not JSON") : dispatch(req))
              .dump(-1, ' ', false, json::error_handler_t::replace);
  return reply.c_str();
}
