// SPDX-License-Identifier: Apache-2.0
// The ordered-block executor (engine/mc/executor.hpp): for any thread count the consumer sees the
// blocks in block order with the results a sequential loop computes, at most `window` results
// exist at a time, a cancel stops the merging, and a worker's exception reaches the consumer.
// Then the Monte Carlo driver built on it against a plain sequential loop over run_block.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "geosim/mc.hpp"
#include "geosim/model.hpp"
#include "geosim/random.hpp"
#include "geosim/scenario.hpp"
#include "mc/block.hpp"
#include "mc/executor.hpp"

namespace {

struct Piece {
  std::uint64_t block = 0;
  std::vector<double> values;
};

// Block k: a few numbers that depend on k only; blocks take uneven times so that they finish out
// of order on several threads.
void compute(std::uint64_t k, Piece& out) {
  std::uint64_t s = k * 0x9E3779B97F4A7C15ULL + 1;
  out.block = k;
  out.values.assign(1 + k % 7, 0.0);
  for (double& v : out.values) v = static_cast<double>(geosim::random::splitmix64(s) >> 11) * 0x1.0p-53;
  std::this_thread::sleep_for(std::chrono::microseconds((s >> 7) % 400));
}

// A merge whose result depends on the order of the blocks (floating-point sums are not associative).
struct Merged {
  double sum = 0.0, weighted = 0.0;
  std::vector<std::uint64_t> order;
  void add(const Piece& p) {
    order.push_back(p.block);
    for (double v : p.values) {
      sum += v;
      weighted = weighted * 0.75 + v * sum;
    }
  }
};

Merged sequential(std::uint64_t blocks) {
  Merged m;
  Piece p;
  for (std::uint64_t k = 0; k < blocks; ++k) {
    compute(k, p);
    m.add(p);
  }
  return m;
}

auto plain_worker() {
  return [] { return [](std::uint64_t k, Piece& out) { compute(k, out); }; };
}

}  // namespace

