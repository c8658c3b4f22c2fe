// SPDX-License-Identifier: Apache-2.0
// The `classroom:` section: levers (numbers of the scenario students set), the outcomes the page
// shows and has forecast, and the questions. A lever's path is checked against the merged tree
// here, so `geosim check` names a lever that points nowhere; whether the scenario is still valid
// at the ends of a lever's range is checked by `geosim classroom`, which loads it there.
#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "scenario/fields.hpp"
#include "scenario/overrides.hpp"
#include "scenario/reader.hpp"

namespace geosim::scenario {

namespace {

// The null node: what a lever points at when its path's last key is absent (a default applies).
const Node& absent() {
  static const Node none;
  return none;
}

// The node at `path` in `root` (absent() when only the last key of a map is missing, as --set
// allows), or nullptr after a diagnostic at `at`.
const Node* node_at(const Node& root, const std::string& path, const std::string& where, SourceMark at, Diagnostics& d) {
  const Node* cur = &root;
  std::string walked;
  const std::vector<std::string> segs = split_path(path);
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const std::string& seg = segs[i];
    const Node* next = nullptr;
    if (seg.empty()) {
      d.error(at, fmt::format("{}: '{}' has an empty segment", where, path), "write the path as keys joined by '.', e.g. negotiation.progress");
      return nullptr;
    }
    if (cur->is_map()) {
      next = cur->find(seg);
      // A missing last key is a default the lever may set, unless it looks like a misspelt key.
      if (next == nullptr && i + 1 == segs.size() && closest(seg, cur->keys).empty()) return &absent();
      if (next == nullptr) {
        d.error(at, fmt::format("{}: unknown path '{}': {}", where, path,
                                walked.empty() ? fmt::format("the scenario has no section '{}'", seg)
                                               : fmt::format("'{}' has no key '{}'", walked, seg)),
                closest(seg, cur->keys).empty() ? "point the lever at a number of the scenario, as for --set"
                                                : did_you_mean(seg, cur->keys));
        return nullptr;
      }
    } else if (cur->is_seq()) {
      auto idx = parse_number(seg);
      if (!idx || !(*idx >= 0) || *idx >= static_cast<double>(cur->items.size()) || std::floor(*idx) != *idx) {
        d.error(at, fmt::format("{}: '{}' is a list of {} items; '{}' is not an index into it", where, walked, cur->items.size(), seg),
                fmt::format("use a number from 0 to {}", cur->items.empty() ? 0 : cur->items.size() - 1));
        return nullptr;
      }
      next = &cur->items[static_cast<std::size_t>(*idx)];
    } else {
      d.error(at, fmt::format("{}: unknown path '{}': '{}' is a single value with no keys inside", where, path, walked),
              fmt::format("point the lever at '{}' itself", walked));
      return nullptr;
    }
    walked = walked.empty() ? seg : walked + "." + seg;
    cur = next;
  }
  return cur;
}

LeverSpec read_lever(const Node& root, const std::string& id, const Node& n, SourceMark km, Diagnostics& d) {
  LeverSpec l;
  l.id = id;
  l.mark = km;
  const std::string where = fmt::format("lever '{}'", id);
  Fields f(n, object("lever"), where, "classroom.levers." + id, d);
  if (!f.ok()) return l;
  l.path = f.string("path");
  l.label = f.string("label");
  l.describe = f.string("describe");
  l.min = f.fixed("min");
  l.max = f.fixed("max");
  if (!(l.min < l.max)) {
    d.error(text_mark(*f.node("max"), nullptr), fmt::format("{}: min {} must be below max {}", where, l.min, l.max), "fix the range");
    return l;
  }
  l.step = f.has("step") ? f.fixed("step") : (l.max - l.min) / 20;
  if (!(l.step > 0) || l.step > l.max - l.min)
    d.error(text_mark(*f.node("step"), nullptr), fmt::format("{}: step {} must be above 0 and at most the range {}", where, l.step, l.max - l.min),
            "use a step that divides the range, e.g. a tenth of it");
  const SourceMark path_at = text_mark(*f.node("path"), nullptr);
  const Node* target = l.path.empty() ? nullptr : node_at(root, l.path, where, path_at, d);
  std::optional<double> own;
  if (target != nullptr) {
    own = target->is_scalar() ? parse_number(target->text) : std::nullopt;
    if (!own && target->is_map() && target->find("value") != nullptr) {
      d.error(path_at, fmt::format("{}: '{}' is an object with a 'value'", where, l.path),
              fmt::format("point the lever at '{}.value'", l.path));
      return l;
    }
  }
  if (f.has("value")) {
    l.value = f.fixed("value");
    if (l.value < l.min || l.value > l.max)
      d.error(text_mark(*f.node("value"), nullptr), fmt::format("{}: value {} is outside [{}, {}]", where, l.value, l.min, l.max),
              "start the lever inside its range");
  } else if (target == &absent()) {
    d.error(path_at, fmt::format("{}: '{}' is not written in the scenario (a default applies), so the lever has no starting value", where, l.path),
            "give the lever a 'value:' to start from: the default, from docs/scenario-format.md");
  } else if (target != nullptr && !own) {
    d.error(path_at, fmt::format("{}: '{}' is not a plain number in the scenario ({}), so the lever has no starting value", where, l.path, kind_name(*target)),
            "give the lever a 'value:' to start from");
  } else if (own) {
    l.value = *own;
    if (l.value < l.min || l.value > l.max)
      d.error(text_mark(*f.node("min"), nullptr),
              fmt::format("{}: the scenario's own value {} at '{}' is outside [{}, {}]", where, l.value, l.path, l.min, l.max),
              "widen the range, or give the lever a 'value:' inside it");
  }
  return l;
}

std::vector<std::string> outcome_ids(const Fields& f, std::string_view key, const std::set<std::string>& known, Diagnostics& d) {
  std::vector<std::string> out;
  const std::vector<std::string> names(known.begin(), known.end());
  for (const auto& [id, at] : f.ids(key)) {
    if (!known.count(id)) {
      d.error(at, fmt::format("'classroom': {} names no outcome '{}'", key, id),
              closest(id, names).empty() ? "list ids declared under 'outcomes:'" : did_you_mean(id, names));
      continue;
    }
    if (std::find(out.begin(), out.end(), id) != out.end()) {
      d.error(at, fmt::format("'classroom': {} lists '{}' twice", key, id), "remove the repeat");
      continue;
    }
    out.push_back(id);
  }
  return out;
}

}  // namespace

