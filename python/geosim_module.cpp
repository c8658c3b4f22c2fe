// SPDX-License-Identifier: Apache-2.0
// geosim._geosim: the engine for Python (pybind11). The commands' own functions load scenarios,
// lay out sweeps, choose native code and write the documents (engine/cli, the engine library), so
// results are those of the geosim command, byte for byte; this file only moves arguments in and
// documents (JSON and CSV text) out. python/geosim/__init__.py turns them into DataFrames.
// While the engine runs the GIL is released; its progress hook, called on this thread between
// blocks, takes the GIL back to run Python's signal handlers (PyErr_CheckSignals), and a pending
// KeyboardInterrupt cancels the run and is raised once the engine has stopped.
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <Python.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "cli/analysis_common.hpp"
#include "cli/common.hpp"
#include "cli/engine_choice.hpp"
#include "cli/sweep_setup.hpp"
#include "geosim/analysis.hpp"
#include "geosim/mc.hpp"
#include "geosim/output.hpp"
#include "geosim/version.hpp"

namespace py = pybind11;
using namespace geosim;

namespace {

PyObject* g_scenario_error = nullptr;  // geosim.ScenarioError (a ValueError)

// Raises ScenarioError: the diagnostics as the command prints them (FILE:LINE:COL: error: ...),
// and each one as a dict in its `diagnostics` attribute.
[[noreturn]] void raise_invalid(const cli::InvalidInput& e) {
  std::string text = cli::diagnostics_text(e.loaded);
  if (!e.intro.empty()) text = e.intro + "\n" + text;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  py::list items;
  for (const Diagnostic& d : e.loaded.diags.items()) {
    py::dict item;
    const bool placed = d.mark.file >= 0 && d.mark.file < e.loaded.sources->size();
    item["file"] = placed ? py::object(py::str(e.loaded.sources->name(d.mark.file))) : py::object(py::none());
    item["line"] = d.mark.line;
    item["col"] = d.mark.col;
    item["message"] = d.what;
    item["fix"] = d.fix;
    items.append(item);
  }
  py::object error = py::reinterpret_borrow<py::object>(g_scenario_error)(text);
  error.attr("diagnostics") = items;
  PyErr_SetObject(g_scenario_error, error.ptr());
  throw py::error_already_set();
}

// Ctrl-C while the engine runs: the engine's progress hook polls Python's signal handlers.
struct Interrupt {
  std::atomic<bool> cancel{false};
  PyObject *type = nullptr, *value = nullptr, *trace = nullptr;  // the pending exception

  void poll() {
    if (cancel.load()) return;
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() != 0) {
      PyErr_Fetch(&type, &value, &trace);
      cancel.store(true);
    }
  }
  // With the GIL held, after the engine returned: raise what the handler raised.
  void raise_if_interrupted() {
    if (!cancel.load()) return;
    if (type == nullptr) PyErr_SetNone(PyExc_KeyboardInterrupt);
    else PyErr_Restore(type, value, trace);
    type = value = trace = nullptr;
    throw py::error_already_set();
  }
};

// Runs `f` without the GIL, with Ctrl-C honoured; `f(cancel, progress)`.
template <class F>
auto without_gil(F f) {
  Interrupt irq;
  auto progress = [&irq](std::uint64_t, std::uint64_t) { irq.poll(); };
  decltype(f(&irq.cancel, analysis::ProgressFn(progress))) result;
  {
    py::gil_scoped_release nogil;
    result = f(&irq.cancel, analysis::ProgressFn(progress));
  }
  irq.raise_if_interrupted();
  return result;
}

// UsageError (a request that cannot run) -> ValueError; InvalidInput -> ScenarioError.
template <class F>
auto checked(F f) {
  try {
    return f();
  } catch (const cli::UsageError& e) {
    std::string m = e.message;
    throw py::value_error(m);
  } catch (const cli::InvalidInput& e) {
    raise_invalid(e);
  }
}

