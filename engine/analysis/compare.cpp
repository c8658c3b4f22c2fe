// SPDX-License-Identifier: Apache-2.0
// Paired comparison: the base and each variant run on the same run indices with the same seed, so
// run i of every model draws the same random numbers (streams are keyed by seed, run index and a
// hash of the element's name). Worker threads compute blocks of run indices for all models
// (mc/executor.hpp); the calling thread merges them strictly in block order, so every figure is
// identical for any number of threads.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <boost/math/distributions/students_t.hpp>

#include "geosim/analysis.hpp"
#include "mc/block.hpp"
#include "mc/executor.hpp"

namespace geosim::analysis {

namespace {

constexpr std::uint64_t kPrecisionRound = 16;  ///< blocks added per round in precision mode

std::uint64_t blocks_for(std::uint64_t runs) { return (runs + kBlockRuns - 1) / kBlockRuns; }

struct DiffBlock {
  CoMoments4 moments;
  std::uint64_t up = 0, down = 0;
};

struct PairedBlock {
  std::vector<mc::BlockResult> models;      ///< base, then each variant
  std::vector<std::vector<DiffBlock>> diffs;  ///< [variant][paired outcome]
};

// Pairs of outcome indices (base, variant) with the same id, in base order.
std::vector<std::pair<std::size_t, std::size_t>> pair_outcomes(const Model& base, const Model& variant) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (std::size_t k = 0; k < base.outcomes.size(); ++k)
    for (std::size_t j = 0; j < variant.outcomes.size(); ++j)
      if (variant.outcomes[j].id == base.outcomes[k].id && variant.outcomes[j].kind == base.outcomes[k].kind)
        out.emplace_back(k, j);
  return out;
}

// The per-run differences of one block: from the rows of the base and of each variant, then the
// rows are dropped (the accumulators do not need them).
void pair_block(PairedBlock& pb, const Model& base, const std::vector<const Model*>& variants,
                const std::vector<std::vector<std::pair<std::size_t, std::size_t>>>& pairs) {
  const auto& base_rows = pb.models[0].rows;
  const std::size_t nb = base.outcomes.size();
  pb.diffs.resize(variants.size());
  for (std::size_t v = 0; v < variants.size(); ++v) {
    const auto& rows = pb.models[v + 1].rows;
    const std::size_t nv = variants[v]->outcomes.size();
    pb.diffs[v].assign(pairs[v].size(), {});
    for (std::uint64_t i = 0; i < pb.models[0].runs; ++i)
      for (std::size_t p = 0; p < pairs[v].size(); ++p) {
        const OutcomeValue& va = base_rows[i * nb + pairs[v][p].first];
        const OutcomeValue& vb = rows[i * nv + pairs[v][p].second];
        // A value that is not a number counts as a run the outcome left out (as in `run`).
        const bool ia = va.included && std::isfinite(va.value), ib = vb.included && std::isfinite(vb.value);
        const double ua = ia ? va.value : 0.0, ub = ib ? vb.value : 0.0;
        DiffBlock& db = pb.diffs[v][p];
        db.moments.add({ua, ia ? 1.0 : 0.0, ub, ib ? 1.0 : 0.0});
        if (ub > ua) ++db.up;
        if (ub < ua) ++db.down;
      }
  }
  for (auto& r : pb.models) {
    r.rows.clear();
    r.rows.shrink_to_fit();
  }
}

double t_quantile(std::uint64_t n) {
  if (n < 2) return std::numeric_limits<double>::quiet_NaN();
  boost::math::students_t_distribution<double> t(static_cast<double>(n - 1));
  return boost::math::quantile(t, 0.975);
}

// sum over i, j of x_i S_ij y_j for the 2x2 blocks of the co-moments at offsets (oi, oj), in a
// fixed order, so that y = -x and equal blocks give exactly the negated value.
double quad(const CoMoments4& m, int oi, const std::array<double, 2>& x, int oj, const std::array<double, 2>& y) {
  double s = 0.0;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) s += x[static_cast<std::size_t>(i)] * m.cov(oi + i, oj + j) * y[static_cast<std::size_t>(j)];
  return s;
}

struct DiffVariance {
  double paired = 0.0, unpaired = 0.0;  ///< variances of D (already divided by n)
};

