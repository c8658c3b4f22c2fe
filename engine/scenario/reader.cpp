// SPDX-License-Identifier: Apache-2.0
#include "scenario/reader.hpp"

#include <set>

#include <fmt/format.h>

#include "scenario/fields.hpp"
#include "scenario/format.hpp"

namespace geosim::scenario {

namespace {


std::vector<VariableSpec> read_variables(const Node* vars, const std::string& owner_where,
                                         const std::string& owner_path, Diagnostics& d) {
  std::vector<VariableSpec> out;
  each_entry(vars, owner_where + " variables", d, [&](const std::string& name, const Node& n, SourceMark km) {
    VariableSpec v;
    v.name = name;
    v.mark = km;
    std::string where = fmt::format("variable '{}' of {}", name, owner_where);
    std::string path = fmt::format("{}.variables.{}", owner_path, name);
    bool bounds_ok = true;  // with min >= max no initial value fits: report the bounds alone
    bool is_object = n.is_map() && (n.find("value") || n.find("min") || n.find("max") || n.find("track") || n.find("describe"));
    if (is_object) {
      Fields f(n, object("variable"), where, path, d);
      v.initial = f.number("value");
      v.initial.path = path + ".value";
      v.min = f.fixed("min");
      v.max = f.fixed("max");
      v.track = f.boolean("track", false);
      v.describe = f.string("describe");
      if (!(v.min < v.max)) {
        d.error(f.node("max") ? text_mark(*f.node("max"), nullptr) : f.mark_of("max"), fmt::format("{}: min {} must be below max {}", where, v.min, v.max), "fix the bounds");
        bounds_ok = false;
      }
    } else {
      v.initial.path = path;
      v.initial.mark = text_mark(n, nullptr);
      if (auto dist = read_distribution(n, where, d)) v.initial.dist = *dist;
    }
    if (bounds_ok && !v.initial.dist.uncertain() && (v.initial.dist.a < v.min || v.initial.dist.a > v.max))
      d.error(v.initial.mark,
              fmt::format("{}: initial value {} is outside its bounds [{}, {}]", where, v.initial.dist.a, v.min, v.max),
              "change the value, or set min/max: {value: X, min: LO, max: HI}");
    out.push_back(std::move(v));
  });
  return out;
}

void read_meta(const Node& root, Scenario& s, Diagnostics& d) {
  const Node* meta = root.find("scenario");
  if (meta == nullptr) return;  // reported as a missing required key of the file
  Fields f(*meta, object("scenario"), "'scenario'", "scenario", d);
  s.name = f.string("name");
  s.description = f.string("description");
  s.start = f.string("start");
  if (!s.start.empty()) {
    const std::string& t = s.start;
    bool ok = t.size() == 10 && t[4] == '-' && t[7] == '-';
    for (std::size_t i = 0; ok && i < t.size(); ++i) ok = i == 4 || i == 7 || (t[i] >= '0' && t[i] <= '9');
    SourceMark at = text_mark(*f.node("start"), nullptr);
    if (!ok) {
      d.error(at, fmt::format("'scenario': start '{}' is not a date", t), "write YYYY-MM-DD, e.g. 2026-01-06");
    } else {
      int year = std::stoi(t.substr(0, 4)), month = std::stoi(t.substr(5, 2)), day = std::stoi(t.substr(8, 2));
      bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
      constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      if (month < 1 || month > 12) {
        d.error(at, fmt::format("'scenario': start '{}' is not a date: there is no month {}", t, month),
                "write YYYY-MM-DD with a month from 01 to 12");
      } else if (int last = kDays[month - 1] + (month == 2 && leap ? 1 : 0); day < 1 || day > last) {
        d.error(at, fmt::format("'scenario': start '{}' is not a date: {}-{:02} has {} days", t, year, month, last),
                "check the day of the month");
      }
    }
  }
  s.step_days = f.enumeration("step") == "week" ? 7 : 1;
  s.horizon_days = f.integer("horizon_days", 365);
  if (const Node* src = f.node("sources"); src != nullptr && !src->is_null()) {
    if (!src->is_map()) {
      d.error(src->mark, "'scenario': 'sources' must map short keys to citations", "write sources: {seed: \"...\"}");
    } else {
      for (std::size_t i = 0; i < src->keys.size(); ++i) {
        if (!src->items[i].is_scalar())
          d.error(src->items[i].mark, fmt::format("'scenario': source '{}' must be text", src->keys[i]), "write the citation on one line");
        else
          s.sources_cited[src->keys[i]] = src->items[i].text;
      }
    }
  }
}

void read_actors_and_blocs(const Node& root, Scenario& s, Diagnostics& d, std::set<std::string>& names) {
  each_entry(root.find("parameters"), "parameters", d, [&](const std::string& id, const Node& n, SourceMark km) {
    ParameterSpec p;
    p.name = id;
    p.mark = km;
    std::string where = fmt::format("parameter '{}'", id);
    if (n.is_map() && (n.find("value") || n.find("describe"))) {
      Fields f(n, object("parameter"), where, "parameters." + id, d);
      p.value = f.number("value");
      p.describe = f.string("describe");
    } else {
      p.value.path = "parameters." + id;
      p.value.mark = text_mark(n, nullptr);
      if (auto dist = read_distribution(n, where, d)) p.value.dist = *dist;
    }
    s.parameters.push_back(std::move(p));
  });
  each_entry(root.find("actors"), "actors", d, [&](const std::string& id, const Node& n, SourceMark km) {
    ActorSpec a;
    a.id = id;
    a.mark = km;
    std::string where = fmt::format("actor '{}'", id);
    Fields f(n, object("actor"), where, "actors." + id, d);
    a.name = f.string("name", id);
    a.kind = f.enumeration("kind");
    a.variables = read_variables(f.node("variables"), where, "actors." + id, d);
    names.insert(id);
    s.actors.push_back(std::move(a));
  });
  std::set<std::string> actor_ids = names;
  each_entry(root.find("blocs"), "blocs", d, [&](const std::string& id, const Node& n, SourceMark km) {
    BlocSpec b;
    b.id = id;
    b.mark = km;
    std::string where = fmt::format("bloc '{}'", id);
    if (names.count(id)) {
      d.error(km, fmt::format("bloc '{}' has the same id as an actor", id), "give the bloc a different id");
      return;
    }
    Fields f(n, object("bloc"), where, "blocs." + id, d);
    b.name = f.string("name", id);
    if (const Node* m = f.node("members")) {
      std::vector<std::string> known(actor_ids.begin(), actor_ids.end());
      auto add = [&](const std::string& actor, double w, SourceMark mk) {
        if (!actor_ids.count(actor)) {
          d.error(mk, fmt::format("{}: unknown member '{}'", where, actor),
                  closest(actor, known).empty() ? "declare it under 'actors:' first" : did_you_mean(actor, known));
          return;
        }
        for (const auto& prev : b.members)
          if (prev.actor == actor) {
            d.error(mk, fmt::format("{}: '{}' is listed twice", where, actor), "remove the repeat");
            return;
          }
        b.members.push_back({actor, w, mk});
      };
      if (m->is_seq()) {
        for (const auto& item : m->items) {
          if (item.is_scalar()) add(item.text, 1.0, item.mark);
          else d.error(item.mark, fmt::format("{}: members must be actor ids", where), "write members: [USA, GBR]");
        }
      } else if (m->is_map()) {
        for (std::size_t i = 0; i < m->keys.size(); ++i) {
          auto w = m->items[i].is_scalar() ? parse_number(m->items[i].text) : std::nullopt;
          if (!w || *w <= 0) {
            d.error(m->items[i].mark, fmt::format("{}: weight of '{}' must be a positive number", where, m->keys[i]),
                    "write members: {USA: 2, GBR: 1}");
            continue;
          }
          add(m->keys[i], *w, m->key_marks[i]);
        }
      } else if (!m->is_null()) {
        d.error(m->mark, fmt::format("{}: members must be a list of actors or a map actor -> weight", where),
                "write members: [USA, GBR]");
      }
      if ((m->is_seq() && m->items.empty()) || (m->is_map() && m->keys.empty()) || m->is_null())
        d.error(m->mark, fmt::format("{} has no members", where), "list at least one actor under 'members'");
    }
    b.variables = read_variables(f.node("variables"), where, "blocs." + id, d);
    names.insert(id);
    s.blocs.push_back(std::move(b));
  });
}

}  // namespace


void read_scenario(const Node& root, Scenario& s, Diagnostics& d) {
  Fields top(root, object("scenario_file"), "the scenario file", "", d);
  if (!top.ok() && !root.is_map()) return;
  if (const Node* v = root.find("geosim")) {
    auto n = v->is_scalar() ? parse_number(v->text) : std::nullopt;
    if (!n || *n != 1)
      d.error(v->mark, "this engine reads scenario format version 1", "write 'geosim: 1' or upgrade geosim");
  }
  read_meta(root, s, d);
  std::set<std::string> names;
  read_actors_and_blocs(root, s, d, names);
  std::set<std::string> actors, blocs;
  for (const auto& a : s.actors) actors.insert(a.id);
  for (const auto& b : s.blocs) blocs.insert(b.id);
  read_sections(root, s, d, actors, blocs);
  read_classroom(root, s, d);
}

}  // namespace geosim::scenario