struct Handle {
  std::string file;                  ///< the path, or the name of a scenario given as text
  std::optional<std::string> text;
  std::string variant;
  std::vector<Override> overrides;
  cli::Loaded loaded;
  /// One analysis at a time on a scenario: choosing native code changes its model, which another
  /// thread's runs (the GIL released) would be reading. Other scenarios run in parallel.
  std::shared_ptr<std::mutex> busy = std::make_shared<std::mutex>();

  cli::Loaded load(const std::string& v) const {
    return text ? cli::load_and_compile_text(file, *text, {v, overrides}) : cli::load_and_compile(file, {v, overrides});
  }
  Model& model() { return *loaded.model; }
  Provenance provenance(const char* what, double seconds, int threads, const std::vector<const Model*>& ran) const {
    return {{"python", "geosim", what}, loaded.scenario->files, seconds, threads, 1, cli::execution_of(ran), {}};
  }
};

// Holds a scenario's lock for one call; waits for it without the GIL (the holder needs the GIL
// to poll for Ctrl-C).
struct Busy {
  std::unique_lock<std::mutex> lock;
  explicit Busy(const Handle& h) : lock(*h.busy, std::defer_lock) {
    py::gil_scoped_release nogil;
    lock.lock();
  }
};

std::vector<Override> to_overrides(const std::vector<std::pair<std::string, std::string>>& sets) {
  std::vector<Override> out;
  for (const auto& [path, value] : sets) out.push_back({path, value});
  return out;
}

Handle make_handle(std::string file, std::optional<std::string> text, std::string variant,
                   const std::vector<std::pair<std::string, std::string>>& sets) {
  Handle h{std::move(file), std::move(text), std::move(variant), to_overrides(sets), {}};
  h.loaded = h.load(h.variant);
  if (!h.loaded.ok()) raise_invalid({"", std::move(h.loaded)});
  return h;
}