// The ratio estimates, their difference and its delta-method variances. See PairedDifference.
DiffVariance diff_variance(const CoMoments4& m, double& d) {
  const double ga = m.mean[1], gb = m.mean[3];
  if (m.n == 0 || !(ga > 0) || !(gb > 0)) {
    d = std::numeric_limits<double>::quiet_NaN();
    return {d, d};
  }
  const double ra = m.mean[0] / ga, rb = m.mean[2] / gb;
  d = rb - ra;
  const std::array<double, 2> wa{-1.0 / ga, ra / ga}, wb{1.0 / gb, -rb / gb};
  const double aa = quad(m, 0, wa, 0, wa), bb = quad(m, 2, wb, 2, wb), ab = quad(m, 0, wa, 2, wb);
  const double n = static_cast<double>(m.n);
  return {std::max(0.0, (aa + bb + 2 * ab) / n), std::max(0.0, (aa + bb) / n)};
}

double paired_half_width(const CoMoments4& m) {
  if (m.n < 2) return 0.0;
  double d = 0.0;
  const DiffVariance v = diff_variance(m, d);
  return std::isfinite(d) ? t_quantile(m.n) * std::sqrt(v.paired) : 0.0;
}

// Fills the derived figures of a difference from the merged accumulators.
void finish_difference(PairedDifference& d, const OutcomeSummary& a, const OutcomeSummary& b) {
  d.base = estimate(a);
  d.variant = estimate(b);
  const DiffVariance v = diff_variance(d.moments, d.diff);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (!std::isfinite(d.diff) || d.moments.n < 2) {
    d.paired = d.unpaired = std::isfinite(d.diff) ? stats::Interval{d.diff, d.diff} : stats::Interval{nan, nan};
    d.correlation = nan;
    d.distinguishable = false;
    return;
  }
  const double t = t_quantile(d.moments.n);
  const double hw = t * std::sqrt(v.paired), uhw = t * std::sqrt(v.unpaired);
  d.paired = {d.diff - hw, d.diff + hw};
  d.unpaired = {d.diff - uhw, d.diff + uhw};
  const double va = d.moments.cov(0, 0), vb = d.moments.cov(2, 2);
  d.correlation = va > 0 && vb > 0 ? d.moments.cov(0, 2) / std::sqrt(va * vb) : nan;
  d.distinguishable = d.paired.lo > 0 || d.paired.hi < 0;
}

}  // namespace

void CoMoments4::add(const std::array<double, 4>& x) noexcept {
  ++n;
  const double nn = static_cast<double>(n);
  std::array<double, 4> before{};
  for (std::size_t i = 0; i < 4; ++i) {
    before[i] = x[i] - mean[i];
    mean[i] += before[i] / nn;  // as MeanAccumulator::add, so plain means agree bit for bit
  }
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = 0; j < 4; ++j) m2[4 * i + j] += before[i] * (x[j] - mean[j]);
}

void CoMoments4::merge(const CoMoments4& o) noexcept {
  if (o.n == 0) return;
  if (n == 0) {
    *this = o;
    return;
  }
  const double na = static_cast<double>(n), nb = static_cast<double>(o.n), total = na + nb;
  std::array<double, 4> delta{};
  for (std::size_t i = 0; i < 4; ++i) delta[i] = o.mean[i] - mean[i];
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = 0; j < 4; ++j) m2[4 * i + j] += o.m2[4 * i + j] + delta[i] * delta[j] * (na * nb / total);
  for (std::size_t i = 0; i < 4; ++i) mean[i] += delta[i] * (nb / total);
  n += o.n;
}

double max_paired_half_width(const Comparison& c) {
  double w = 0.0;
  for (const auto& v : c.variants)
    for (const auto& d : v.differences) w = std::max(w, d.half_width());
  return w;
}

