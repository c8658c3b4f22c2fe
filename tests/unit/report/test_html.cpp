// SPDX-License-Identifier: Apache-2.0
// The HTML report: well-formed (XHTML), self-contained, every chart present, and the numbers on
// the charts equal to those of the JSON document it was rendered from.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <unistd.h>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "geosim/analysis.hpp"
#include "geosim/html.hpp"
#include "geosim/mc.hpp"
#include "geosim/output.hpp"
#include "report/svg.hpp"
#include "report_test_util.hpp"

namespace {

using json = nlohmann::ordered_json;
using reporttest::count;

json run_document() {
  const geosim::Model m = reporttest::model();
  geosim::McOptions o;
  o.runs = 1000;
  o.seed = 7;
  const geosim::Summary s = geosim::run_monte_carlo(m, o);
  json j = geosim::summary_json(m, s);
  geosim::add_report_context(j, reporttest::scenario());
  return j;
}

// The text of the first <text> element carrying `attr` (e.g. data-outcome="x" data-p=), or "".
std::string label_with(const std::string& html, const std::string& attr) {
  const auto at = html.find(attr);
  if (at == std::string::npos) return {};
  const auto open = html.find('>', at);
  const auto close = html.find("</text>", open);
  return html.substr(open + 1, close - open - 1);
}

// Nothing in the page can reach the network or run code.
void check_self_contained(const std::string& html) {
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(reporttest::xml_problem(html) == "");
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("src=") == std::string::npos);
  CHECK(html.find("href=") == std::string::npos);
  CHECK(html.find("url(") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  CHECK(html.find("@font-face") == std::string::npos);
  // The only URLs are XML namespace names.
  std::size_t urls = count(html, "http://") + count(html, "https://");
  CHECK(urls == count(html, "xmlns=\"http://www.w3.org/"));
}

}  // namespace