void engine_for(const std::string& engine, const std::vector<Model*>& models, std::uint64_t runs, bool precision) {
  if (engine != "auto" && engine != "native" && engine != "interpreter")
    throw py::value_error("engine: use 'auto', 'native' or 'interpreter', not '" + engine + "'");
  if (!cli::choose_engine(engine, models, runs, precision, false))
    throw std::runtime_error("engine='native': native code could not be built (see the message above); "
                             "use engine='interpreter', or set GEOSIM_CXX to a C++ compiler");
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

py::dict documents(const nlohmann::ordered_json& j, std::string csv) {
  py::dict d;
  d["json"] = j.dump(2);
  d["csv"] = std::move(csv);
  return d;
}

py::dict info(const Handle& h) {
  const Scenario& s = *h.loaded.scenario;
  const Model& m = *h.loaded.model;
  py::dict d;
  d["name"] = m.name;
  d["description"] = m.description;
  d["file"] = h.file;
  d["variant"] = h.variant;
  d["files"] = s.files;
  py::list variants;
  for (const auto& v : s.variants) variants.append(py::make_tuple(v.name, v.description));
  d["variants"] = variants;
  py::list outcomes;
  for (const auto& o : m.outcomes) {
    py::dict od;
    od["id"] = o.id;
    od["label"] = o.label;
    od["kind"] = analysis::kind_name(o.kind);
    od["given"] = o.conditional ? py::object(py::str(o.given_text)) : py::object(py::none());
    outcomes.append(od);
  }
  d["outcomes"] = outcomes;
  py::list uncertain;
  for (const auto& u : analysis::uncertain_parameters(m))
    uncertain.append(py::make_tuple(u.path, analysis::distribution_text(u.dist)));
  d["uncertain"] = uncertain;
  d["overrides"] = [&] {
    py::list l;
    for (const auto& o : h.overrides) l.append(py::make_tuple(o.path, o.value));
    return l;
  }();
  return d;
}

py::dict run(Handle& h, std::uint64_t runs, std::uint64_t seed, int threads, double precision, std::uint64_t max_runs,
             bool per_run, const std::string& csv_format, const std::string& engine) {
  const Busy busy(h);
  if (runs < 1) throw py::value_error("runs: at least 1");
  if (csv_format != "wide" && csv_format != "long") throw py::value_error("csv_format: 'wide' or 'long'");
  // A copy with the series the run document charts over time (as `geosim run --json` adds them):
  // the handle's model stays as compare and sweep use it.
  Model m = h.model();
  add_report_series(m);
  engine_for(engine, {&m}, runs, precision > 0);
  McOptions o;
  o.runs = runs;
  o.seed = seed;
  o.threads = cli::analysis_threads(threads);
  o.precision = precision;
  o.max_runs = max_runs;
  const PerRunCsv csv(m, seed, csv_format == "long" ? CsvFormat::Long : CsvFormat::Wide);
  std::string rows;
  if (per_run) {
    rows = csv.header();
    o.per_run_row = [&rows, &csv](const RunRecord& r) { rows += csv.row(r); };
  }
  const Summary s = without_gil([&](const std::atomic<bool>* cancel, analysis::ProgressFn progress) {
    o.cancel = cancel;
    o.progress = std::move(progress);
    return run_monte_carlo(m, o);
  });
  nlohmann::ordered_json j = {{"provenance", provenance_json(h.provenance("run", s.seconds, o.threads, {&m}))}};
  j.update(summary_json(m, s));
  return documents(j, per_run ? std::move(rows) : std::string());
}

py::dict compare(Handle& h, const std::vector<std::string>& requested, std::uint64_t runs, std::uint64_t seed, int threads,
                 double precision, std::uint64_t max_runs, const std::string& engine) {
  const Busy busy(h);
  if (!h.variant.empty())
    throw py::value_error("compare runs the base scenario against its variants: call it on the scenario without "
                          ".variant('" + h.variant + "'), and name the variants in variants=[...]");
  if (runs < 2) throw py::value_error("runs: at least 2");
  const auto names = checked([&] { return cli::select_variants(*h.loaded.scenario, requested, h.file); });
  std::vector<cli::Loaded> loaded;
  loaded.reserve(names.size());
  std::vector<const Model*> variants;
  std::vector<std::string> descriptions;
  for (const auto& n : names) {
    loaded.push_back(h.load(n));
    if (!loaded.back().ok()) raise_invalid({"", std::move(loaded.back())});
    variants.push_back(&*loaded.back().model);
    for (const auto& v : h.loaded.scenario->variants)
      if (v.name == n) descriptions.push_back(v.description);
  }
  std::vector<Model*> all{&h.model()};
  for (auto& l : loaded) all.push_back(&*l.model);
  engine_for(engine, all, runs * all.size(), precision > 0);
  analysis::CompareOptions o;
  o.runs = runs;
  o.seed = seed;
  o.threads = cli::analysis_threads(threads);
  o.precision = precision;
  o.max_runs = max_runs;
  const analysis::Comparison c = without_gil([&](const std::atomic<bool>* cancel, analysis::ProgressFn progress) {
    o.cancel = cancel;
    o.progress = std::move(progress);
    return analysis::compare(h.model(), variants, names, descriptions, o);
  });
  std::vector<const Model*> ran{&h.model()};
  ran.insert(ran.end(), variants.begin(), variants.end());
  const auto j = analysis::compare_json(h.model(), variants, c, h.provenance("compare", c.seconds, o.threads, ran));
  return documents(j, analysis::compare_csv(c));
}

py::dict sweep(Handle& h, const std::vector<std::string>& grid, std::size_t lhs, std::optional<std::vector<std::string>> columns,
               const std::vector<std::vector<double>>& rows, const std::string& design_name, std::uint64_t runs,
               std::uint64_t seed, int threads, const std::string& engine) {
  const Busy busy(h);
  if (runs < 1) throw py::value_error("runs: at least 1");
  cli::SweepRequest r;
  r.file = h.file;
  r.text = h.text;
  r.variant = h.variant;
  r.overrides = h.overrides;
  r.grid = grid;
  r.lhs = lhs;
  r.seed = seed;
  if (columns) {
    cli::Loaded bad;
    r.table = analysis::design_table(design_name, *columns, rows, bad.diags);
    if (!r.table) raise_invalid({"", std::move(bad)});
  }
  const auto start = std::chrono::steady_clock::now();
  cli::SweepSetup setup = checked([&] { return cli::setup_sweep(r); });
  analysis::Sweep& s = setup.sweep;
  s.runs = runs;
  std::vector<Model*> ran = setup.ran();
  engine_for(engine, ran, runs * s.values.size(), false);
  analysis::PointsOptions po;
  po.runs = runs;
  po.seed = seed;
  po.threads = cli::analysis_threads(threads);
  s.points = without_gil([&](const std::atomic<bool>* cancel, analysis::ProgressFn progress) {
    po.cancel = cancel;
    po.progress = std::move(progress);
    return setup.evaluate(po);
  });
  s.seconds = seconds_since(start);
  const Model& m = *setup.base.model;
  const auto j = analysis::sweep_json(m, s, h.provenance("sweep", s.seconds, po.threads, {ran.begin(), ran.end()}));
  return documents(j, analysis::sweep_csv(m, s));
}

py::dict sensitivity(Handle& h, const std::string& method, std::uint64_t runs, std::uint64_t seed, int threads,
                     std::size_t trajectories, int levels, std::size_t samples, int bootstrap, const std::string& engine) {
  const Busy busy(h);
  if (method != "morris" && method != "sobol") throw py::value_error("method: 'morris' or 'sobol'");
  Model& m = h.model();
  checked([&] {
    cli::check_sensitivity(m, levels, h.file);
    return 0;
  });
  if (trajectories < 2) throw py::value_error("trajectories: at least 2");
  if (samples < 4) throw py::value_error("samples: at least 4");
  analysis::SensitivityOptions o;
  o.method = method == "sobol" ? analysis::Method::Sobol : analysis::Method::Morris;
  o.runs = runs;
  o.seed = seed;
  o.threads = cli::analysis_threads(threads);
  o.trajectories = trajectories;
  o.levels = levels;
  o.samples = samples;
  o.bootstrap = bootstrap;
  const std::size_t k = analysis::uncertain_parameters(m).size();
  const std::uint64_t per_point = runs > 0 ? runs : o.method == analysis::Method::Sobol ? analysis::kSobolDefaultRuns
                                                                                       : analysis::kMorrisDefaultRuns;
  engine_for(engine, {&m}, analysis::sensitivity_points(o, k) * per_point, false);
  const analysis::Sensitivity s = without_gil([&](const std::atomic<bool>* cancel, analysis::ProgressFn progress) {
    o.cancel = cancel;
    o.progress = std::move(progress);
    return analysis::run_sensitivity(m, o);
  });
  const auto j = analysis::sensitivity_json(m, s, h.provenance("sensitivity", s.seconds, o.threads, {&m}));
  return documents(j, analysis::sensitivity_csv(s));
}

}  // namespace

