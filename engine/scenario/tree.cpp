// SPDX-License-Identifier: Apache-2.0
#include "scenario/tree.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <system_error>
#include <filesystem>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace geosim::scenario {

namespace {

// yaml-cpp's parser recurses once per nesting level; a deep enough document overflows the stack
// before any exception. This scan bounds nesting before yaml-cpp sees the text. It over-counts
// rather than under-counts: flow brackets outside quotes and comments, indentation, and "- "
// chains all add depth.
bool nesting_within(std::string_view text, int max_depth, SourceMark& where, int file) {
  int flow = 0, line = 1, col = 0;
  bool in_single = false, in_double = false, comment = false, line_start = true;
  int indent = 0, dashes = 0;
  char prev = '\n';
  for (char c : text) {
    ++col;
    if (c == '\n') {
      ++line;
      col = 0;
      comment = false;
      line_start = true;
      indent = 0;
      dashes = 0;
      if (flow == 0) in_single = in_double = false;
      prev = c;
      continue;
    }
    if (line_start) {
      if (c == ' ') {
        ++indent;
        prev = c;
        continue;
      }
      if (c == '-' ) ++dashes;
      else if (c != ' ') line_start = false;
    }
    if (comment) continue;
    if (in_double) {
      if (c == '"' && prev != '\\') in_double = false;
    } else if (in_single) {
      if (c == '\'') in_single = false;
    } else if (c == '#' && (prev == ' ' || prev == '\t' || prev == '\n')) {
      comment = true;
    } else if (c == '"' && (prev == ' ' || prev == '[' || prev == '{' || prev == ',' || prev == ':' || prev == '\n')) {
      in_double = true;
    } else if (c == '\'' && (prev == ' ' || prev == '[' || prev == '{' || prev == ',' || prev == ':' || prev == '\n')) {
      in_single = true;
    } else if (c == '[' || c == '{') {
      ++flow;
    } else if ((c == ']' || c == '}') && flow > 0) {
      --flow;
    }
    int depth = flow + indent / 2 + dashes;
    if (depth > max_depth) {
      where = {file, line, col};
      return false;
    }
    prev = c;
  }
  return true;
}

// yaml-cpp reports an unclosed '[', '{' or quote where it gave up, often lines later. This finds
// the opener: the innermost bracket (or the quote) still open at the error's position.
std::optional<std::pair<SourceMark, char>> unclosed_opener(std::string_view text, int file, int stop_line, int stop_col) {
  std::vector<std::pair<SourceMark, char>> open;
  std::optional<std::pair<SourceMark, char>> quote;
  int line = 1, col = 0;
  bool comment = false;
  char prev = '\n';
  for (char c : text) {
    ++col;
    if (stop_line > 0 && (line > stop_line || (line == stop_line && col >= stop_col))) break;
    if (c == '\n') {
      ++line;
      col = 0;
      comment = false;
      prev = c;
      continue;
    }
    if (comment) continue;
    bool after_sep = prev == ' ' || prev == '\t' || prev == '[' || prev == '{' || prev == ',' || prev == ':' || prev == '\n';
    if (quote) {
      if (c == quote->second && (c == '\'' || prev != '\\')) quote.reset();
    } else if (c == '#' && (prev == ' ' || prev == '\t' || prev == '\n')) {
      comment = true;
    } else if ((c == '"' || c == '\'') && after_sep) {
      quote = std::pair{SourceMark{file, line, col}, c};
    } else if (c == '[' || c == '{') {
      open.emplace_back(SourceMark{file, line, col}, c);
    } else if ((c == ']' || c == '}') && !open.empty()) {
      open.pop_back();
    }
    prev = c;
  }
  if (quote) return quote;
  if (!open.empty()) return open.back();
  return std::nullopt;
}

struct Converter {
  int file;
  const Limits& limits;
  Diagnostics& diags;
  std::size_t nodes = 0;
  std::size_t text = 0;  ///< bytes of keys and scalars so far, aliases expanded
  bool failed = false;
  bool tagged = false;  ///< a value was read as a YAML tag (reported; the document is refused)
  std::string key_;     ///< the key of the value converted next, for messages

