// SPDX-License-Identifier: Apache-2.0
// The chronicle as text for a terminal and as JSON.
#include <cmath>
#include <iterator>

#include <algorithm>
#include <map>

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

// The block of the step that ends on day `day` (day N is the N-th day: its date is start + N - 1).
std::string when(const Chronicle& c, double day) {
  const double first = std::max(1.0, day - c.step_days + 1);
  const std::string date = calendar_date(c.start, first - 1);
  if (c.step_days == 1) return date.empty() ? fmt::format("Day {:.0f}", day) : fmt::format("{} (day {:.0f})", date, day);
  return date.empty() ? fmt::format("Days {:.0f}-{:.0f}", first, day)
                      : fmt::format("Week from {} (days {:.0f}-{:.0f})", date, first, day);
}

std::string outcome_text(const Chronicle& c, const ChronicleOutcome& o) {
  if (!o.counted) return fmt::format("n/a (counted only in runs where {})", o.given);
  if (o.kind == "when") {
    if (!o.happened) return "no";
    const std::string date = calendar_date(c.start, o.day - 1);
    return date.empty() ? fmt::format("yes, on day {:.0f}", o.day) : fmt::format("yes, on day {:.0f} ({})", o.day, date);
  }
  if (o.kind == "count") return fmt::format("{:.0f} time{}", o.value, o.value == 1 ? "" : "s");
  if (!std::isfinite(o.value)) return "n/a";
  return fmt::format("{:.3g}", o.value);
}

std::string talks_text(const Chronicle& c) {
  const Talks& k = c.talks;
  std::string text = fmt::format("Talks: {} day{} without a ceasefire in force.", k.days_without, k.days_without == 1 ? "" : "s");
  if (k.days_closed > 0)
    text += fmt::format(" On {} of them the bargaining range was closed: no deal existed that both sides preferred to "
                        "fighting (uncertainty and the fear of being exploited later outweighed the costs of war).",
                        k.days_closed);
  const std::string open = fmt::format(" On {} of them the range was open (on average {} wide, at most {}): a deal was possible",
                                       k.days_open, fmt::format("{:.2f}", k.mean_range), fmt::format("{:.2f}", k.max_range));
  if (k.days_open > 0 && !k.screening)
    text += open + ", and agreement comes by chance each day at the negotiation's rate.";
  if (k.days_open > 0 && k.screening && k.offers_refused == 0)
    text += open + fmt::format(", and {}'s offers come by chance at the negotiation's rate.", k.party_a);
  if (k.screening && k.offers_refused > 0)
    text += (k.days_open > 0 ? open + "." : std::string()) +
            fmt::format(" {} made {} offer{} that {} refused: each asked for more than {} would accept, a bet on what {} "
                        "did not know, {}'s cost of war.",
                        k.party_a, k.offers_refused, k.offers_refused == 1 ? "" : "s", k.party_b, k.party_b, k.party_a,
                        k.party_b);
  return text;
}

}  // namespace

std::string format_chronicle(const Chronicle& c) {
  std::string out = fmt::format("{}{}\n", c.scenario, c.variant.empty() ? "" : " [variant: " + c.variant + "]");
  const std::string start = calendar_date(c.start, 0);
  const char* period = c.step_days == 1 ? "day" : c.step_days == 7 ? "week" : "step";
  out += wrap(fmt::format("Chronicle of run {} with seed {}: {} days{}, told {} by {} where something happened. "
                          "Day 1 is the first day; days are numbered as geosim run reports them. The same seed and "
                          "run give the same story.",
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
    out += "\n" + wrap("A guarantor's reasons are the values its honour rule read when it decided, after whatever "
                       "happened earlier that day (an event, another guarantor's response).",
                       "", "");
  if (c.entries.empty()) out += "\nNothing happened in this run: no event fired and no agreement was reached.\n";
  // An event that fires again and again (and the ceasefire's incidents) is told once, where it
  // first fires, with how often and until when: the story keeps what changes (the JSON keeps
  // every entry).
  constexpr std::size_t kFold = 3;
  std::map<std::string, std::vector<const ChronicleEntry*>> fired;
  const auto folds = [](const ChronicleEntry& e) { return e.kind == "event" || e.kind == "incident"; };
  const auto key = [](const ChronicleEntry& e) { return e.kind == "incident" ? std::string("#incident") : e.id; };
  for (const auto& e : c.entries)
    if (folds(e)) fired[key(e)].push_back(&e);
  int step = -1;
  for (const auto& e : c.entries) {
    std::string text = e.text;
    if (folds(e) && fired[key(e)].size() >= kFold) {
      const auto& all = fired[key(e)];
      if (all.front() != &e) continue;
      const std::string last = calendar_date(c.start, all.back()->day - 1);
      const std::string step_word = c.step_days == 1 ? "day" : c.step_days == 7 ? "week" : "step";
      const std::string times = e.kind == "incident" ? fmt::format("Incidents happen in {} {}s", all.size(), step_word)
                                                     : fmt::format("It happens {} times", all.size());
      text += fmt::format(" {} in this run, the last on day {:.0f}{}; the repeats are not told one by one.", times,
                          all.back()->day, last.empty() ? "" : " (" + last + ")");
    }
    if (e.step != step) {
      step = e.step;
      out += "\n" + when(c, e.day) + "\n";
    }
    out += wrap(text, e.kind == "outcome" ? "  -> " : e.kind == "honoured" || e.kind == "reneged" ? "     - " : "  * ",
                e.kind == "honoured" || e.kind == "reneged" ? "       " : "    ");
  }
  if (c.talks.present) out += "\n" + wrap(talks_text(c), "", "");
  const std::string end = calendar_date(c.start, c.horizon_days - 1);
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
      const std::string date = calendar_date(c.start, std::max(0.0, e.day - c.step_days));  // the step's first date
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
      const std::string date = o.happened ? calendar_date(c.start, o.day - 1) : std::string();
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
          {"outcomes", outcomes},
          {"talks", c.talks.present ? json{{"days_without_ceasefire", c.talks.days_without}, {"days_range_closed", c.talks.days_closed},
                                           {"days_range_open", c.talks.days_open}, {"mean_open_range", c.talks.mean_range},
                                           {"max_range", c.talks.max_range}, {"offers_refused", c.talks.offers_refused}}
                                    : json(nullptr)}};
}

}  // namespace geosim
