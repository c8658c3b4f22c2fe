// SPDX-License-Identifier: Apache-2.0
#include "scenario/overrides.hpp"

#include <cmath>

#include <fmt/format.h>

#include "scenario/fields.hpp"

namespace geosim::scenario {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out(1);
  for (char c : path) {
    if (c == '.') out.emplace_back();
    else out.back() += c;
  }
  return out;
}

bool apply_override(Node& root, const std::string& path, const Node& value, SourceMark where,
                    const std::string& who, Diagnostics& d) {
  auto segs = split_path(path);
  Node* cur = &root;
  std::string walked;
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const std::string& seg = segs[i];
    bool last = i + 1 == segs.size();
    if (seg.empty()) {
      d.error(where, fmt::format("{}: '{}' has an empty segment", who, path), "write the path as keys joined by '.', e.g. events.strike.rate");
      return false;
    }
    std::string here = walked.empty() ? seg : walked + "." + seg;
    if (cur->is_map() || (cur->is_null() && last)) {
      Node* next = cur->find(seg);
      if (next == nullptr) {
        if (!last) {
          std::string missing = walked.empty() ? fmt::format("the scenario has no section '{}'", seg)
                                               : fmt::format("'{}' has no key '{}'", walked, seg);
          d.error(where, fmt::format("{}: unknown path '{}': {}", who, path, missing),
                  closest(seg, cur->keys).empty() ? "check the path against the scenario file" : did_you_mean(seg, cur->keys));
          return false;
        }
        cur->kind = Node::Kind::Map;
        cur->keys.push_back(seg);
        cur->key_marks.push_back(where.file >= 0 ? where : value.mark);  // the override names the key
        cur->items.push_back(value);
        return true;
      }
      if (last) {
        *next = value;
        return true;
      }
      cur = next;
    } else if (cur->is_seq()) {
      auto idx = parse_number(seg);
      // Range first: casting 1e300 to an index would be undefined behaviour (found by fuzzing).
      if (!idx || !(*idx >= 0) || *idx >= static_cast<double>(cur->items.size()) || std::floor(*idx) != *idx) {
        d.error(where, fmt::format("{}: '{}' is a list of {} items; '{}' is not an index into it", who, walked, cur->items.size(), seg),
                fmt::format("use a number from 0 to {}", cur->items.empty() ? 0 : cur->items.size() - 1));
        return false;
      }
      Node* next = &cur->items[static_cast<std::size_t>(*idx)];
      if (last) {
        *next = value;
        return true;
      }
      cur = next;
    } else {
      d.error(where, fmt::format("{}: unknown path '{}': '{}' is a single value with no keys inside", who, path, walked),
              fmt::format("set '{}' itself", walked));
      return false;
    }
    walked = here;
  }
  return true;
}

void deep_merge(Node& base, const Node& over) {
  if (!base.is_map() || !over.is_map()) {
    base = over;
    return;
  }
  for (std::size_t i = 0; i < over.keys.size(); ++i) {
    Node* mine = base.find(over.keys[i]);
    if (mine == nullptr) {
      base.keys.push_back(over.keys[i]);
      base.key_marks.push_back(over.key_marks[i]);
      base.items.push_back(over.items[i]);
    } else {
      deep_merge(*mine, over.items[i]);
    }
  }
}

}  // namespace geosim::scenario
