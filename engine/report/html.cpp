// SPDX-License-Identifier: Apache-2.0
// The HTML report's frame: the page with its style sheet (screen, projector and print), the
// header with the scenario and settings, the footer with sources and provenance, and the
// dispatch from the document's "command" to its layout.
#include "geosim/html.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "geosim/analysis.hpp"
#include "geosim/scenario.hpp"
#include "geosim/version.hpp"
#include "report/html_parts.hpp"
#include "report/svg.hpp"

namespace geosim {

namespace report::html {

using svg::esc;

double num(const json& j, std::string_view key) {
  if (!j.is_object()) return kNaN;
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : kNaN;
}

double num_at(const json& j, std::string_view key, std::size_t i) {
  const json& a = child(j, key);
  return a.is_array() && i < a.size() && a[i].is_number() ? a[i].get<double>() : kNaN;
}

std::string str(const json& j, std::string_view key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_boolean()) return it->get<bool>() ? "yes" : "no";
  return it->dump();
}

const json& child(const json& j, std::string_view key) {
  static const json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it != j.end() ? *it : kNull;
}

namespace {

// Screen: large type for a projector, one column and scrolling tables on a phone; print: A4,
// the brief (header, headline, summary) on the first two pages, charts kept whole and with their
// headings, colours kept. A chart never scales below 3/4 of its size (its smallest text is 12
// px, so at least 9 px on screen): narrower than that, its figure scrolls sideways.
constexpr std::string_view kStyle = R"css(
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Verdana, Arial, Helvetica, sans-serif; font-size: 18px; line-height: 1.45;
  color: #1a1a1a; background: #ffffff; margin: 0 auto; max-width: 1200px; padding: 1.2em 2em 3em; overflow-wrap: break-word; }
h1 { font-size: 2.1em; line-height: 1.15; margin: 0.3em 0; }
h2 { font-size: 1.5em; margin: 1.8em 0 0.5em; padding-bottom: 0.2em; border-bottom: 4px solid #0072B2; }
h3 { font-size: 1.15em; margin: 1.2em 0 0.3em; }
p.kind { text-transform: uppercase; letter-spacing: 0.08em; color: #555555; font-size: 0.85em; margin: 0; }
p.lede { font-size: 1.15em; max-width: 48em; }
p.conditional { background: #fff4d6; border-left: 6px solid #E69F00; padding: 0.5em 0.8em; max-width: 52em; }
ul.key { padding-left: 1.2em; }
ul.key li { margin: 0.2em 0; }
ul.key .interval { color: #444444; font-size: 0.9em; }
ul.assumptions { font-size: 0.95em; }
.variant { display: inline-block; background: #E69F00; color: #000000; border-radius: 0.3em; padding: 0 0.4em; font-size: 0.6em; vertical-align: middle; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.15em 1.2em; margin: 0.8em 0; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; min-width: 0; }
figure { margin: 1em 0 1.5em; break-inside: avoid; page-break-inside: avoid; max-width: 100%; overflow-x: auto; }
figcaption { font-size: 0.85em; color: #444444; max-width: 52em; }
svg.chart { display: block; width: 100%; height: auto; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(440px, 100%), 1fr)); gap: 0.5em 2em; }
.grid > figure { min-width: 0; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.95em; }
th, td { padding: 0.3em 0.8em; border-bottom: 1px solid #cccccc; text-align: left; vertical-align: top; }
th { border-bottom: 2px solid #333333; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.depth1 { padding-left: 2em; }
td.depth2 { padding-left: 3.2em; }
tr.sub td { color: #333333; }
code, .mono { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.85em; }
footer code { word-break: break-all; }
div.wide { overflow-x: auto; max-width: 100%; }
table.compare { font-size: 0.85em; }
table.compare th.outcome { min-width: 14em; }
table.outcomes td:first-child { min-width: 15em; }
span.diff { font-size: 0.85em; color: #333333; }
.note { color: #444444; font-size: 0.9em; }
footer { margin-top: 3em; font-size: 0.85em; color: #333333; }
@media screen and (max-width: 700px) {
  body { font-size: 16px; padding: 0.6em 0.7em 2em; }
  h1 { font-size: 1.6em; }
  h2 { font-size: 1.3em; }
  dl.meta { grid-template-columns: 1fr; }
  dl.meta dd { margin-bottom: 0.3em; }
  .grid { grid-template-columns: 1fr; }
  table.outcomes td:first-child, table.compare th.outcome { min-width: 10em; }
  th, td { padding: 0.25em 0.5em; }
}
@page { size: A4; margin: 14mm; }
@media print {
  body { font-size: 10pt; max-width: none; padding: 0; line-height: 1.3; }
  h1 { font-size: 1.8em; }
  h2 { font-size: 1.3em; margin-top: 1.2em; break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  section > p:first-of-type { break-after: avoid; page-break-after: avoid; }
  div.wide, figure { overflow: visible; }
  svg.chart { min-width: 0 !important; }
  .grid { grid-template-columns: 1fr 1fr; }
  tr, figure, ul.key li { break-inside: avoid; page-break-inside: avoid; }
  p.lede { font-size: 1em; }
  header dl.meta { font-size: 0.9em; grid-template-columns: max-content 1fr max-content 1fr; }
  section.headline figure svg.chart { max-width: 14cm; }
  div.detail { break-before: page; page-break-before: always; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)css";

std::string meta_row(std::string_view term, std::string_view value) {
  if (value.empty()) return {};
  return fmt::format("<dt>{}</dt><dd>{}</dd>\n", esc(term), esc(value));
}

}  // namespace

std::string page(std::string_view title, std::string_view body) {
  return fmt::format(
      "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"/>\n"
      "<meta name=\"generator\" content=\"geosim {}\"/>\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
      esc(kVersion), esc(title), kStyle, body);
}

std::string short_path(std::string_view path) {
  std::string p(path);
  auto strip = [&p](std::string_view prefix, std::string_view infix) {
    if (p.rfind(prefix, 0) != 0) return false;
    std::string rest = p.substr(prefix.size());
    if (auto at = rest.find(infix); !infix.empty() && at != std::string::npos) rest.replace(at, infix.size(), ".");
    p = rest;
    return true;
  };
  if (p.size() > 6 && p.compare(p.size() - 6, 6, ".value") == 0) p.resize(p.size() - 6);
  if (!strip("parameters.", "")) {
    if (!strip("actors.", ".variables.") && !strip("blocs.", ".variables.")) strip("commitments.", ".responses.");
  }
  return p;
}

std::string header(const json& doc, std::string_view what, const std::vector<std::pair<std::string, std::string>>& extra) {
  const json& sc = child(doc, "scenario");
  const json& set = child(doc, "settings");
  const json& prov = child(doc, "provenance");
  const std::string variant = str(sc, "variant");
  std::string out = fmt::format("<header>\n<p class=\"kind\">geosim · {}</p>\n<h1>{}{}</h1>\n", esc(what),
                                esc(str(sc, "name").empty() ? "Unnamed scenario" : str(sc, "name")),
                                variant.empty() ? "" : fmt::format(" <span class=\"variant\">variant: {}</span>", esc(variant)));
  if (!str(sc, "description").empty()) out += fmt::format("<p class=\"lede\">{}</p>\n", esc(str(sc, "description")));
  out += "<dl class=\"meta\">\n";
  if (!variant.empty()) {
    const std::string d = str(child(sc, "variant_descriptions"), variant);
    out += meta_row("Variant", d.empty() ? variant : variant + ": " + d);
  }
  for (const auto& [term, value] : extra) out += meta_row(term, value);
  out += meta_row("Runs", str(set, "runs"));
  out += meta_row("Seed", str(set, "seed"));
  if (!str(sc, "horizon_days").empty())
    out += meta_row("Horizon", fmt::format("{} days in steps of {} day{}", str(sc, "horizon_days"), str(sc, "step_days"),
                                           str(sc, "step_days") == "1" ? "" : "s"));
  out += meta_row("Start date (day 0)", str(sc, "start"));
  if (!str(prov, "version").empty())
    out += meta_row("Engine", fmt::format("geosim {} (commit {})", str(prov, "version"), str(prov, "commit")));
  else
    out += meta_row("Engine", fmt::format("geosim {} (commit {})", kVersion, kBuildCommit));
  if (child(set, "interrupted").is_boolean() && child(set, "interrupted").get<bool>())
    out += meta_row("Warning", "the computation was interrupted; figures cover only the runs completed");
  out += "</dl>\n</header>\n";
  return out;
}

std::string footer(const json& doc) {
  const json& sc = child(doc, "scenario");
  std::string out = "<footer>\n";
  const json& sources = child(sc, "sources");
  if (sources.is_object() && !sources.empty()) {
    out += "<h2 id=\"sources\">Sources</h2>\n<ul class=\"sources\">\n";
    for (auto it = sources.begin(); it != sources.end(); ++it)
      out += fmt::format("<li><b>{}</b>: {}</li>\n", esc(it.key()), esc(it->is_string() ? it->get<std::string>() : it->dump()));
    out += "</ul>\n";
  }
  const json& prov = child(doc, "provenance");
  out += "<h2 id=\"provenance\">How this report was made</h2>\n<dl class=\"meta\">\n";
  const json& cmd = child(prov, "command_line");
  if (cmd.is_array()) {
    std::string line;
    for (const auto& a : cmd) line += (line.empty() ? "" : " ") + (a.is_string() ? a.get<std::string>() : a.dump());
    out += fmt::format("<dt>Command</dt><dd><code>{}</code></dd>\n", esc(line));
  }
  const json& files = child(prov, "files");
  if (files.is_array())
    for (const auto& f : files)
      out += fmt::format("<dt>File</dt><dd><code>{}</code> <span class=\"note\">SHA-256 {}</span></dd>\n", esc(str(f, "path")),
                         esc(str(f, "sha256")));
  out += meta_row("Random streams", str(child(doc, "settings"), "streams"));
  out += meta_row("Finished", str(prov, "finished_at"));
  out += meta_row("Host", str(prov, "host"));
  if (!str(prov, "seconds").empty())
    out += meta_row("Time", fmt::format("{:.2f} s on {} thread(s)", num(prov, "seconds"), str(prov, "threads")));
  out += "</dl>\n<p class=\"note\">Made by geosim from the command's JSON summary. Everything is in this one file: no "
         "scripts, no network, no external fonts. The same seed reproduces every number.</p>\n</footer>\n";
  return out;
}

std::string figure(std::string_view svg, std::string_view caption) {
  return fmt::format("<figure>\n{}<figcaption>{}</figcaption>\n</figure>\n", svg, esc(caption));
}

std::string section(std::string_view id, std::string_view heading, std::string_view intro, std::string_view content) {
  return fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n{}{}</section>\n", esc(id), esc(heading),
                     intro.empty() ? "" : fmt::format("<p>{}</p>\n", esc(intro)), content);
}

std::string day_zero_note(const json& doc) {
  const std::string start = str(child(doc, "scenario"), "start");
  return start.empty() ? std::string()
                       : fmt::format(" Day 0 is the start, {}; an outcome on day N happened on the N-th day, as geosim "
                                     "explain numbers them.",
                                     start);
}

}  // namespace report::html

std::string html_report(const nlohmann::ordered_json& doc) {
  using namespace report::html;
  const std::string command = doc.is_object() && doc.contains("command") ? str(doc, "command") : "run";
  if (command == "run") return render_run(doc);
  if (command == "compare") return render_compare(doc);
  if (command == "sweep") return render_sweep(doc);
  if (command == "sensitivity") return render_sensitivity(doc);
  throw std::invalid_argument(fmt::format("no HTML report layout for command '{}'", command));
}

void add_report_context(nlohmann::ordered_json& doc, const Scenario& s) {
  using ojson = nlohmann::ordered_json;
  auto& sc = doc["scenario"];
  ojson sources = ojson::object();
  for (const auto& [key, text] : s.sources_cited) sources[key] = text;
  sc["sources"] = sources;
  ojson variants = ojson::object();
  for (const auto& v : s.variants) variants[v.name] = v.description;
  sc["variant_descriptions"] = variants;
  ojson names = ojson::object();
  for (const auto& a : s.actors) names[a.id] = a.name.empty() ? a.id : a.name;
  for (const auto& b : s.blocs) names[b.id] = b.name.empty() ? b.id : b.name;
  sc["names"] = names;
  // Outcomes in words: what each answers, the condition of a `given:` outcome as the label of
  // the outcome that tests it, and the outcome a durability outcome is a share of.
  ojson info = ojson::object();
  for (const auto& o : s.outcomes) {
    ojson j = ojson::object();
    if (!o.describe.empty()) j["describe"] = o.describe;
    if (!o.given.text.empty())
      for (const auto& other : s.outcomes)
        if (other.kind == OutcomeSpec::Kind::When && other.expr.text == o.given.text) {
          j["given_label"] = other.label;
          break;
        }
    if (!o.share_of.empty()) j["share_of"] = o.share_of;
    info[o.id] = j;
  }
  sc["outcome_info"] = info;
  // The uncertain assumptions, by override path, with their describe texts.
  ojson assumptions = ojson::array();
  ojson paths = ojson::object();
  for (const auto& p : s.parameters) {
    const std::string path = "parameters." + p.name + ".value";
    paths[path] = p.describe.empty() ? p.name : p.describe;
    if (p.value.dist.uncertain())
      assumptions.push_back({{"path", path}, {"name", p.name}, {"describe", p.describe},
                             {"distribution", analysis::distribution_text(p.value.dist)}});
  }
  auto variables = [&](const std::string& owner, const std::string& owner_name, const std::vector<VariableSpec>& vars,
                       const char* kind) {
    for (const auto& v : vars) {
      const std::string path = fmt::format("{}.{}.variables.{}.value", kind, owner, v.name);
      const std::string label = fmt::format("{}: {}", owner_name, v.name);
      paths[path] = v.describe.empty() ? label : label + " (" + v.describe + ")";
      sc["variables"][owner + "." + v.name] = {{"label", label}, {"describe", v.describe}};
      if (v.initial.dist.uncertain())
        assumptions.push_back({{"path", path}, {"name", label}, {"describe", v.describe},
                               {"distribution", analysis::distribution_text(v.initial.dist)}});
    }
  };
  for (const auto& a : s.actors) variables(a.id, a.name.empty() ? a.id : a.name, a.variables, "actors");
  for (const auto& b : s.blocs) variables(b.id, b.name.empty() ? b.id : b.name, b.variables, "blocs");
  sc["assumptions"] = assumptions;
  sc["path_labels"] = paths;
}

}  // namespace geosim
