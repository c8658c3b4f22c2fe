// SPDX-License-Identifier: Apache-2.0
// Global sensitivity analysis over the scenario's uncertain parameters, each seen on [0, 1] through
// its quantile function:
// - Morris (1991) elementary effects on r trajectories, with mu* (Campolongo, Cariboni & Saltelli
//   2007) for screening and sigma for interactions and non-linearity;
// - Sobol indices from the Saltelli (2010) design: first-order by the Saltelli 2010 estimator,
//   total by Jansen's (1999), both as recommended in Saltelli et al. (2010), Computer Physics
//   Communications 181, 259-270; bootstrap percentile intervals over the base sample's rows.
// The function studied is the scenario's expected outcome given the parameters, estimated at each
// point by Monte Carlo over the same runs (common random numbers).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include <boost/random/sobol.hpp>

#include "geosim/analysis.hpp"
#include "geosim/random.hpp"

namespace geosim::analysis {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Percentile interval (type 7 quantiles) of bootstrap replicates; NaN replicates are dropped.
stats::Interval percentile_interval(std::vector<double> v) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return !std::isfinite(x); }), v.end());
  if (v.empty()) return {kNaN, kNaN};
  std::sort(v.begin(), v.end());
  return {stats::quantile_sorted(v, 0.025), stats::quantile_sorted(v, 0.975)};
}

std::size_t uniform_index(random::Xoshiro256pp& g, std::size_t n) {
  return std::min(n - 1, static_cast<std::size_t>(g.uniform01() * static_cast<double>(n)));
}

// mu* of every factor over the given trajectories (with repetition, for the bootstrap).
void morris_stats(const std::vector<std::vector<double>>& ee, const std::vector<std::size_t>& rows,
                  std::vector<double>* mu, std::vector<double>* mu_star, std::vector<double>* sigma) {
  const std::size_t k = ee.empty() ? 0 : ee[0].size();
  const double r = static_cast<double>(rows.size());
  if (mu) mu->assign(k, 0.0);
  if (mu_star) mu_star->assign(k, 0.0);
  if (sigma) sigma->assign(k, 0.0);
  for (std::size_t i = 0; i < k; ++i) {
    double s = 0, sa = 0;
    for (std::size_t t : rows) {
      s += ee[t][i];
      sa += std::abs(ee[t][i]);
    }
    const double m = s / r;
    if (mu) (*mu)[i] = m;
    if (mu_star) (*mu_star)[i] = sa / r;
    if (sigma) {
      double ss = 0;
      for (std::size_t t : rows) ss += (ee[t][i] - m) * (ee[t][i] - m);
      (*sigma)[i] = rows.size() > 1 ? std::sqrt(ss / (r - 1)) : 0.0;
    }
  }
}

// Sobol estimates from rows `rows` of the base sample (with repetition, for the bootstrap).
void sobol_estimates(std::size_t n, std::size_t k, const std::vector<double>& f, const std::vector<std::size_t>& rows,
                     double* mean_out, double* var_out, std::vector<double>& s1, std::vector<double>& st) {
  const double m = static_cast<double>(rows.size());
  double mean = 0;
  for (std::size_t j : rows) mean += f[j] + f[n + j];
  mean /= 2 * m;
  double var = 0;
  for (std::size_t j : rows) var += (f[j] - mean) * (f[j] - mean) + (f[n + j] - mean) * (f[n + j] - mean);
  var /= 2 * m;
  if (mean_out) *mean_out = mean;
  if (var_out) *var_out = var;
  s1.assign(k, kNaN);
  st.assign(k, kNaN);
  if (!(var > 0)) return;
  for (std::size_t i = 0; i < k; ++i) {
    const std::size_t ab = (2 + i) * n;
    double a1 = 0, at = 0;
    for (std::size_t j : rows) {
      const double fa = f[j], fb = f[n + j], fab = f[ab + j];
      a1 += (fb - mean) * (fab - fa);  // Saltelli 2010, centred (same expectation, smaller variance)
      at += (fa - fab) * (fa - fab);   // Jansen 1999
    }
    s1[i] = a1 / m / var;
    st[i] = at / (2 * m) / var;
  }
}

}  // namespace

double morris_quantile(double x, int levels) {
  const double p = static_cast<double>(levels);
  return (x * (p - 1) + 0.5) / p;
}

MorrisDesign morris_design(std::size_t k, std::size_t trajectories, int levels, std::uint64_t seed) {
  if (levels < 2 || levels % 2 != 0) throw std::invalid_argument("Morris levels must be an even number >= 2");
  MorrisDesign d;
  d.k = k;
  d.trajectories = trajectories;
  d.levels = levels;
  const int half = levels / 2;  // delta = p / (2 (p - 1)): half the levels
  d.delta = static_cast<double>(half) / static_cast<double>(levels - 1);
  random::Xoshiro256pp g(seed, 0, stable_hash("analysis:morris"));
  for (std::size_t t = 0; t < trajectories; ++t) {
    std::vector<int> level(k);
    for (auto& l : level) l = static_cast<int>(uniform_index(g, static_cast<std::size_t>(levels)));
    std::vector<std::size_t> order(k);
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t i = k; i > 1; --i) std::swap(order[i - 1], order[uniform_index(g, i)]);
    auto point = [&] {
      std::vector<double> x(k);
      for (std::size_t i = 0; i < k; ++i) x[i] = static_cast<double>(level[i]) / static_cast<double>(levels - 1);
      return x;
    };
    d.points.push_back(point());
    for (std::size_t i : order) {
      level[i] += level[i] < half ? half : -half;  // lower half steps up, upper half steps down
      d.points.push_back(point());
    }
    d.factor.push_back(order);
  }
  return d;
}