void read_classroom(const Node& root, Scenario& s, Diagnostics& d) {
  const Node* section = root.find("classroom");
  if (section == nullptr || section->is_null()) return;
  ClassroomSpec& c = s.classroom;
  c.present = true;
  c.mark = root.key_mark("classroom");
  Fields f(*section, object("classroom"), "'classroom'", "classroom", d);
  if (!f.ok()) return;
  c.title = f.string("title", s.name);
  c.intro = f.string("intro");
  c.runs = f.integer("runs", 2000);
  c.seed = f.integer("seed", 1);
  each_entry(f.node("levers"), "classroom levers", d, [&](const std::string& id, const Node& n, SourceMark km) {
    if (c.levers.size() == static_cast<std::size_t>(object("classroom").field("levers")->max)) {
      d.error(km, fmt::format("'classroom': lever '{}' is one too many: a page has at most {} levers", id, c.levers.size()),
              "keep the levers the lesson is about; students compare runs better with few");
      return;
    }
    c.levers.push_back(read_lever(root, id, n, km, d));
  });
  std::set<std::string> known;
  if (const Node* outcomes = root.find("outcomes"); outcomes != nullptr && outcomes->is_map())
    known.insert(outcomes->keys.begin(), outcomes->keys.end());
  c.outcomes = outcome_ids(f, "outcomes", known, d);
  if (c.outcomes.empty() && !f.has("outcomes"))
    for (const auto& o : s.outcomes) c.outcomes.push_back(o.id);
  c.forecast = outcome_ids(f, "forecast", known, d);
  std::set<std::string> decisions;
  if (const Node* ds = root.find("decisions"); ds != nullptr && ds->is_map()) decisions.insert(ds->keys.begin(), ds->keys.end());
  const std::vector<std::string> decision_names(decisions.begin(), decisions.end());
  for (const auto& [id, at] : f.ids("roles")) {
    if (!decisions.count(id))
      d.error(at, fmt::format("'classroom': roles names no decision '{}'", id),
              closest(id, decision_names).empty() ? "list ids declared under 'decisions:' (a team plays that decision's actor)"
                                                  : did_you_mean(id, decision_names));
    else if (std::find(c.roles.begin(), c.roles.end(), id) != c.roles.end())
      d.error(at, fmt::format("'classroom': roles lists '{}' twice", id), "remove the repeat");
    else
      c.roles.push_back(id);
  }
  if (c.forecast.empty() && !f.has("forecast"))
    for (std::size_t i = 0; i < std::min<std::size_t>(2, c.outcomes.size()); ++i) c.forecast.push_back(c.outcomes[i]);
  if (const Node* q = f.node("questions"); q != nullptr && !q->is_null()) {
    if (!q->is_map()) {
      d.error(q->mark, "'classroom': 'questions' must map short keys to questions", "write questions: {why: \"Why did ...?\"}");
    } else {
      for (std::size_t i = 0; i < q->keys.size(); ++i) {
        if (!q->items[i].is_scalar())
          d.error(q->items[i].mark, fmt::format("'classroom': question '{}' must be text", q->keys[i]), "write the question on one line");
        else
          c.questions.emplace_back(q->keys[i], q->items[i].text);
      }
    }
  }
}

}  // namespace geosim::scenario
