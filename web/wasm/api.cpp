// SPDX-License-Identifier: Apache-2.0
// The browser engine's one entry point, geosim_call(REQUEST) -> RESPONSE, both JSON text. Called
// from the page's Web Worker (web/page/worker.js), which owns the only instance; not thread-safe.
//   {"cmd": "load", "sources": [...], "tree": {...}}     the scenario as `geosim classroom` wrote it
//   {"cmd": "start", "set": [{"path", "value"}], "runs", "seed", "policy"}   lever values, as --set
//       PATH=VALUE; "policy" (optional): {"decision", "choices"} as for roleplay, the last to the horizon
//   {"cmd": "step", "blocks": K}                           up to K blocks of 256 runs, in order
//   {"cmd": "finish"}                                      the summary (names as `geosim run --json`)
//   {"cmd": "chronicle", "outcome": ID, "happened": B}     the first run where ID happened (or not)
//   {"cmd": "roleplay", "set", "seed", "run", "decision": D, "choices": [{"day", "action"}]}
//       run `run` replayed with the team's choices so far as decision D's policy (each choice from
//       its day to the next one's, the last for its day only); answers the next occasion of D
//       after the last choice (its day, options with the rule's chances and utilities, the
//       tracked values then, the chronicle until then), or, when there is none, the whole
//       chronicle of the run with the choices as a policy to the horizon (`geosim explain` of
//       the saved policy at that seed and run)
// Every response has "ok"; a failed one has "error" (diagnostics as FILE:LINE:COL text).
// The runs are those of run_monte_carlo() on one thread: the same blocks (mc::run_block), merged in
// the same order by the same accumulator, so figures equal `geosim run` at the same seed.
#include <cmath>
#include <memory>
#include <optional>
#include <algorithm>
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

// Each lever value is written into the tree as `--set PATH=VALUE` would write it: a plain scalar.
std::optional<std::string> levers(const json& req, Node& root, geosim::Sources& sources, geosim::Diagnostics& d) {
  if (!req.contains("set") || !req["set"].is_array()) return std::nullopt;
  for (const auto& s : req["set"]) {
    if (!s.is_object() || !s.contains("path") || !s.contains("value") || !s["path"].is_string() || !s["value"].is_string())
      return "start: each lever setting needs a path and a value (text)";
    const std::string path = s["path"].get<std::string>(), value = s["value"].get<std::string>();
    const int file = sources.add(fmt::format("--set {}", path), value);
    Node v;
    v.kind = Node::Kind::Scalar;
    v.text = value;
    v.mark = {file, 1, 1};
    geosim::scenario::apply_override(root, path, v, {}, "--set", d);
  }
  return std::nullopt;
}

// A scalar node of the role-play policy, marked in its own source text.
Node scalar(std::string text, int file) {
  Node v;
  v.kind = Node::Kind::Scalar;
  v.text = std::move(text);
  v.mark = {file, 1, 1};
  return v;
}