MorrisEffects morris_effects(const MorrisDesign& d, const std::vector<double>& f, int bootstrap, std::uint64_t seed) {
  if (f.size() != d.points.size()) throw std::invalid_argument("morris_effects: one value per design point");
  const std::size_t k = d.k, r = d.trajectories;
  std::vector<std::vector<double>> ee(r, std::vector<double>(k, 0.0));
  for (std::size_t t = 0; t < r; ++t) {
    const std::size_t base = t * (k + 1);
    for (std::size_t j = 0; j < k; ++j) {
      const std::size_t i = d.factor[t][j];
      // Per unit of quantile: the grid's levels sit at quantiles (l + 1/2) / p.
      const double step = morris_quantile(d.points[base + j + 1][i], d.levels) - morris_quantile(d.points[base + j][i], d.levels);
      ee[t][i] = (f[base + j + 1] - f[base + j]) / step;
    }
  }
  MorrisEffects out;
  std::vector<std::size_t> rows(r);
  std::iota(rows.begin(), rows.end(), std::size_t{0});
  morris_stats(ee, rows, &out.mu, &out.mu_star, &out.sigma);
  out.mu_star_ci.assign(k, {kNaN, kNaN});
  if (bootstrap > 0 && r > 1) {
    random::Xoshiro256pp g(seed, 0, stable_hash("analysis:morris-bootstrap"));
    std::vector<std::vector<double>> reps(k);
    std::vector<double> ms;
    for (int b = 0; b < bootstrap; ++b) {
      for (auto& x : rows) x = uniform_index(g, r);
      morris_stats(ee, rows, nullptr, &ms, nullptr);
      for (std::size_t i = 0; i < k; ++i) reps[i].push_back(ms[i]);
    }
    for (std::size_t i = 0; i < k; ++i) out.mu_star_ci[i] = percentile_interval(std::move(reps[i]));
  }
  return out;
}

SobolDesign sobol_design(std::size_t n, std::size_t k) {
  SobolDesign d;
  d.n = n;
  d.k = k;
  if (k == 0 || n == 0) return d;
  boost::random::sobol gen(static_cast<unsigned>(2 * k));
  gen.discard(2 * k);  // the first point is the origin: skip it
  std::vector<std::vector<double>> a(n, std::vector<double>(k)), b(n, std::vector<double>(k));
  for (std::size_t j = 0; j < n; ++j) {
    for (std::size_t i = 0; i < k; ++i) a[j][i] = static_cast<double>(gen()) * 0x1.0p-64;
    for (std::size_t i = 0; i < k; ++i) b[j][i] = static_cast<double>(gen()) * 0x1.0p-64;
  }
  d.points.reserve(n * (k + 2));
  d.points.insert(d.points.end(), a.begin(), a.end());
  d.points.insert(d.points.end(), b.begin(), b.end());
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      std::vector<double> x = a[j];
      x[i] = b[j][i];
      d.points.push_back(std::move(x));
    }
  return d;
}

SobolIndices sobol_indices(std::size_t n, std::size_t k, const std::vector<double>& f, int bootstrap, std::uint64_t seed) {
  if (f.size() != n * (k + 2)) throw std::invalid_argument("sobol_indices: one value per design point");
  SobolIndices out;
  std::vector<std::size_t> rows(n);
  std::iota(rows.begin(), rows.end(), std::size_t{0});
  sobol_estimates(n, k, f, rows, &out.mean, &out.variance, out.s1, out.st);
  out.s1_ci.assign(k, {kNaN, kNaN});
  out.st_ci.assign(k, {kNaN, kNaN});
  if (bootstrap > 0 && n > 1) {
    random::Xoshiro256pp g(seed, 0, stable_hash("analysis:sobol-bootstrap"));
    std::vector<std::vector<double>> r1(k), rt(k);
    std::vector<double> s1, st;
    for (int b = 0; b < bootstrap; ++b) {
      for (auto& x : rows) x = uniform_index(g, n);
      sobol_estimates(n, k, f, rows, nullptr, nullptr, s1, st);
      for (std::size_t i = 0; i < k; ++i) {
        r1[i].push_back(s1[i]);
        rt[i].push_back(st[i]);
      }
    }
    for (std::size_t i = 0; i < k; ++i) {
      out.s1_ci[i] = percentile_interval(std::move(r1[i]));
      out.st_ci[i] = percentile_interval(std::move(rt[i]));
    }
  }
  return out;
}

