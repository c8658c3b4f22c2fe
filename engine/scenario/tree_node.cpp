// SPDX-License-Identifier: Apache-2.0
// The tree's own operations, apart from the YAML parser (tree.cpp) so that a build without
// yaml-cpp (the browser's, web/) has them too.
#include "scenario/tree.hpp"

namespace geosim::scenario {

const Node* Node::find(std::string_view key) const {
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (keys[i] == key) return &items[i];
  return nullptr;
}

Node* Node::find(std::string_view key) {
  return const_cast<Node*>(static_cast<const Node*>(this)->find(key));
}

SourceMark Node::key_mark(std::string_view key) const {
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (keys[i] == key) return key_marks[i];
  return mark;
}

std::string_view kind_name(const Node& n) {
  switch (n.kind) {
    case Node::Kind::Null: return "empty";
    case Node::Kind::Scalar: return "a single value";
    case Node::Kind::Map: return "a map";
    case Node::Kind::Seq: return "a list";
  }
  return "?";
}

}  // namespace geosim::scenario