  SourceMark mark_of(const YAML::Mark& m) const {
    if (m.is_null()) return {file, 0, 0};
    return {file, m.line + 1, m.column + 1};
  }

  bool convert(const YAML::Node& in, Node& out, int depth) {
    if (failed) return false;
    if (++nodes > limits.max_nodes) {
      diags.error(mark_of(in.Mark()),
                  fmt::format("document expands to more than {} nodes (aliases included)", limits.max_nodes),
                  "remove repeated aliases (*name) or split the scenario");
      return failed = true, false;
    }
    if (depth > limits.max_depth) {
      diags.error(mark_of(in.Mark()),
                  fmt::format("nesting deeper than {} levels, or an alias that contains itself", limits.max_depth),
                  "flatten the structure");
      return failed = true, false;
    }
    out.mark = mark_of(in.Mark());
    const std::string of_key = std::move(key_);
    key_.clear();
    // Scenarios use no YAML tags, so a local tag ('!name') is an unquoted value that starts
    // with '!', such as an expression `!ceasefire.in_force`, which YAML reads as a tag.
    if (const std::string& tag = in.Tag(); tag.size() > 1 && tag[0] == '!' && tag[1] != '!') {
      std::string value = tag;
      if (in.IsScalar() && !in.Scalar().empty()) value += " " + in.Scalar();
      diags.error(out.mark,
                  fmt::format("'!' starts a YAML tag, so {} is read as a tag, not as an expression", of_key.empty() ? "this value" : fmt::format("the value of '{}'", of_key)),
                  fmt::format("quote the expression: {}\"{}\"", of_key.empty() ? "" : of_key + ": ", value));
      tagged = true;
      out.kind = Node::Kind::Null;
      return true;
    }
    switch (in.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out.kind = Node::Kind::Null;
        return true;
      case YAML::NodeType::Scalar:
        // An alias copies its anchor's text: a long value aliased many times would need
        // gigabytes even within the node budget.
        if ((text += in.Scalar().size()) > limits.max_text) {
          diags.error(mark_of(in.Mark()),
                      fmt::format("document expands to more than {} bytes of text (aliases included)", limits.max_text),
                      "remove repeated aliases (*name) of long values");
          return failed = true, false;
        }
        out.kind = Node::Kind::Scalar;
        out.text = in.Scalar();
        out.quoted = in.Tag() == "!";
        return true;
      case YAML::NodeType::Sequence:
        out.kind = Node::Kind::Seq;
        out.items.reserve(in.size());
        for (const auto& item : in) {
          out.items.emplace_back();
          if (!convert(item, out.items.back(), depth + 1)) return false;
        }
        return true;
      case YAML::NodeType::Map:
        out.kind = Node::Kind::Map;
        // Duplicate keys are found through a hash index: a linear search per key would make a
        // map of a few hundred thousand keys take minutes.
        std::unordered_map<std::string, std::size_t> index;
        for (const auto& kv : in) {
          SourceMark km = mark_of(kv.first.Mark());
          if (!kv.first.IsScalar()) {
            diags.error(km, "a map key must be a plain name", "write the key as text, e.g. 'name:'");
            continue;
          }
          std::string key = kv.first.Scalar();
          if ((text += key.size()) > limits.max_text) {
            diags.error(km, fmt::format("document expands to more than {} bytes of text (aliases included)", limits.max_text),
                        "remove repeated aliases (*name) of long values");
            return failed = true, false;
          }
          if (auto dup = index.find(key); dup != index.end()) {
            SourceMark first = out.key_marks[dup->second];
            diags.error(km, fmt::format("duplicate key '{}' (first at line {})", key, first.line),
                        "remove one of them");
            continue;
          }
          index.emplace(key, out.keys.size());
          out.keys.push_back(key);
          out.key_marks.push_back(km);
          out.items.emplace_back();
          key_ = key;
          if (!convert(kv.second, out.items.back(), depth + 1)) return false;
          // yaml-cpp marks an empty value (`rate:`) where the next token starts, often on a later
          // line; the key is where the reader looks for it.
          if (out.items.back().is_null()) out.items.back().mark = km;
        }
        return true;
    }
    return true;
  }
};

}  // namespace

