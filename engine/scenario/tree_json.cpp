// SPDX-License-Identifier: Apache-2.0
#include "scenario/tree_json.hpp"

#include <cstddef>
#include <string>

namespace geosim::scenario {

namespace {

using nlohmann::json;

json mark_json(SourceMark m) { return json::array({m.file, m.line, m.col}); }

const char* kind_key(Node::Kind k) {
  switch (k) {
    case Node::Kind::Null: return "null";
    case Node::Kind::Scalar: return "text";
    case Node::Kind::Map: return "map";
    case Node::Kind::Seq: return "list";
  }
  return "null";
}

bool read_mark(const json& j, SourceMark& m) {
  if (!j.is_array() || j.size() != 3) return false;
  for (const auto& x : j)
    if (!x.is_number_integer()) return false;
  m = {j[0].get<int>(), j[1].get<int>(), j[2].get<int>()};
  return true;
}

// Recursive descent with the same budgets as the YAML parser (tree.hpp's Limits).
struct Reader {
  const Limits& limits;
  std::size_t nodes = 0;

  bool read(const json& j, Node& out, int depth) {
    if (depth > limits.max_depth || ++nodes > limits.max_nodes || !j.is_object()) return false;
    const auto k = j.find("k");
    const auto at = j.find("at");
    if (k == j.end() || !k->is_string() || at == j.end() || !read_mark(*at, out.mark)) return false;
    const std::string kind = k->get<std::string>();
    if (kind == "null") {
      out.kind = Node::Kind::Null;
      return true;
    }
    if (kind == "text") {
      const auto t = j.find("t");
      if (t == j.end() || !t->is_string()) return false;
      out.kind = Node::Kind::Scalar;
      out.text = t->get<std::string>();
      const auto q = j.find("q");
      out.quoted = q != j.end() && q->is_boolean() && q->get<bool>();
      return true;
    }
    const auto items = j.find("items");
    if (items == j.end() || !items->is_array()) return false;
    if (kind == "map") {
      const auto keys = j.find("keys");
      const auto key_at = j.find("key_at");
      if (keys == j.end() || key_at == j.end() || !keys->is_array() || !key_at->is_array() ||
          keys->size() != items->size() || key_at->size() != items->size())
        return false;
      out.kind = Node::Kind::Map;
      for (std::size_t i = 0; i < items->size(); ++i) {
        SourceMark km;
        if (!(*keys)[i].is_string() || !read_mark((*key_at)[i], km)) return false;
        out.keys.push_back((*keys)[i].get<std::string>());
        out.key_marks.push_back(km);
      }
    } else if (kind == "list") {
      out.kind = Node::Kind::Seq;
    } else {
      return false;
    }
    out.items.resize(items->size());
    for (std::size_t i = 0; i < items->size(); ++i)
      if (!read((*items)[i], out.items[i], depth + 1)) return false;
    return true;
  }
};

}  // namespace

json tree_to_json(const Node& n) {
  json j = {{"k", kind_key(n.kind)}, {"at", mark_json(n.mark)}};
  switch (n.kind) {
    case Node::Kind::Null: break;
    case Node::Kind::Scalar:
      j["t"] = n.text;
      if (n.quoted) j["q"] = true;
      break;
    case Node::Kind::Map: {
      json at = json::array();
      for (const auto& m : n.key_marks) at.push_back(mark_json(m));
      j["keys"] = n.keys;
      j["key_at"] = std::move(at);
      [[fallthrough]];
    }
    case Node::Kind::Seq: {
      json items = json::array();
      for (const auto& item : n.items) items.push_back(tree_to_json(item));
      j["items"] = std::move(items);
      break;
    }
  }
  return j;
}

json sources_to_json(const Sources& sources) {
  json out = json::array();
  for (int i = 0; i < sources.size(); ++i) out.push_back({{"name", sources.name(i)}, {"text", sources.text(i)}});
  return out;
}

std::optional<Node> tree_from_json(const json& j, Diagnostics& d, const Limits& limits) {
  Reader r{limits};
  Node root;
  if (!r.read(j, root, 0)) {
    d.error({}, "the page's scenario is not a scenario tree written by 'geosim classroom'",
            "make the page again with geosim classroom SCENARIO.yaml -o PAGE.html");
    return std::nullopt;
  }
  return root;
}

bool sources_from_json(const json& j, Sources& out, Diagnostics& d) {
  bool ok = j.is_array();
  for (std::size_t i = 0; ok && i < j.size(); ++i) {
    const json& s = j[i];
    ok = s.is_object() && s.contains("name") && s["name"].is_string() && s.contains("text") && s["text"].is_string();
    if (ok) out.add(s["name"].get<std::string>(), s["text"].get<std::string>());
  }
  if (!ok)
    d.error({}, "the page's scenario sources are malformed", "make the page again with geosim classroom SCENARIO.yaml -o PAGE.html");
  return ok;
}

}  // namespace geosim::scenario
