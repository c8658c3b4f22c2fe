// SPDX-License-Identifier: Apache-2.0
// The chronicle as text for a terminal and as JSON.
#include <cmath>
#include <iterator>

#include <fmt/format.h>

#include "geosim/chronicle.hpp"

namespace geosim {

namespace {

using json = nlohmann::ordered_json;

constexpr std::size_t kWidth = 100;

// Word-wraps `text` to kWidth columns: the first line after `first`, the others after `indent`.
std::string wrap(std::string_view text, std::string_view first, std::string_view indent) {
  std::string out(first);
  std::size_t col = first.size();
  bool fresh = true;  // nothing written on this line after its prefix yet
  std::size_t i = 0;
  while (i < text.size()) {
    const auto sp = text.find(' ', i);
    const auto word = text.substr(i, sp == std::string_view::npos ? std::string_view::npos : sp - i);
    i = sp == std::string_view::npos ? text.size() : sp + 1;
    if (word.empty()) continue;
    std::size_t chars = 0;
    for (unsigned char ch : word) chars += (ch & 0xC0) != 0x80;
    if (!fresh && col + 1 + chars > kWidth) {
      out += "\n";
      out += indent;
      col = indent.size();
      fresh = true;
    }
    if (!fresh) {
      out += ' ';
      ++col;
    }
    out += word;
    col += chars;
    fresh = false;
  }
  return out + "\n";
}

std::string when(const Chronicle& c, double day) {
  const std::string date = calendar_date(c.start, day);
  if (c.step_days == 1) return date.empty() ? fmt::format("Day {:.0f}", day) : fmt::format("{} (day {:.0f})", date, day);
  const double last = std::min(day + c.step_days - 1, static_cast<double>(c.horizon_days) - 1);
  return date.empty() ? fmt::format("Days {:.0f}-{:.0f}", day, last)
                      : fmt::format("Week from {} (days {:.0f}-{:.0f})", date, day, last);
}

std::string outcome_text(const Chronicle& c, const ChronicleOutcome& o) {
  if (!o.counted) return fmt::format("n/a (counted only if {})", o.given);
  if (o.kind == "when") {
    if (!o.happened) return "no";
    const std::string date = calendar_date(c.start, o.day);
    return date.empty() ? fmt::format("yes, on day {:.0f}", o.day) : fmt::format("yes, on day {:.0f} ({})", o.day, date);
  }
  if (o.kind == "count") return fmt::format("{:.0f} time{}", o.value, o.value == 1 ? "" : "s");
  if (!std::isfinite(o.value)) return "n/a";
  return fmt::format("{:.3g}", o.value);
}

}  // namespace

std::string format_chronicle(const Chronicle& c) {
  std::string out = fmt::format("{}{}\n", c.scenario, c.variant.empty() ? "" : " [variant: " + c.variant + "]");
  const std::string start = calendar_date(c.start, 0);
  const char* period = c.step_days == 1 ? "day" : c.step_days == 7 ? "week" : "step";
  out += wrap(fmt::format("Chronicle of run {} with seed {}: {} days{}, told {} by {} where something happened. "
                          "The same seed and run give the same story.",
                          c.run, c.seed, c.horizon_days, start.empty() ? "" : " from " + start, period, period),
              "", "");
  if (!c.drawn.empty()) {
    out += "\nNumbers drawn for this run from the scenario's uncertain values:\n";
    for (const auto& d : c.drawn)
      out += wrap(fmt::format("{} = {:.3g}{}", d.name, d.value, d.describe.empty() ? "" : " (" + d.describe + ")"), "  ",
                  "      ");
  }
  bool decisions = false;
  for (const auto& e : c.entries) decisions = decisions || e.kind == "honoured" || e.kind == "reneged";
  if (decisions)
    out += "\n" + wrap(fmt::format("A guarantor's reasons are the values its honour rule reads at the start of the {0}; "
                                   "'a -> b' gives the start and the end of the {0} for one that changed during it.",
                                   c.step_days == 1 ? "day" : c.step_days == 7 ? "week" : "step"),
                       "", "");
  if (c.entries.empty()) out += "\nNothing happened in this run: no event fired and no agreement was reached.\n";
  int step = -1;
  for (const auto& e : c.entries) {
    if (e.step != step) {
      step = e.step;
      out += "\n" + when(c, e.day) + "\n";
    }
    out += wrap(e.text, e.kind == "outcome" ? "  -> " : e.kind == "honoured" || e.kind == "reneged" ? "     - " : "  * ",
                e.kind == "honoured" || e.kind == "reneged" ? "       " : "    ");
  }
  const std::string end = calendar_date(c.start, c.horizon_days);
  out += fmt::format("\nHow this run ended (day {}{}):\n", c.horizon_days, end.empty() ? "" : ", " + end);
  std::size_t w = 0;
  for (const auto& o : c.outcomes) w = std::max(w, o.label.size());
  w = std::min<std::size_t>(w, 60);
  for (const auto& o : c.outcomes) out += fmt::format("  {:<{}}  {}\n", o.label, w, outcome_text(c, o));
  return out;
}

json chronicle_json(const Chronicle& c) {
  json drawn = json::array();
  for (const auto& d : c.drawn)
    drawn.push_back({{"name", d.name}, {"path", d.path}, {"value", std::isfinite(d.value) ? json(d.value) : json(nullptr)},
                     {"describe", d.describe}});
  json days = json::array();
  for (const auto& e : c.entries) {
    if (days.empty() || days.back()["step"] != e.step) {
      const std::string date = calendar_date(c.start, e.day);
      days.push_back({{"step", e.step}, {"day", e.day}, {"date", date.empty() ? json(nullptr) : json(date)}, {"entries", json::array()}});
    }
    json j = {{"kind", e.kind}, {"id", e.id}, {"actor", e.actor}, {"text", e.text}};
    for (auto it = e.data.begin(); it != e.data.end(); ++it) j[it.key()] = *it;
    days.back()["entries"].push_back(j);
  }
  json outcomes = json::object();
  for (const auto& o : c.outcomes) {
    json j = {{"label", o.label}, {"kind", o.kind}, {"happened", o.happened},
              {"value", std::isfinite(o.value) ? json(o.value) : json(nullptr)}, {"counted", o.counted}};
    if (!o.given.empty()) j["given"] = o.given;
    if (o.kind == "when") {
      j["day"] = o.happened ? json(o.day) : json(nullptr);
      const std::string date = o.happened ? calendar_date(c.start, o.day) : std::string();
      j["date"] = date.empty() ? json(nullptr) : json(date);
    }
    outcomes[o.id] = j;
  }
  return {{"command", "explain"},
          {"scenario", {{"name", c.scenario}, {"variant", c.variant}, {"start", c.start}, {"horizon_days", c.horizon_days},
                        {"step_days", c.step_days}}},
          {"settings", {{"seed", c.seed}, {"run", c.run}}},
          {"drawn", drawn},
          {"log_entries", c.log_entries},
          {"days", days},
          {"outcomes", outcomes}};
}

}  // namespace geosim