TEST_SUITE("report") {

TEST_CASE("html: a run report is self-contained XHTML with every chart and escaped text") {
  const json doc = run_document();
  const std::string html = geosim::html_report(doc);
  check_self_contained(html);
  CHECK(html.find("<title>War &amp; &lt;Peace&gt; test") != std::string::npos);
  CHECK(html.find("A &lt;b&gt;tiny&lt;/b&gt; scenario &amp; its &quot;quotes&quot;") != std::string::npos);
  CHECK(html.find("Source &lt;one&gt; &amp; two") != std::string::npos);
  CHECK(html.find("<b>tiny</b>") == std::string::npos);
  CHECK(html.find("@media print") != std::string::npos);
  // One probability chart; a survival curve per when-outcome; a distribution per value or count
  // outcome; a fan chart per tracked variable.
  CHECK(count(html, "data-chart=\"probabilities\"") == 1);
  CHECK(count(html, "data-chart=\"survival\"") == 3);
  CHECK(count(html, "data-chart=\"quantiles\"") == 2);
  CHECK(count(html, "data-chart=\"fan\"") == 1);
  CHECK(html.find("id=\"chart-series-A.x\"") != std::string::npos);
  CHECK(html.find("Ardia &amp; Co: x (A.x)") != std::string::npos);  // the actor's name on its variable
}

TEST_CASE("html: the numbers on the charts are those of the JSON summary") {
  const json doc = run_document();
  const std::string html = geosim::html_report(doc);
  for (const auto& [id, o] : doc["outcomes"].items()) {
    INFO("outcome " << id);
    const std::string kind = o["kind"];
    if (kind == "when" || kind == "count") {
      const double p = o["probability"];
      CHECK(label_with(html, fmt::format("data-outcome=\"{}\" data-p=\"{}\"", id, p)) == fmt::format("{:.1f}%", 100 * p));
    }
    if (kind == "when") {
      const double p = o["probability"];
      const auto chart = html.find(fmt::format("id=\"chart-survival-{}\"", id));
      REQUIRE(chart != std::string::npos);
      const auto final_at = html.find("data-final=\"", chart);
      CHECK(std::stod(html.substr(final_at + 12)) == doctest::Approx(1 - p).epsilon(1e-12));
      CHECK(html.find(fmt::format("<tr data-outcome=\"{}\"><td>", id)) != std::string::npos);
    }
    if (kind == "value" || kind == "count") {
      const double mean = o["mean"];
      CHECK(html.find(fmt::format("data-outcome=\"{}\" data-mean=\"{}\"", id, mean)) != std::string::npos);
      CHECK(label_with(html, fmt::format("data-outcome=\"{}\" data-mean=", id)).find(
                "mean " + geosim::report::svg::format_value(mean, geosim::report::svg::Format::Number)) != std::string::npos);
    }
  }
}

TEST_CASE("html: unknown commands are refused, and a document without one is read as a run") {
  json doc = run_document();
  doc.erase("command");
  CHECK(geosim::html_report(doc).find("data-chart=\"probabilities\"") != std::string::npos);
  doc["command"] = "explain";
  CHECK_THROWS_AS(geosim::html_report(doc), std::invalid_argument);
  CHECK(reporttest::xml_problem(geosim::html_report(json::object())) == "");  // empty: still a valid page
}

TEST_CASE("html: a compare report has a forest plot per outcome with the paired differences") {
  const geosim::Model base = reporttest::model(), calm = reporttest::model("calm");
  geosim::analysis::CompareOptions o;
  o.runs = 600;
  o.seed = 3;
  const auto c = geosim::analysis::compare(base, {&calm}, {"calm"}, {"Fewer clashes & <no> drama"}, o);
  json doc = geosim::analysis::compare_json(base, {&calm}, c, {});
  geosim::add_report_context(doc, reporttest::scenario());
  const std::string html = geosim::html_report(doc);
  check_self_contained(html);
  CHECK(html.find("Fewer clashes &amp; &lt;no&gt; drama") != std::string::npos);
  // A forest plot per outcome the variant moves; none for one it does not move in any run (the
  // clash rate does not touch the deal here), which the section names instead.
  std::size_t moved = 0;
  for (const auto& [id, d] : doc["variants"]["calm"]["differences"].items()) {
    INFO("outcome " << id);
    const double diff = d["difference"];
    const bool chart = html.find(fmt::format("id=\"chart-diff-{}\"", id)) != std::string::npos;
    if (diff == 0 && d["ci95"][0] == 0.0 && d["ci95"][1] == 0.0) {
      CHECK_FALSE(chart);
      CHECK(html.find(fmt::format("&#39;{}&#39;", geosim::report::svg::esc(std::string(d["label"])))) != std::string::npos);
      continue;
    }
    ++moved;
    CHECK(chart);
    const auto f = d["kind"] == "when" ? geosim::report::svg::Format::Points : geosim::report::svg::Format::Number;
    CHECK(label_with(html, fmt::format("data-key=\"calm:{}\" data-est=", id)) == geosim::report::svg::format_value(diff, f));
  }
  CHECK(moved >= 2);
  CHECK(count(html, "data-chart=\"forest\"") == moved);
}

TEST_CASE("html: sweep reports plot each outcome against the swept parameter (grid) or quantiles (LHS)") {
  namespace an = geosim::analysis;
  const geosim::Model m = reporttest::model();
  std::vector<geosim::Model> models;
  for (double rate : {0.01, 0.055, 0.1}) {
    auto sources = std::make_shared<geosim::Sources>();
    geosim::Diagnostics diags;
    auto s = geosim::load_scenario_text("r.yaml", reporttest::kScenario, {"", {{"events.clash.rate", fmt::format("{}", rate)}}},
                                        diags, sources);
    REQUIRE(s);
    models.push_back(*geosim::compile_model(*s, diags));
  }
  an::Sweep sw;
  sw.design = "grid";
  sw.parameters = {"events.clash.rate"};
  sw.axes = {an::parse_grid_axis("events.clash.rate=0.01:0.1:3")};
  sw.values = {{0.01}, {0.055}, {0.1}};
  an::PointsOptions po;
  po.runs = 200;
  sw.points = an::evaluate_points(m, 3, [&](std::size_t i, geosim::Model&) -> const geosim::Model& { return models[i]; }, po);
  sw.runs = 200;
  sw.seed = 1;
  json doc = an::sweep_json(m, sw, {});
  std::string html = geosim::html_report(doc);
  check_self_contained(html);
  CHECK(count(html, "data-chart=\"lines\"") == 5);
  const double first = doc["points"][0]["outcomes"]["signed"]["estimate"];
  CHECK(html.find(fmt::format("data-x=\"0.01\" data-y=\"{}\"", first)) != std::string::npos);

  // Latin hypercube: dots at each point's quantile, with trend lines.
  an::Sweep lhs;
  lhs.design = "lhs";
  lhs.uncertain = an::uncertain_parameters(m);
  REQUIRE(lhs.uncertain.size() == 1);
  lhs.parameters = {lhs.uncertain[0].path};
  lhs.quantiles = {{0.1}, {0.5}, {0.9}};
  lhs.values = {{0.22}, {0.3}, {0.38}};
  lhs.points = sw.points;
  json ldoc = an::sweep_json(m, lhs, {});
  html = geosim::html_report(ldoc);
  check_self_contained(html);
  CHECK(count(html, "data-chart=\"lines\"") == 5);
  CHECK(html.find(fmt::format("data-x=\"0.5\" data-y=\"{}\"", double(ldoc["points"][1]["outcomes"]["signed"]["estimate"]))) !=
        std::string::npos);
}

TEST_CASE("html: a sensitivity report has an index chart per outcome, largest first") {
  namespace an = geosim::analysis;
  const geosim::Model m = reporttest::model();
  for (auto method : {an::Method::Morris, an::Method::Sobol}) {
    an::SensitivityOptions o;
    o.method = method;
    o.runs = 40;
    o.trajectories = 4;
    o.samples = 8;
    o.bootstrap = 50;
    const an::Sensitivity s = an::run_sensitivity(m, o);
    const json doc = an::sensitivity_json(m, s, {});
    const std::string html = geosim::html_report(doc);
    check_self_contained(html);
    // An index chart per outcome that varies over the design; "no index" for the others.
    const std::string key = method == an::Method::Morris ? "mu_star" : "S1";
    std::size_t charts = 0;
    for (const auto& [id, o2] : doc["outcomes"].items()) {
      INFO("outcome " << id);
      const std::string top = o2["ranking"][0];
      const bool chart = html.find(fmt::format("id=\"chart-sensitivity-{}\"", id)) != std::string::npos;
      if (!o2["parameters"][top][key].is_number() || o2["variance"] == 0.0) {
        CHECK_FALSE(chart);
        CHECK(html.find(fmt::format("<tr data-outcome=\"{}\" class=\"no-index\">", id)) != std::string::npos);
        continue;
      }
      ++charts;
      CHECK(chart);
      const double v = o2["parameters"][top][key];
      CHECK(html.find(fmt::format("data-key=\"{}\" data-v=\"{}\"", top, v)) != std::string::npos);
    }
    CHECK(count(html, "data-chart=\"indices\"") == charts);
  }
}

// Renders the JSON document in file `in` into the HTML file `out`; returns the text written.
std::string render_file(const std::string& in, const std::string& out) {
  std::ifstream f(in);
  REQUIRE_MESSAGE(f, "cannot read " << in);
  std::stringstream text;
  text << f.rdbuf();
  const std::string html = geosim::html_report(json::parse(text.str()));
  std::ofstream o(out);
  o << html;
  REQUIRE_MESSAGE(o, "cannot write " << out);
  return html;
}

// A hook for tools: with GEOSIM_RENDER_JSON=in.json and GEOSIM_RENDER_HTML=out.html in the
// environment, renders that document (used by tests/cli/report_chromium.sh and
// docs/img/make-screenshots.sh for documents of commands that have no --report option yet).
// Without them, the same path renders a run document through temporary files, as the tools do.
TEST_CASE("html: render the document named by GEOSIM_RENDER_JSON (tool hook)") {
  const char* in = std::getenv("GEOSIM_RENDER_JSON");
  const char* out = std::getenv("GEOSIM_RENDER_HTML");
  if (in != nullptr && out != nullptr) {
    CHECK_FALSE(render_file(in, out).empty());
    return;
  }
  const json doc = run_document();
  const auto dir = std::filesystem::temp_directory_path();
  const std::string stem = "geosim-render-hook-" + std::to_string(::getpid());
  const std::string json_path = (dir / (stem + ".json")).string(), html_path = (dir / (stem + ".html")).string();
  std::ofstream(json_path) << doc.dump();
  const std::string html = render_file(json_path, html_path);
  std::ifstream written(html_path);
  std::stringstream text;
  text << written.rdbuf();
  std::filesystem::remove(json_path);
  std::filesystem::remove(html_path);
  CHECK(html == geosim::html_report(doc));
  CHECK(text.str() == html);
}

}  // TEST_SUITE
