// SPDX-License-Identifier: Apache-2.0
// JSON Schema of the scenario format, generated from the same key tables the loader reads with.
#include <nlohmann/json.hpp>

#include "geosim/scenario.hpp"
#include "scenario/format.hpp"

namespace geosim {

namespace {

using nlohmann::json;
using scenario::Field;
using scenario::Type;

const char* kIdPattern = "^[A-Za-z_][A-Za-z0-9_]{0,63}$";

// Two families of object definitions. Complete ones describe a file without `extends`. Overlays
// (NAME_overlay) describe a file that `extends` a base: it is merged into the base key by key, so
// any key of an object may be left out; keys, types and ranges are checked as usual. Lists are
// not merged but replace the base's list, so list items are always complete.
constexpr const char* kOverlay = "_overlay";

json ref(const std::string& name, bool overlay = false) {
  return {{"$ref", "#/$defs/" + name + (overlay ? kOverlay : "")}};
}

json number_in(const Field& f) {
  json n = {{"type", "number"}};
  if (f.min > -1e299) n["minimum"] = f.min;
  if (f.max < 1e299) n["maximum"] = f.max;
  return n;
}

json field_schema(const Field& f, bool overlay) {
  json s;
  switch (f.type) {
    case Type::String: s = {{"type", "string"}}; break;
    case Type::Bool: s = {{"type", "boolean"}}; break;
    case Type::Int: s = {{"type", "integer"}}; if (f.min > -1e299) s["minimum"] = f.min; if (f.max < 1e299) s["maximum"] = f.max; break;
    case Type::Date: s = {{"type", "string"}, {"pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}}; break;
    case Type::Enum: s = {{"enum", scenario::enum_choices(f)}}; break;
    case Type::Number: s = number_in(f); break;
    case Type::Quantity: s = {{"anyOf", {number_in(f), ref("distribution")}}}; break;
    case Type::Expr: s = {{"anyOf", {number_in(f), {{"type", "boolean"}}, ref("expression"), ref("distribution")}}}; break;
    case Type::Id: s = {{"type", "string"}, {"pattern", kIdPattern}}; break;
    case Type::IdList:
      s = {{"anyOf", {{{"type", "string"}, {"pattern", kIdPattern}},
                      {{"type", "array"}, {"items", {{"type", "string"}, {"pattern", kIdPattern}}}}}}};
      break;
    case Type::Effects: s = {{"anyOf", {ref("effect"), {{"type", "array"}, {"items", ref("effect")}}}}}; break;
    case Type::Object: s = ref(f.ref, overlay); break;
    case Type::MapOf: {
      // Variables and parameters may also be written as a bare number or distribution.
      std::string item = f.ref == "VarValue" ? "variable_value" : f.ref == "parameter" ? "parameter_value" : f.ref;
      s = {{"type", "object"}, {"propertyNames", {{"pattern", kIdPattern}}}, {"additionalProperties", ref(item, overlay)}};
      if (f.required && !overlay) s["minProperties"] = 1;  // a required section needs an entry
      if (f.max < 1e299) s["maxProperties"] = f.max;        // e.g. at most five classroom levers
      break;
    }
    case Type::ListOf: s = {{"type", "array"}, {"items", ref(f.ref)}}; break;
    case Type::StringMap: s = {{"type", "object"}, {"additionalProperties", {{"type", "string"}}}}; break;
    case Type::VarValue: s = ref("variable_value", overlay); break;
    case Type::Members:
      s = {{"anyOf", {{{"type", "array"}, {"minItems", 1}, {"items", {{"type", "string"}, {"pattern", kIdPattern}}}},
                      {{"type", "object"}, {"minProperties", 1}, {"additionalProperties", {{"type", "number"}, {"exclusiveMinimum", 0}}}}}}};
      break;
    case Type::Triples:
      s = {{"type", "array"},
           {"items", {{"type", "array"}, {"prefixItems", {{{"type", "string"}}, {{"type", "string"}}, {{"type", "number"}}}},
                      {"minItems", 3}, {"maxItems", 3}}}};
      break;
    case Type::QuantityPair:
      s = {{"type", "array"}, {"items", {{"anyOf", {{{"type", "number"}}, ref("distribution")}}}}, {"minItems", 2}, {"maxItems", 2}};
      break;
    case Type::ExprPair:
      s = {{"type", "array"}, {"items", {{"anyOf", {{{"type", "number"}}, ref("expression"), ref("distribution")}}}},
           {"minItems", 2}, {"maxItems", 2}};
      break;
    case Type::Overrides: s = {{"type", "object"}}; break;
  }
  std::string desc = f.doc;
  if (!f.units.empty()) desc += " Units: " + f.units + ".";
  if (!f.fallback.empty()) desc += " Default: " + f.fallback + ".";
  s["description"] = desc;
  return s;
}

json object_schema(const scenario::ObjectDef& def, bool overlay) {
  json props = json::object();
  json required = json::array();
  for (const auto& f : def.fields) {
    props[f.key] = field_schema(f, overlay);
    if (f.required) required.push_back(f.key);
  }
  json o = {{"type", "object"}, {"description", def.doc}, {"properties", props}, {"additionalProperties", false}};
  if (overlay) return o;
  if (!required.empty()) o["required"] = required;
  if (const auto& one = scenario::exactly_one_of(def.name); !one.empty()) {
    json choices = json::array();
    for (const auto& k : one) choices.push_back({{"required", {k}}});
    o["oneOf"] = choices;
  }
  return o;
}

json distribution_schema() {
  // Spreads and beta pseudo-counts must be positive, a beta mean inside (0, 1); orderings such as
  // lo < hi are beyond JSON Schema and left to the loader.
  json num = {{"type", "number"}};
  json pos = {{"type", "number"}, {"exclusiveMinimum", 0}};
  json share = {{"type", "number"}, {"exclusiveMinimum", 0}, {"exclusiveMaximum", 1}};
  auto list = [](std::vector<json> items) {
    std::size_t n = items.size();
    return json{{"type", "array"}, {"prefixItems", std::move(items)}, {"minItems", n}, {"maxItems", n}};
  };
  auto obj = [](std::vector<std::pair<std::string, json>> keys) {
    json props = json::object();
    json required = json::array();
    for (auto& [k, v] : keys) {
      props[k] = v;
      required.push_back(k);
    }
    return json{{"type", "object"}, {"properties", props}, {"required", required}, {"additionalProperties", false}};
  };
  auto one = [](const char* name, json body) {
    return json{{"type", "object"}, {"properties", {{name, body}}}, {"required", {name}}, {"additionalProperties", false}};
  };
  return {{"description", "A distribution sampled once per run (parameter uncertainty)."},
          {"oneOf",
           {one("normal", {{"anyOf", {list({num, pos}), obj({{"mean", num}, {"sd", pos}})}}}),
            one("lognormal", {{"anyOf", {list({num, pos}), obj({{"mu", num}, {"sigma", pos}})}}}),
            one("beta", {{"anyOf", {list({pos, pos}), obj({{"alpha", pos}, {"beta", pos}}), obj({{"mean", share}, {"sd", pos}})}}}),
            one("uniform", {{"anyOf", {list({num, num}), obj({{"lo", num}, {"hi", num}})}}}),
            one("triangular", {{"anyOf", {list({num, num, num}), obj({{"lo", num}, {"mode", num}, {"hi", num}})}}})}}};
}

}  // namespace

std::string scenario_json_schema() {
  json defs = json::object();
  for (const auto& def : scenario::objects()) {
    defs[def.name] = object_schema(def, false);
    defs[def.name + kOverlay] = object_schema(def, true);
  }
  defs["distribution"] = distribution_schema();
  defs["expression"] = {{"type", "string"}, {"minLength", 1}, {"maxLength", 4096}, {"pattern", "\\S"},
                        {"description", "An expression over the state, e.g. \"0.05 * RUS.resolve * (1 - UKR.air_defence)\"."}};
  defs["effect"] = {{"type", "string"}, {"pattern", "^\\s*[A-Za-z_][A-Za-z0-9_.]*\\s*([-+*/]?=)[^=]"},
                    {"description", "An effect statement: TARGET = | += | -= | *= | /= EXPRESSION."}};
  for (bool overlay : {false, true}) {
    std::string suffix = overlay ? kOverlay : "";
    defs["variable_value" + suffix] = {
        {"description", "A variable: its initial value as a number or distribution, or {value, min, max, track, describe}."},
        {"anyOf", {{{"type", "number"}}, ref("distribution"), ref("variable", overlay)}}};
    defs["parameter_value" + suffix] = {
        {"description", "A parameter: a number, a distribution, or {value, describe}."},
        {"anyOf", {{{"type", "number"}}, ref("distribution"), ref("parameter", overlay)}}};
  }
  // A file with `extends` is an overlay of its base; only such a file may have `set`.
  json root = {{"if", {{"type", "object"}, {"required", {"extends"}}}},
               {"then", ref("scenario_file", true)},
               {"else", {{"allOf", {ref("scenario_file"), {{"not", {{"required", {"set"}}}}}}}}}};
  root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  root["$id"] = "https://geosim.invalid/schema/scenario-v1.json";
  root["title"] = "geosim scenario, format version 1";
  root["$defs"] = defs;
  return root.dump(2) + "\n";
}

}  // namespace geosim