std::optional<Node> parse_yaml(const Sources& sources, int file, Diagnostics& diags, const Limits& limits) {
  const std::string& text = sources.text(file);
  if (text.size() > limits.max_bytes) {
    diags.error({file, 1, 1},
                fmt::format("file is {} bytes, over the limit of {} bytes", text.size(), limits.max_bytes),
                "scenario files are small text files; check that this is the right file");
    return std::nullopt;
  }
  if (std::size_t nul = text.find('\0'); nul != std::string::npos) {
    int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(nul), '\n'));
    std::size_t line_start = nul == 0 ? 0 : text.rfind('\n', nul - 1);
    line_start = line_start == std::string::npos ? 0 : line_start + 1;
    int col = 1 + static_cast<int>(nul - line_start);
    diags.error({file, line, col}, "file contains a NUL byte: it is binary, not a YAML scenario",
                "pass a scenario .yaml file");
    return std::nullopt;
  }
  SourceMark deep;
  if (!nesting_within(text, limits.max_depth, deep, file)) {
    diags.error(deep, fmt::format("nesting deeper than {} levels", limits.max_depth), "flatten the structure");
    return std::nullopt;
  }
  YAML::Node doc;
  try {
    doc = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    SourceMark m{file, e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1};
    if (e.msg == YAML::ErrorMsg::END_OF_SEQ_FLOW || e.msg == YAML::ErrorMsg::END_OF_MAP_FLOW) {
      if (auto opener = unclosed_opener(text, file, m.line, m.col)) {
        auto [where, c] = *opener;
        std::string closer = c == '[' ? "]" : c == '{' ? "}" : std::string(1, c);
        diags.error(where,
                    fmt::format("invalid YAML: this {} is never closed (the parser reached line {} looking for its end)",
                                c == '[' || c == '{' ? fmt::format("'{}'", c) : std::string("quote"), m.line),
                    fmt::format("add the closing '{}'", closer));
        return std::nullopt;
      }
    }
    diags.error(m, fmt::format("invalid YAML: {}", e.msg), "fix the syntax at this place");
    return std::nullopt;
  } catch (const std::exception& e) {
    diags.error({file, 0, 0}, fmt::format("invalid YAML: {}", e.what()), "fix the file's syntax");
    return std::nullopt;
  }
  Node root;
  Converter conv{file, limits, diags, 0, 0, false, false, {}};
  try {
    if (!conv.convert(doc, root, 0) || conv.tagged) return std::nullopt;
  } catch (const std::exception& e) {
    diags.error({file, 0, 0}, fmt::format("invalid YAML: {}", e.what()), "fix the file's syntax");
    return std::nullopt;
  }
  return root;
}

namespace {

// Standard input is read once and kept: a command may load its scenario several times (`check`
// loads every variant, `sweep` every point). One byte beyond the limit is read so an oversized
// stream is refused like an oversized file.
std::optional<std::string> g_stdin;
bool g_stdin_read = false;

const std::optional<std::string>& stdin_text(std::size_t max_bytes) {
  std::optional<std::string>& text = g_stdin;
  bool& read = g_stdin_read;
  if (!read) {
    read = true;
    std::string buf;
    char chunk[65536];
    std::size_t n;
    while (buf.size() <= max_bytes && (n = std::fread(chunk, 1, sizeof chunk, stdin)) > 0) buf.append(chunk, n);
    if (!std::ferror(stdin)) text = std::move(buf);
  }
  return text;
}

}  // namespace