std::size_t sensitivity_points(const SensitivityOptions& o, std::size_t k) {
  return o.method == Method::Morris ? o.trajectories * (k + 1) : o.samples * (k + 2);
}

Sensitivity run_sensitivity(const Model& m, const SensitivityOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  Sensitivity s;
  s.method = options.method;
  s.parameters = uncertain_parameters(m);
  const std::size_t k = s.parameters.size();
  if (k == 0) throw std::invalid_argument("the scenario has no uncertain numbers to analyse");
  s.runs = options.runs ? options.runs : (options.method == Method::Morris ? kMorrisDefaultRuns : kSobolDefaultRuns);
  s.seed = options.seed;
  s.design_seed = random::stream_key(options.seed, 0, stable_hash("analysis:design"));
  s.bootstrap = options.bootstrap;

  // The design on [0, 1]^k and each point's quantiles.
  std::vector<std::vector<double>> u;
  MorrisDesign md;
  if (options.method == Method::Morris) {
    md = morris_design(k, options.trajectories, options.levels, s.design_seed);
    s.trajectories = md.trajectories;
    s.levels = md.levels;
    s.delta = md.delta;
    for (const auto& x : md.points) {
      std::vector<double> q(k);
      for (std::size_t i = 0; i < k; ++i) q[i] = morris_quantile(x[i], md.levels);
      u.push_back(std::move(q));
    }
  } else {
    SobolDesign sd = sobol_design(options.samples, k);
    s.samples = sd.n;
    u = std::move(sd.points);
  }
  s.points = u.size();
  std::vector<std::vector<double>> values(u.size(), std::vector<double>(k));
  for (std::size_t p = 0; p < u.size(); ++p)
    for (std::size_t i = 0; i < k; ++i) values[p][i] = parameter_value(s.parameters[i], u[p][i]);

  PointsOptions po;
  po.runs = s.runs;
  po.seed = options.seed;
  po.threads = options.threads;
  po.progress = options.progress;
  po.cancel = options.cancel;
  const auto& params = s.parameters;
  auto results = evaluate_points(
      m, u.size(),
      [&values, &params](std::size_t p, Model& scratch) -> const Model& {
        fix_parameters(scratch, params, values[p]);
        return scratch;
      },
      po);
  if (results.size() != u.size()) {
    s.cancelled = true;
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return s;
  }

  for (std::size_t o = 0; o < m.outcomes.size(); ++o) {
    OutcomeSensitivity os;
    os.id = m.outcomes[o].id;
    os.label = m.outcomes[o].label;
    os.kind = m.outcomes[o].kind;
    std::vector<double> f(u.size());
    for (std::size_t p = 0; p < u.size(); ++p) {
      const auto& t = results[p].outcomes[o].values;
      f[p] = t.n > 0 ? t.mean : kNaN;  // a conditional outcome may count no run at a point
      if (t.n == 0) ++os.empty_points;
      os.nan_runs += results[p].outcomes[o].nan_runs;
    }
    os.parameters.assign(k, {});
    std::vector<double> key(k);
    if (options.method == Method::Morris) {
      MorrisEffects e = morris_effects(md, f, options.bootstrap, s.design_seed + o);
      stats::MeanAccumulator all;
      for (double x : f)
        if (std::isfinite(x)) all.add(x);
      os.mean = all.mean;
      os.variance = all.variance();
      for (std::size_t i = 0; i < k; ++i) {
        auto& pi = os.parameters[i];
        pi.mu = e.mu[i];
        pi.mu_star = e.mu_star[i];
        pi.sigma = e.sigma[i];
        pi.mu_star_ci = e.mu_star_ci[i];
        pi.s1 = pi.st = kNaN;
        pi.s1_ci = pi.st_ci = {kNaN, kNaN};
        key[i] = e.mu_star[i];
      }
    } else {
      SobolIndices si = sobol_indices(s.samples, k, f, options.bootstrap, s.design_seed + o);
      os.mean = si.mean;
      os.variance = si.variance;
      for (std::size_t i = 0; i < k; ++i) {
        auto& pi = os.parameters[i];
        pi.mu = pi.mu_star = pi.sigma = kNaN;
        pi.mu_star_ci = {kNaN, kNaN};
        pi.s1 = si.s1[i];
        pi.st = si.st[i];
        pi.s1_ci = si.s1_ci[i];
        pi.st_ci = si.st_ci[i];
        key[i] = si.st[i];
      }
    }
    os.ranking.resize(k);
    std::iota(os.ranking.begin(), os.ranking.end(), std::size_t{0});
    std::stable_sort(os.ranking.begin(), os.ranking.end(), [&key](std::size_t a, std::size_t b) {
      const double ka = std::isfinite(key[a]) ? key[a] : -std::numeric_limits<double>::infinity();
      const double kb = std::isfinite(key[b]) ? key[b] : -std::numeric_limits<double>::infinity();
      return ka > kb;
    });
    s.outcomes.push_back(std::move(os));
  }
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return s;
}

}  // namespace geosim::analysis