Comparison compare(const Model& base, const std::vector<const Model*>& variants, const std::vector<std::string>& names,
                   const std::vector<std::string>& descriptions, const CompareOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  if (names.size() != variants.size() || descriptions.size() != variants.size())
    throw std::invalid_argument("compare: one name and one description per variant");
  CompareOptions o = options;
  o.threads = std::max(1, o.threads);
  const bool precise = o.precision > 0;
  const std::uint64_t total_runs = precise ? std::max(o.runs, o.max_runs) : o.runs;
  const std::uint64_t max_blocks = blocks_for(total_runs);
  std::uint64_t planned = std::min(max_blocks, blocks_for(o.runs));

  std::vector<const Model*> models{&base};
  models.insert(models.end(), variants.begin(), variants.end());
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> pairs;
  for (const Model* v : variants) pairs.push_back(pair_outcomes(base, *v));

  McOptions mo;
  mo.seed = o.seed;
  mo.threads = o.threads;
  std::vector<mc::Accumulator> acc;
  acc.reserve(models.size());
  for (const Model* m : models) {
    acc.emplace_back(*m, mo);
    if (o.track && !m->tracked.empty()) acc.back().expect_runs(std::min(o.runs, total_runs));
  }

  Comparison c;
  c.seed = o.seed;
  c.precision = o.precision;
  c.threads = o.threads;
  c.variants.resize(variants.size());
  for (std::size_t v = 0; v < variants.size(); ++v) {
    c.variants[v].name = names[v];
    c.variants[v].description = descriptions[v];
    for (auto [k, j] : pairs[v]) {
      PairedDifference d;
      d.id = base.outcomes[k].id;
      d.label = base.outcomes[k].label;
      d.given = base.outcomes[k].given_text;
      d.kind = base.outcomes[k].kind;
      d.base_index = k;
      d.variant_index = j;
      c.variants[v].differences.push_back(std::move(d));
    }
  }

  std::vector<std::atomic<std::uint64_t>> thresholds(models.size());
  for (std::size_t i = 0; i < models.size(); ++i) thresholds[i].store(acc[i].series_threshold());
  // Block b of every model on o.threads workers; the loop below merges them in block order.
  mc::OrderedBlocks<PairedBlock> blocks(max_blocks, o.threads, o.cancel, [&] {
    std::vector<RunState> rs(models.size());
    for (std::size_t i = 0; i < models.size(); ++i) rs[i].prepare(*models[i]);
    return [&, rs = std::move(rs)](std::uint64_t b, PairedBlock& pb) mutable {
      pb.models.resize(models.size());
      for (std::size_t i = 0; i < models.size(); ++i) {
        mc::BlockResult& r = pb.models[i];
        r.block = b;
        r.first_run = b * kBlockRuns;
        r.runs = std::min(kBlockRuns, total_runs - r.first_run);
        mc::run_block(*models[i], o.seed, r, rs[i], o.track, true, thresholds[i].load(std::memory_order_relaxed), o.cancel);
      }
      // Rows may be incomplete under cancel; the executor never hands such a block out.
      if (o.cancel && o.cancel->load()) return;
      pair_block(pb, base, variants, pairs);
    };
  });

  bool cancelled = false;
  for (std::uint64_t merged = 0; merged < planned;) {
    PairedBlock pb;
    if (!blocks.take(pb)) {
      cancelled = true;
      break;
    }
    for (std::size_t i = 0; i < models.size(); ++i) {
      acc[i].merge(pb.models[i]);
      thresholds[i].store(acc[i].series_threshold(), std::memory_order_relaxed);
    }
    for (std::size_t v = 0; v < variants.size(); ++v)
      for (std::size_t p = 0; p < pairs[v].size(); ++p) {
        PairedDifference& d = c.variants[v].differences[p];
        d.moments.merge(pb.diffs[v][p].moments);
        d.up += pb.diffs[v][p].up;
        d.down += pb.diffs[v][p].down;
      }
    ++merged;
    if (precise && merged == planned && planned < max_blocks) {
      double w = 0.0;
      for (auto& vc : c.variants)
        for (auto& d : vc.differences) w = std::max(w, paired_half_width(d.moments));
      if (w > o.precision) planned = std::min(max_blocks, planned + kPrecisionRound);
    }
    if (o.progress) o.progress(std::min(merged * kBlockRuns, total_runs), std::min(planned * kBlockRuns, total_runs));
  }

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  c.base = acc[0].finish(seconds);
  c.base.cancelled = cancelled;
  c.runs = c.base.runs;
  for (std::size_t v = 0; v < variants.size(); ++v) {
    VariantComparison& vc = c.variants[v];
    vc.summary = acc[v + 1].finish(seconds);
    vc.summary.cancelled = cancelled;
    for (auto& d : vc.differences) finish_difference(d, c.base.outcomes[d.base_index], vc.summary.outcomes[d.variant_index]);
  }
  c.cancelled = cancelled;
  c.seconds = seconds;
  return c;
}

}  // namespace geosim::analysis