// The team's choices as decision `decision`'s policy: each from its day to the next choice's
// day; the last to `last_to` (< 0: to the horizon).
std::optional<std::string> policy(const json& choices, const std::string& decision, int last_to, Node& root,
                                  geosim::Sources& sources, geosim::Diagnostics& d) {
  const int file = sources.add("role-play choices", choices.dump());
  Node list;
  list.kind = Node::Kind::Seq;
  list.mark = {file, 1, 1};
  for (std::size_t i = 0; i < choices.size(); ++i) {
    const json& c = choices[i];
    if (!c.is_object() || !c.contains("day") || !c["day"].is_number_integer() || !c.contains("action") || !c["action"].is_string())
      return "roleplay: each choice needs a day (a whole number) and an action";
    Node piece;
    piece.kind = Node::Kind::Map;
    piece.mark = {file, 1, 1};
    const auto add = [&](const char* key, std::string text) {
      piece.keys.push_back(key);
      piece.key_marks.push_back({file, 1, 1});
      piece.items.push_back(scalar(std::move(text), file));
    };
    add("from_day", std::to_string(c["day"].get<int>()));
    if (i + 1 == choices.size() && last_to >= 0) add("to_day", std::to_string(last_to));
    add("action", c["action"].get<std::string>());
    list.items.push_back(std::move(piece));
  }
  if (!choices.empty()) geosim::scenario::apply_override(root, "decisions." + decision + ".policy", list, {}, "role-play", d);
  return std::nullopt;
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
  if (auto bad = levers(req, root, *job->sources, d)) return failure(*bad);
  // A role-play's saved policy, run as `geosim run` runs the variant the page exports.
  if (req.contains("policy") && req["policy"].is_object()) {
    const json& p = req["policy"];
    const json choices = p.contains("choices") && p["choices"].is_array() ? p["choices"] : json::array();
    if (auto bad = policy(choices, p.value("decision", std::string()), -1, root, *job->sources, d)) return failure(*bad);
  }
  if (d.ok()) job->scenario = geosim::scenario::scenario_from_tree(std::move(root), {}, d, job->sources, files);
  if (job->scenario) job->model = geosim::compile_model(*job->scenario, d);
  if (!d.ok() || !job->model) return failure(d.format(*job->sources));
  job->options.runs = req.value("runs", std::uint64_t{2000});
  job->options.seed = req.value("seed", std::uint64_t{1});
  if (job->options.runs < 1 || job->options.runs > 1'000'000) return failure("start: runs must be from 1 to 1,000,000");
  job->acc = std::make_unique<geosim::mc::Accumulator>(*job->model, job->options);
  job->acc->expect_runs(job->options.runs);  // only the series sample's runs record a trajectory
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

json roleplay(const json& req) {
  Engine& e = engine();
  if (!e.tree) return failure("roleplay: no scenario loaded");
  const std::string decision = req.value("decision", std::string());
  const json choices = req.contains("choices") && req["choices"].is_array() ? req["choices"] : json::array();
  const std::uint64_t seed = req.value("seed", std::uint64_t{1}), run = req.value("run", std::uint64_t{0});
  // Replay with the last choice for its own day only, so the rule decides the next occasion.
  const int last_day = choices.empty() ? -1 : choices.back().value("day", 0);
  const auto build = [&](int last_to, std::shared_ptr<geosim::Sources>& sources, std::optional<geosim::Scenario>& scenario,
                         std::optional<geosim::Model>& model) -> std::optional<std::string> {
    sources = std::make_shared<geosim::Sources>();
    geosim::Diagnostics d;
    geosim::scenario::sources_from_json(e.sources, *sources, d);
    std::vector<std::string> files;
    for (int i = 0; i < sources->size(); ++i) files.push_back(sources->name(i));
    Node root = *e.tree;
    if (auto bad = levers(req, root, *sources, d)) return bad;
    if (auto bad = policy(choices, decision, last_to, root, *sources, d)) return bad;
    if (d.ok()) scenario = geosim::scenario::scenario_from_tree(std::move(root), {}, d, sources, files);
    if (scenario) model = geosim::compile_model(*scenario, d);
    if (!d.ok() || !model) return d.format(*sources);
    return std::nullopt;
  };
  std::shared_ptr<geosim::Sources> sources;
  std::optional<geosim::Scenario> scenario;
  std::optional<geosim::Model> model;
  if (auto bad = build(last_day + 1, sources, scenario, model)) return failure(*bad);
  const geosim::Model& m = *model;
  int di = -1;
  for (std::size_t i = 0; i < m.decisions.size(); ++i)
    if (m.decisions[i].id == decision) di = static_cast<int>(i);
  if (di < 0) return failure(fmt::format("roleplay: no decision '{}'", decision));
  geosim::RunState rs;
  rs.every_step = true;  // the state at the occasion's step, whatever the horizon
  rs.prepare(m);
  std::vector<geosim::LogEntry> log;
  geosim::run_one(m, seed, run, rs, &log, true);
  // The next occasion: D's first choice on a day after the last one the team made.
  json options = json::array();
  for (const auto& x : log) {
    if (x.kind != geosim::LogEntry::Kind::Option && x.kind != geosim::LogEntry::Kind::Decision) continue;
    const geosim::ActionRule& a = m.actions[static_cast<std::size_t>(x.index)];
    if (a.decision != di || x.day <= last_day) continue;
    if (x.kind == geosim::LogEntry::Kind::Option) {
      options.push_back({{"action", a.id}, {"describe", a.describe}, {"p", num(x.p)}, {"utility", num(x.a)}});
      continue;
    }
    geosim::Chronicle c = geosim::make_chronicle(m, seed, run, &*scenario);
    std::erase_if(c.entries, [&](const geosim::ChronicleEntry& ce) { return ce.step >= x.step; });
    c.outcomes.clear();
    json tracked = json::object();
    for (std::size_t k = 0; k < m.tracked.size(); ++k) tracked[m.tracked[k].name] = num(rs.tracked[k][static_cast<std::size_t>(x.step)]);
    return {{"ok", true}, {"done", false}, {"day", static_cast<int>(x.day)}, {"step", x.step},
            {"told_day", std::min((x.step + 1) * m.step_days, m.horizon_days)}, {"options", options},
            {"state", tracked}, {"chronicle", geosim::chronicle_json(c)}};
  }
  // No occasion left: the run told with the choices as a policy to the horizon.
  if (auto bad = build(-1, sources, scenario, model)) return failure(*bad);
  geosim::Chronicle c = geosim::make_chronicle(*model, seed, run, &*scenario);
  return {{"ok", true}, {"done", true}, {"text", geosim::format_chronicle(c)}, {"chronicle", geosim::chronicle_json(c)}};
}

json dispatch(const json& req) {
  const std::string cmd = req.is_object() ? req.value("cmd", std::string()) : std::string();
  if (cmd == "load") return load(req);
  if (cmd == "start") return start(req);
  if (cmd == "step") return step(req);
  if (cmd == "finish") return finish(req);
  if (cmd == "chronicle") return chronicle(req);
  if (cmd == "roleplay") return roleplay(req);
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
