// SPDX-License-Identifier: Apache-2.0
// Headline estimates of outcomes, and the scenario's uncertain parameters seen through their
// quantile functions (Boost.Math), so that designs on [0, 1]^k map onto the declared distributions.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <fmt/format.h>

#include "geosim/analysis.hpp"

namespace geosim::analysis {

const char* measure_name(OutcomeSpec::Kind kind) {
  switch (kind) {
    case OutcomeSpec::Kind::When: return "probability";
    case OutcomeSpec::Kind::Value: return "mean";
    case OutcomeSpec::Kind::Count: return "mean count";
  }
  return "?";
}

const char* kind_name(OutcomeSpec::Kind kind) {
  switch (kind) {
    case OutcomeSpec::Kind::When: return "when";
    case OutcomeSpec::Kind::Value: return "value";
    case OutcomeSpec::Kind::Count: return "count";
  }
  return "?";
}

Estimate estimate(const OutcomeTally& t, OutcomeSpec::Kind kind) {
  if (t.values.n == 0) {  // a conditional outcome whose condition never held
    const double nan = std::numeric_limits<double>::quiet_NaN();
    return {nan, {nan, nan}};
  }
  if (kind == OutcomeSpec::Kind::When) {
    const double p = t.values.n ? static_cast<double>(t.happened) / static_cast<double>(t.values.n) : 0.0;
    return {p, stats::wilson(t.happened, t.values.n)};
  }
  return {t.values.mean, t.values.mean_interval()};
}

Estimate estimate(const OutcomeSummary& o) {
  if (o.n == 0) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    return {nan, {nan, nan}};
  }
  if (o.kind == OutcomeSpec::Kind::When) return {o.probability(), stats::wilson(o.happened, o.n)};
  return {o.values.mean, o.values.mean_interval()};
}

std::vector<UncertainParameter> uncertain_parameters(const Model& m) {
  std::vector<UncertainParameter> out;
  std::vector<std::uint64_t> streams;
  for (std::size_t i = 0; i < m.sampled.size(); ++i) {
    const SampledSlot& s = m.sampled[i];
    auto it = std::find(streams.begin(), streams.end(), s.stream);
    if (it != streams.end()) {
      out[static_cast<std::size_t>(it - streams.begin())].sampled.push_back(i);
      continue;
    }
    streams.push_back(s.stream);
    out.push_back({s.path, s.dist, s.lo, s.hi, {i}});
  }
  return out;
}

double quantile(const Distribution& d, double u) {
  namespace bm = boost::math;
  u = std::clamp(u, 1e-12, 1.0 - 1e-12);
  switch (d.kind) {
    case Distribution::Kind::Fixed: return d.a;
    case Distribution::Kind::Normal: return bm::quantile(bm::normal_distribution<double>(d.a, d.b), u);
    case Distribution::Kind::LogNormal: return bm::quantile(bm::lognormal_distribution<double>(d.a, d.b), u);
    case Distribution::Kind::Beta: return bm::quantile(bm::beta_distribution<double>(d.a, d.b), u);
    case Distribution::Kind::Uniform: return bm::quantile(bm::uniform_distribution<double>(d.a, d.b), u);
    case Distribution::Kind::Triangular:
      return bm::quantile(bm::triangular_distribution<double>(d.a, d.c, d.b), u);
  }
  return d.a;
}

double parameter_value(const UncertainParameter& p, double u) { return std::clamp(quantile(p.dist, u), p.lo, p.hi); }

void fix_parameters(Model& m, const std::vector<UncertainParameter>& params, const std::vector<double>& values) {
  if (values.size() != params.size()) throw std::invalid_argument("fix_parameters: one value per parameter");
  for (std::size_t i = 0; i < params.size(); ++i)
    for (std::size_t s : params[i].sampled) {
      Distribution& d = m.sampled[s].dist;
      d = Distribution{};
      d.kind = Distribution::Kind::Fixed;
      d.a = values[i];
    }
}

nlohmann::ordered_json distribution_json(const Distribution& d) {
  using json = nlohmann::ordered_json;
  switch (d.kind) {
    case Distribution::Kind::Fixed: return d.a;
    case Distribution::Kind::Normal: return {{"normal", {{"mean", d.a}, {"sd", d.b}}}};
    case Distribution::Kind::LogNormal: return {{"lognormal", {{"mu", d.a}, {"sigma", d.b}}}};
    case Distribution::Kind::Beta: return {{"beta", {{"alpha", d.a}, {"beta", d.b}}}};
    case Distribution::Kind::Uniform: return {{"uniform", json::array({d.a, d.b})}};
    case Distribution::Kind::Triangular: return {{"triangular", json::array({d.a, d.c, d.b})}};
  }
  return nullptr;
}

std::string distribution_text(const Distribution& d) {
  switch (d.kind) {
    case Distribution::Kind::Fixed: return fmt::format("{:.4g}", d.a);
    case Distribution::Kind::Normal: return fmt::format("normal(mean {:.4g}, sd {:.4g})", d.a, d.b);
    case Distribution::Kind::LogNormal: return fmt::format("lognormal(mu {:.4g}, sigma {:.4g})", d.a, d.b);
    case Distribution::Kind::Beta:
      return fmt::format("beta(mean {:.3g}, sd {:.3g})", d.a / (d.a + d.b),
                         std::sqrt(d.a * d.b / ((d.a + d.b) * (d.a + d.b) * (d.a + d.b + 1))));
    case Distribution::Kind::Uniform: return fmt::format("uniform({:.4g}, {:.4g})", d.a, d.b);
    case Distribution::Kind::Triangular: return fmt::format("triangular({:.4g}, {:.4g}, {:.4g})", d.a, d.c, d.b);
  }
  return "?";
}

}  // namespace geosim::analysis
