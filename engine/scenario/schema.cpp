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

json ref(const std::string& name) { return {{"$ref", "#/$defs/" + name}}; }

json number_in(const Field& f) {
  json n = {{"type", "number"}};
  if (f.min > -1e299) n["minimum"] = f.min;
  if (f.max < 1e299) n["maximum"] = f.max;
  return n;
}

json field_schema(const Field& f) {
  json s;
  switch (f.type) {
    case Type::String: s = {{"type", "string"}}; break;
    case Type::Bool: s = {{"type", "boolean"}}; break;
    case Type::Int: s = {{"type", "integer"}}; if (f.min > -1e299) s["minimum"] = f.min; if (f.max < 1e299) s["maximum"] = f.max; break;
    case Type::Date: s = {{"type", "string"}, {"pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}}; break;
    case Type::Enum: s = {{"enum", scenario::enum_choices(f)}}; break;
    case Type::Quantity: s = {{"anyOf", {number_in(f), ref("distribution")}}}; break;
    case Type::Expr: s = {{"anyOf", {number_in(f), {{"type", "boolean"}}, ref("expression"), ref("distribution")}}}; break;
    case Type::Id: s = {{"type", "string"}, {"pattern", kIdPattern}}; break;
    case Type::IdList:
      s = {{"anyOf", {{{"type", "string"}, {"pattern", kIdPattern}},
                      {{"type", "array"}, {"items", {{"type", "string"}, {"pattern", kIdPattern}}}}}}};
      break;
    case Type::Effects: s = {{"anyOf", {ref("effect"), {{"type", "array"}, {"items", ref("effect")}}}}}; break;
    case Type::Object: s = ref(f.ref); break;
    case Type::MapOf:
      s = {{"type", "object"},
           {"propertyNames", {{"pattern", kIdPattern}}},
           {"additionalProperties", f.ref == "VarValue" ? ref("variable_value") : ref(f.ref)}};
      break;
    case Type::ListOf: s = {{"type", "array"}, {"items", ref(f.ref)}}; break;
    case Type::StringMap: s = {{"type", "object"}, {"additionalProperties", {{"type", "string"}}}}; break;
    case Type::VarValue: s = ref("variable_value"); break;
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

json distribution_schema() {
  json two = {{"type", "array"}, {"items", {{"type", "number"}}}, {"minItems", 2}, {"maxItems", 2}};
  json three = {{"type", "array"}, {"items", {{"type", "number"}}}, {"minItems", 3}, {"maxItems", 3}};
  auto obj = [](std::initializer_list<const char*> keys) {
    json props = json::object();
    json required = json::array();
    for (const char* k : keys) {
      props[k] = {{"type", "number"}};
      required.push_back(k);
    }
    return json{{"type", "object"}, {"properties", props}, {"required", required}, {"additionalProperties", false}};
  };
  auto one = [](const char* name, json body) {
    return json{{"type", "object"}, {"properties", {{name, body}}}, {"required", {name}}, {"additionalProperties", false}};
  };
  return {{"description", "A distribution sampled once per run (parameter uncertainty)."},
          {"oneOf",
           {one("normal", {{"anyOf", {two, obj({"mean", "sd"})}}}), one("lognormal", {{"anyOf", {two, obj({"mu", "sigma"})}}}),
            one("beta", {{"anyOf", {two, obj({"alpha", "beta"}), obj({"mean", "sd"})}}}),
            one("uniform", {{"anyOf", {two, obj({"lo", "hi"})}}}), one("triangular", {{"anyOf", {three, obj({"lo", "mode", "hi"})}}})}}};
}

}  // namespace

std::string scenario_json_schema() {
  json defs = json::object();
  for (const auto& def : scenario::objects()) {
    json props = json::object();
    json required = json::array();
    for (const auto& f : def.fields) {
      props[f.key] = field_schema(f);
      if (f.required) required.push_back(f.key);
    }
    json o = {{"type", "object"}, {"description", def.doc}, {"properties", props}, {"additionalProperties", false}};
    if (!required.empty()) o["required"] = required;
    defs[def.name] = o;
  }
  defs["distribution"] = distribution_schema();
  defs["expression"] = {{"type", "string"}, {"minLength", 1}, {"maxLength", 4096},
                        {"description", "An expression over the state, e.g. \"0.05 * RUS.resolve * (1 - UKR.air_defence)\"."}};
  defs["effect"] = {{"type", "string"}, {"pattern", "^\\s*[A-Za-z_][A-Za-z0-9_.]*\\s*([-+*/]?=)[^=]"},
                    {"description", "An effect statement: TARGET = | += | -= | *= | /= EXPRESSION."}};
  defs["variable_value"] = {{"anyOf", {{{"type", "number"}}, ref("distribution"), ref("variable")}}};
  json root = ref("scenario_file");
  root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  root["$id"] = "https://geosim.invalid/schema/scenario-v1.json";
  root["title"] = "geosim scenario, format version 1";
  root["$defs"] = defs;
  return root.dump(2) + "\n";
}

}  // namespace geosim
