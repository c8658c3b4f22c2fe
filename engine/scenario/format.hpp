// SPDX-License-Identifier: Apache-2.0
// The scenario format's key tables: the single source of truth that the structural checker,
// the reader's defaults and the JSON Schema generator all use, so they cannot drift apart.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace geosim::scenario {

/// @brief The shape a key's value must have.
enum class Type {
  String, Bool, Int, Date, Enum,
  Number,        ///< a fixed number (bounds, matrix entries): never a distribution
  Quantity,      ///< a number, or a distribution sampled once per run
  Expr,          ///< a number, a distribution, or expression text
  Id,            ///< a name defined elsewhere in the file
  IdList,        ///< one name or a list of names
  Effects,       ///< one effect statement or a list of them
  Object,        ///< a map checked against the object named in `ref`
  MapOf,         ///< a map from new names to objects named in `ref` (or to VarValue)
  ListOf,        ///< a list of objects named in `ref`
  StringMap,     ///< a map from names to text
  VarValue,      ///< a quantity, or a map with value/min/max/track/describe
  Members,       ///< a list of actors, or a map actor -> weight
  Triples,       ///< a list of [A, B, number]
  QuantityPair,  ///< [a, b]
  ExprPair,      ///< [expr, expr]
  Overrides,     ///< a map PATH -> value
};

/// @brief One key of an object.
struct Field {
  std::string key;
  Type type;
  std::string ref;      ///< Object/MapOf/ListOf: object name; Enum: choices joined by '|'
  bool required = false;
  double min = -1e300;  ///< range of a number (Quantity/Int/Expr when constant)
  double max = 1e300;
  std::string units;    ///< e.g. "per day", "probability", "days"
  std::string fallback; ///< the default, as shown in docs and the schema
  std::string doc;
};

/// @brief One object kind of the format (the root is named "scenario_file").
struct ObjectDef {
  std::string name;
  std::string doc;
  std::vector<Field> fields;
  const Field* field(std::string_view key) const;
  std::vector<std::string> keys() const;
};

/// @brief Every object kind, the root first.
const std::vector<ObjectDef>& objects();
/// @brief The object named `name`; asserts that it exists.
const ObjectDef& object(std::string_view name);

/// @brief Keys of which an object must have exactly one (e.g. an outcome's when/value/count),
/// or an empty list. The reader checks these with its own messages; the schema uses this list.
const std::vector<std::string>& exactly_one_of(std::string_view object);

/// @brief The kinds of commitment and their calibrated defaults.
struct CommitmentType {
  std::string name;
  double prior_honoured, prior_reneged;  ///< Beta prior pseudo-counts of the honour record
  double ceasefire_effect;               ///< breach hazard ratio when fully credible
  double bargaining_effect;              ///< share of the commitment problem it removes
  std::string basis;                     ///< source or "assumption"
};
const std::vector<CommitmentType>& commitment_types();

/// @brief Choices of an Enum field.
std::vector<std::string> enum_choices(const Field& f);

/// @brief True for [A-Za-z_][A-Za-z0-9_]*.
bool is_identifier(std::string_view s);

}  // namespace geosim::scenario