TEST_SUITE("mc") {

TEST_CASE("executor: merged in block order, equal to a sequential loop for 1 to 8 threads") {
  const std::uint64_t blocks = 61;
  const Merged expected = sequential(blocks);
  for (int threads = 1; threads <= 8; ++threads) {
    INFO("threads " << threads);
    std::atomic<std::uint64_t> started{0};
    geosim::mc::OrderedBlocks<Piece> ex(blocks, threads, nullptr, [&] {
      return [&](std::uint64_t k, Piece& out) {
        started.fetch_add(1);
        compute(k, out);
      };
    });
    const std::uint64_t window = geosim::mc::default_window(threads);
    Merged got;
    Piece p;
    bool bounded = true;
    for (std::uint64_t k = 0; k < blocks; ++k) {
      REQUIRE(ex.take(p));
      // Blocks 0..k are taken: no block beyond k + window can have started.
      bounded = bounded && started.load() <= k + 1 + window;
      got.add(p);
      // A slow consumer now and then lets the workers run ahead up to the window.
      if (k % 16 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(3));
    }
    CHECK(bounded);
    CHECK(got.order == expected.order);
    CHECK(got.sum == expected.sum);
    CHECK(got.weighted == expected.weighted);
    CHECK_THROWS_AS(ex.take(p), std::logic_error);  // every block was taken
  }
}

TEST_CASE("executor: run_ordered calls merge in block order for any window, thread count and block count") {
  for (const std::uint64_t blocks : {0u, 1u, 5u, 40u})
    for (const int threads : {0, 1, 3, 8})
      for (const std::uint64_t window : {1u, 2u, 0u}) {  // 0: the default window
        INFO(blocks << " blocks, " << threads << " threads, window " << window);
        Merged got;
        bool keys_match = true;
        const bool done = geosim::mc::run_ordered<Piece>(blocks, threads, nullptr, plain_worker(),
                                                         [&](std::uint64_t k, const Piece& p) {
                                                           keys_match = keys_match && p.block == k;
                                                           got.add(p);
                                                         });
        CHECK(done);
        CHECK(keys_match);
        const Merged expected = sequential(blocks);
        CHECK(got.order == expected.order);
        CHECK(got.weighted == expected.weighted);
        // The window as such: a small one gives the same merge.
        if (window == 0) continue;
        geosim::mc::OrderedBlocks<Piece> ex(blocks, threads, nullptr, plain_worker(), window);
        Merged small;
        Piece p;
        for (std::uint64_t k = 0; k < blocks; ++k) {
          REQUIRE(ex.take(p));
          small.add(p);
        }
        CHECK(small.order == expected.order);
        CHECK(small.weighted == expected.weighted);
      }
}

TEST_CASE("executor: a cancel stops the merging, and the workers stop between blocks") {
  std::atomic<bool> cancel{false};
  std::atomic<std::uint64_t> started{0};
  std::uint64_t merged = 0;
  const bool done = geosim::mc::run_ordered<Piece>(
      1000, 4, &cancel,
      [&] {
        return [&](std::uint64_t k, Piece& out) {
          started.fetch_add(1);
          compute(k, out);
        };
      },
      [&](std::uint64_t k, const Piece&) {
        merged = k + 1;
        if (k == 3) cancel.store(true);
      });
  CHECK_FALSE(done);
  CHECK(merged == 4);
  CHECK(started.load() <= 4 + geosim::mc::default_window(4));
}

TEST_CASE("executor: an exception in a worker reaches the consumer") {
  std::uint64_t merged = 0;
  auto throwing = [] {
    return [](std::uint64_t k, Piece& out) {
      if (k == 5) throw std::runtime_error("block 5");
      compute(k, out);
    };
  };
  CHECK_THROWS_WITH_AS(geosim::mc::run_ordered<Piece>(20, 3, nullptr, throwing,
                                                      [&](std::uint64_t k, const Piece&) { merged = k + 1; }),
                       "block 5", std::runtime_error);
  CHECK(merged <= 5);
}

TEST_CASE("executor: run_monte_carlo equals a sequential loop over run_block for 1 to 8 threads") {
  auto sources = std::make_shared<geosim::Sources>();
  geosim::Diagnostics diags;
  auto s = geosim::load_scenario(std::string(GEOSIM_SOURCE_DIR) + "/scenarios/paris-2026.yaml", {}, diags, sources);
  REQUIRE_MESSAGE(s.has_value(), diags.format(*sources));
  auto compiled = geosim::compile_model(*s, diags);
  REQUIRE_MESSAGE(compiled.has_value(), diags.format(*sources));
  const geosim::Model& m = *compiled;

  geosim::McOptions o;
  o.runs = 5 * geosim::kBlockRuns + 37;  // a partial last block
  o.seed = 11;
  geosim::mc::Accumulator acc(m, o);
  geosim::RunState rs;
  rs.prepare(m);
  for (std::uint64_t b = 0; b * geosim::kBlockRuns < o.runs; ++b) {
    geosim::mc::BlockResult r;
    r.block = b;
    r.first_run = b * geosim::kBlockRuns;
    r.runs = std::min(geosim::kBlockRuns, o.runs - r.first_run);
    geosim::mc::run_block(m, o.seed, r, rs, o.track, false, acc.series_threshold());
    acc.merge(r);
  }
  const geosim::Summary expected = acc.finish(0.0);
  REQUIRE(!expected.outcomes.empty());

  for (int threads = 1; threads <= 8; ++threads) {
    INFO("threads " << threads);
    geosim::McOptions t = o;
    t.threads = threads;
    std::vector<std::uint64_t> run_order;
    t.per_run = [&](std::uint64_t run, const std::vector<geosim::OutcomeValue>&) { run_order.push_back(run); };
    const geosim::Summary got = geosim::run_monte_carlo(m, t);
    CHECK(got.runs == o.runs);
    bool in_order = run_order.size() == o.runs;
    for (std::size_t i = 0; in_order && i < run_order.size(); ++i) in_order = run_order[i] == i;
    CHECK(in_order);
    REQUIRE(got.outcomes.size() == expected.outcomes.size());
    for (std::size_t k = 0; k < got.outcomes.size(); ++k) {
      const auto& x = got.outcomes[k];
      const auto& y = expected.outcomes[k];
      INFO("outcome " << x.id);
      CHECK(x.n == y.n);
      CHECK(x.happened == y.happened);
      CHECK(x.values.mean == y.values.mean);
      CHECK(x.values.m2 == y.values.m2);
      CHECK(x.sorted_values == y.sorted_values);
      CHECK(x.first_passage == y.first_passage);
    }
    REQUIRE(got.series.size() == expected.series.size());
    for (std::size_t v = 0; v < got.series.size(); ++v) CHECK(got.series[v].bands == expected.series[v].bands);
  }
}

}  // TEST_SUITE