const std::string& stdin_scenario_text() {
  static const std::string none;
  return g_stdin ? *g_stdin : none;
}

std::optional<Node> load_yaml_file(const std::string& path, Sources& sources, Diagnostics& diags,
                                   SourceMark from, const Limits& limits) {
  if (path == kStdinPath) {
    const auto& text = stdin_text(limits.max_bytes);
    if (!text) {
      diags.error(from, "cannot read the scenario from standard input", "pipe a scenario into geosim, e.g. geosim check - < FILE.yaml");
      return std::nullopt;
    }
    if (text->size() > limits.max_bytes) {
      if (from.file < 0) from = {sources.add(std::string(kStdinName), {}), 1, 1};
      diags.error(from, fmt::format("standard input is over the limit of {} bytes", limits.max_bytes),
                  "scenario files are small text files; check what is piped in");
      return std::nullopt;
    }
    int file = sources.add(std::string(kStdinName), *text);
    return parse_yaml(sources, file, diags, limits);
  }
  // Only a regular file is read: a FIFO would block for ever and a device (/dev/zero) never
  // ends. Checked before opening (opening some devices does something), and again on the open
  // file (the path may have changed meanwhile); the size limit holds while reading too (a file
  // may grow, and /proc files report no size).
  const auto refuse_kind = [&](mode_t mode) {
    if (S_ISDIR(mode)) {
      diags.error(from, fmt::format("'{}' is a directory, not a scenario file", path), "name a .yaml file inside it");
      return true;
    }
    if (S_ISREG(mode)) return false;
    const char* kind = S_ISFIFO(mode) ? "a FIFO (named pipe)" : S_ISCHR(mode) || S_ISBLK(mode) ? "a device" : S_ISSOCK(mode) ? "a socket" : "not a regular file";
    diags.error(from, fmt::format("'{}' is {}, not a scenario file", path, kind),
                "name a scenario .yaml file; to read a stream, pipe it into geosim and name the file '-'");
    return true;
  };
  const auto too_large = [&](const std::string& size) {
    // Refused before reading (or as soon as the limit is passed). Named by another file
    // (extends): point there; otherwise at the file itself, registered without its text so the
    // message still reads FILE:1:1.
    if (from.file < 0) from = {sources.add(path, {}), 1, 1};
    diags.error(from, fmt::format("'{}' is {} bytes, over the limit of {} bytes", path, size, limits.max_bytes),
                "scenario files are small text files; check that this is the right file");
  };
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == EACCES)
      diags.error(from, fmt::format("cannot read '{}'", path), "check the file's permissions");
    else
      diags.error(from, fmt::format("cannot open '{}': no such file", path), "check the path");
    return std::nullopt;
  }
  if (refuse_kind(st.st_mode)) return std::nullopt;
  if (static_cast<std::uintmax_t>(st.st_size) > limits.max_bytes) {
    too_large(std::to_string(st.st_size));
    return std::nullopt;
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    diags.error(from, fmt::format("cannot read '{}'", path), "check the file's permissions");
    return std::nullopt;
  }
  struct Close {
    int fd;
    ~Close() { ::close(fd); }
  } close_fd{fd};
  if (::fstat(fd, &st) != 0 || refuse_kind(st.st_mode)) {
    if (diags.ok()) diags.error(from, fmt::format("cannot read '{}'", path), "check the file's permissions");
    return std::nullopt;
  }
  std::string text;
  char chunk[65536];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      diags.error(from, fmt::format("cannot read '{}': {}", path, std::strerror(errno)), "check the file and its disk");
      return std::nullopt;
    }
    if (n == 0) break;
    text.append(chunk, static_cast<std::size_t>(n));
    if (text.size() > limits.max_bytes) {
      too_large(fmt::format("more than {}", limits.max_bytes));
      return std::nullopt;
    }
  }
  int file = sources.add(path, std::move(text));
  return parse_yaml(sources, file, diags, limits);
}

}  // namespace geosim::scenario