PYBIND11_MODULE(_geosim, mod) {
  mod.doc() = "geosim's engine; use the geosim package (geosim.load, geosim.loads), not this module";
  mod.attr("__version__") = kVersion;
  mod.attr("commit") = kBuildCommit;
  mod.attr("format_version") = kFormatVersion;
  g_scenario_error = PyErr_NewExceptionWithDoc(
      "geosim.ScenarioError",
      "A scenario, point or design that is not valid. str(e) is what the geosim command prints "
      "(FILE:LINE:COL: error: WHAT; HOW TO FIX, with the source line); e.diagnostics lists each "
      "problem as a dict with file, line, col, message and fix.",
      PyExc_ValueError, nullptr);
  mod.attr("ScenarioError") = py::reinterpret_borrow<py::object>(g_scenario_error);

  py::class_<Handle>(mod, "Handle")
      .def("info", &info)
      .def("run", &run)
      .def("compare", &compare)
      .def("sweep", &sweep)
      .def("sensitivity", &sensitivity);
  mod.def("load", [](const std::string& path, const std::string& variant,
                     const std::vector<std::pair<std::string, std::string>>& sets) {
    return make_handle(path, std::nullopt, variant, sets);
  });
  mod.def("loads", [](const std::string& text, const std::string& name, const std::string& variant,
                      const std::vector<std::pair<std::string, std::string>>& sets) {
    return make_handle(name, text, variant, sets);
  });
}
