// SPDX-License-Identifier: Apache-2.0
#include "scenario/limits.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

namespace geosim::scenario {

namespace {

bool check_count(const Node& root, const char* section, const char* what, const ResourceLimits& limits, Diagnostics& d) {
  const Node* n = root.find(section);
  if (n == nullptr || !n->is_map() || n->keys.size() <= limits.max_actors) return true;
  d.error(n->key_marks[limits.max_actors],
          fmt::format("the scenario declares {} {}, over the limit of {}", n->keys.size(), what, limits.max_actors),
          fmt::format("raise the limit with --max-actors {} if the machine can take it", n->keys.size()));
  return false;
}

}  // namespace

bool check_counts(const Node& root, const ResourceLimits& limits, Diagnostics& d) {
  bool ok = check_count(root, "actors", "actors", limits, d);
  return check_count(root, "blocs", "blocs", limits, d) && ok;
}

std::string format_bytes(double bytes) {
  if (bytes >= 1024.0 * 1024 * 1024) return fmt::format("{:.1f} GiB", bytes / (1024.0 * 1024 * 1024));
  if (bytes >= 1024.0 * 1024) return fmt::format("{:.0f} MiB", bytes / (1024.0 * 1024));
  return fmt::format("{:.0f} KiB", std::max(1.0, bytes / 1024.0));
}

MemoryEstimate estimate_model_memory(const Scenario& s) {
  MemoryEstimate e;
  double biggest = 0.0;
  auto part = [&](double bytes, const SourceMark& mark, auto&& describe) {
    e.bytes += bytes;
    if (bytes > biggest) {
      biggest = bytes;
      e.biggest = describe();
      e.mark = mark;
    }
  };
  // Influence: a dense members x members weight matrix per rule (built, then copied).
  for (const auto& inf : s.influences) {
    double n = static_cast<double>(inf.actors.empty() ? s.actors.size() : inf.actors.size());
    part(2 * 8 * n * n, inf.mark, [&] {
      return fmt::format("influence of '{}': a {:.0f} x {:.0f} matrix", inf.variable, n, n);
    });
  }
  // Commitments: guarantors with blocs expanded to their members (as names), one reputation
  // record per (commitment, guarantor), and for each record the other records of its guarantor.
  std::unordered_map<std::string_view, std::size_t> bloc_size;
  for (const auto& b : s.blocs) bloc_size[b.id] = b.members.size();
  double expanded = 0.0;
  for (const auto& c : s.commitments) {
    if (!c.enabled) continue;
    double n = 0.0;
    for (const auto& g : c.guarantors) {
      auto it = bloc_size.find(g.first);
      n += it == bloc_size.end() ? 1.0 : static_cast<double>(it->second);
    }
    expanded += n;
  }
  if (expanded > 0 && !s.commitments.empty()) {
    part(48 * expanded, s.commitments.front().mark, [&] {
      return fmt::format("commitments whose guarantors, blocs expanded, number {:.0f}", expanded);
    });
  }
  if (expanded <= 1e7) {  // exact per-guarantor counts are cheap enough to compute
    std::unordered_map<std::string_view, const BlocSpec*> blocs;
    for (const auto& b : s.blocs) blocs[b.id] = &b;
    std::unordered_map<std::string_view, double> records;  // per guarantor actor
    for (const auto& c : s.commitments) {
      if (!c.enabled) continue;
      std::unordered_set<std::string_view> seen;
      for (const auto& g : c.guarantors) {
        if (auto it = blocs.find(g.first); it != blocs.end()) {
          for (const auto& m : it->second->members) seen.insert(m.actor);
        } else {
          seen.insert(g.first);
        }
      }
      for (auto a : seen) records[a] += 1.0;
    }
    double peers = 0.0, worst = 0.0;
    std::string_view worst_actor;
    for (const auto& [a, k] : records) {
      peers += k * k;
      if (k > worst) worst = k, worst_actor = a;
    }
    if (peers > 0 && !s.commitments.empty()) {
      part(4 * peers, s.commitments.front().mark, [&] {
        return fmt::format("reputation links between the {:.0f} commitments of guarantor '{}'", worst, worst_actor);
      });
    }
  }
  return e;
}

bool check_model_memory(const Scenario& s, const ResourceLimits& limits, Diagnostics& d) {
  MemoryEstimate e = estimate_model_memory(s);
  const double limit = static_cast<double>(limits.max_memory_mb) * 1024.0 * 1024.0;
  if (e.bytes <= limit) return true;
  const auto need_mb = static_cast<unsigned long long>(e.bytes / (1024.0 * 1024.0)) + 1;
  d.error(e.mark,
          fmt::format("the compiled model would need about {} ({}), over the limit of {} MiB", format_bytes(e.bytes),
                      e.biggest, limits.max_memory_mb),
          fmt::format("raise the limit with --max-memory {} if the machine has the memory, or make the scenario smaller",
                      need_mb));
  return false;
}

}  // namespace geosim::scenario
