// SPDX-License-Identifier: Apache-2.0
// The chronicle of one run: what happened, day by day, in plain language, with the numbers
// behind each step (chances, credibility, costs), ending with the run's outcomes. For teaching:
// a probability is convincing when one can read a run that produced it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "geosim/model.hpp"
#include "geosim/run.hpp"

namespace geosim {

struct Scenario;

/// @brief Something that happened on one step of a run, told in one or two sentences.
struct ChronicleEntry {
  /// "event", "agreement", "breach", "invoked", "honoured", "reneged" (one per log entry of the
  /// run), "decision" (a decision's choice, told when it differs from its last one), "battle" (the
  /// battles of a step and what both sides learnt from them), or
  /// "outcome" (a `when` outcome first held at the end of this step).
  std::string kind;
  int step = 0;
  double day = 0.0;             ///< day N of the run at the end of the step (day 1 begins at the start date), as `run` counts
  std::string id;               ///< event, commitment or outcome id; "" for agreement and breach
  std::string actor;            ///< id of the actor who acted (event owner, guarantor, mediator), or ""
  std::string text;             ///< plain language, with the scenario's own `describe:` text
  nlohmann::ordered_json data;  ///< the numbers behind the text (p, credibility, cost, ...)
};

/// @brief One outcome of the run.
struct ChronicleOutcome {
  std::string id, label, kind;  ///< kind: "when", "value" or "count"
  bool happened = false;
  double value = 0.0;           ///< when: 1/0; value: the value at the end; count: the count
  double day = -1;              ///< when: the first day it held, as `geosim run` reports it (its first_day); else -1
  bool counted = true;          ///< false: a conditional outcome whose `given` did not hold in this run
  std::string given;            ///< the condition of a conditional outcome, or ""
};

/// @brief A number drawn for this run from an uncertain value (parameter uncertainty).
struct ChronicleDraw {
  std::string name, path, describe;
  double value = 0.0;
};

/// @brief The negotiation over the days with no ceasefire in force: why talks did not succeed.
struct Talks {
  bool present = false;    ///< the scenario has a negotiation and the run had days with no ceasefire
  int days_without = 0;    ///< days with no ceasefire in force
  int days_closed = 0;     ///< of which the bargaining range was closed (width <= 0): no deal possible
  int days_open = 0;       ///< of which it was open: a deal both sides preferred to fighting existed
  double max_range = 0, mean_range = 0;  ///< its width on the open days
  bool screening = false;  ///< offers follow the screening rule: a deal needs an offer B accepts
  int offers_refused = 0;  ///< screening offers B refused (each one told as an "offer" entry)
  std::string party_a, party_b;  ///< the negotiation's parties, by name
};

/// @brief The whole story of one run. Deterministic in (model, seed, run).
struct Chronicle {
  std::string scenario, variant, start;
  std::uint64_t seed = 0, run = 0;
  int horizon_days = 0, step_days = 1;
  std::vector<ChronicleDraw> drawn;
  std::vector<ChronicleEntry> entries;  ///< in the order they happened; outcomes last in their step
  std::vector<ChronicleOutcome> outcomes;
  std::size_t log_entries = 0;          ///< entries of the run's log (each one is told in `entries`)
  Talks talks;
};

/// @brief Runs run `run` of `m` with its log and tells it. `s`, when given, adds texts the model
/// does not keep (the negotiation's issue, commitments' and parameters' describe texts).
/// `{NAME}` placeholders in describe texts (e.g. `{UKR.unity}`) show that value at the end of the
/// step; a trigger and a guarantor's reasons show the values read at the moment of the invocation
/// or decision (LogEntry::read).
Chronicle make_chronicle(const Model& m, std::uint64_t seed, std::uint64_t run, const Scenario* s = nullptr);

/// @brief Plain text for a terminal: header, drawn numbers, one block per step in which
/// something happened, then the outcomes. Lines are wrapped at 100 columns.
std::string format_chronicle(const Chronicle& c);

/// @brief The same chronicle as data ("command": "explain").
nlohmann::ordered_json chronicle_json(const Chronicle& c);

/// @brief A condition on one run: outcome number `outcome` happened (or, `happened` false, did
/// not); or, with `compare` set, its value (a value outcome's value, a count's count) compares so
/// with `threshold` ("donbas_ceded > 0.8").
struct RunCondition {
  std::size_t outcome = 0;
  bool happened = true;
  enum class Compare { None, Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual } compare = Compare::None;
  double threshold = 0.0;
};

/// @brief Whether outcome value `v` meets condition `c` (the outcome's `given` must hold too).
bool meets(const RunCondition& c, const OutcomeValue& v);

/// @brief The first run index in [from, from + limit) that meets every condition; nullopt when
/// there is none. A condition on a conditional outcome also requires that its `given` held (the
/// run counts for it). `tried`, when given, receives the number of runs simulated.
std::optional<std::uint64_t> find_run(const Model& m, std::uint64_t seed, const std::vector<RunCondition>& conditions,
                                      std::uint64_t from, std::uint64_t limit, std::uint64_t* tried = nullptr);

/// @brief The calendar date `days` after `start` (YYYY-MM-DD), e.g. "Tue 6 Jan 2026"; "" when
/// `start` is empty or not a valid date.
std::string calendar_date(std::string_view start, double days);

/// @brief `text` with each `{NAME}` replaced by `lookup(NAME)`, formatted as a short number;
/// placeholders that `lookup` does not know are left as written.
std::string expand_placeholders(std::string_view text,
                                const std::function<std::optional<double>(std::string_view)>& lookup);

/// @brief The possessive of a name for prose: "Germany's", "United States'".
std::string possessive(std::string_view name);

/// @brief The names inside `{...}` placeholders of `text`, in order.
std::vector<std::string> placeholder_names(std::string_view text);

}  // namespace geosim
