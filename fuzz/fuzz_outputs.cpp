// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the command line's output files (engine/cli/output_file.cpp), as run,
// compare, sweep, sensitivity and explain drive them. The input builds a scratch folder (regular
// files, folders, FIFOs, links to files, dangling links, a copy of nothing), then opens up to
// four outputs on names in it (the same name twice, "./NAME", /dev/null, a missing folder), with
// or without --force, writes to them, may meddle while they are open (a FIFO or a file appears
// where an output goes, a target is removed), and commits them all or gives up. Afterwards:
//  - no temporary is left, whatever happened;
//  - nothing that is not a regular file was replaced or written through (FIFOs, folders and links
//    keep their kind and target; the file a link points to keeps its text; /dev/null stays);
//  - without --force no file that existed was changed;
//  - after a commit every output holds exactly what was written to it, and two outputs never
//    shared a file; after a failed commit no output this commit created is left;
//  - a commit that was refused or abandoned changed nothing (except what the input meddled).
// Any broken invariant aborts with a description.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/common.hpp"
#include "cli/output_file.hpp"

namespace fs = std::filesystem;
using geosim::cli::Failure;
using geosim::cli::OutputFile;
using geosim::cli::UsageError;

namespace {

struct Bytes {
  const std::uint8_t* p;
  std::size_t n, at = 0;
  std::uint8_t next() { return at < n ? p[at++] : 0; }
  bool more() const { return at < n; }
};

[[noreturn]] void broken(const std::string& what) {
  std::fprintf(stderr, "fuzz_outputs: invariant broken: %s\n", what.c_str());
  std::abort();
}

const fs::path& scratch() {
  static const fs::path dir = [] {
    char tmpl[] = "/tmp/geosim-fuzz-outputs-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) std::abort();
    static std::string made = tmpl;
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(made, ec);
    });
    return fs::path(tmpl);
  }();
  return dir;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_text(const fs::path& p, const std::string& t) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << t;
}

// What a name in the scratch folder is.
struct Entry {
  enum Kind { Absent, Regular, Folder, Fifo, LinkToFile, Dangling } kind = Absent;
  std::string text;  // Regular: its text
};

Entry::Kind kind_now(const fs::path& p) {
  struct stat st {};
  if (::lstat(p.c_str(), &st) != 0) return Entry::Absent;
  if (S_ISLNK(st.st_mode)) return ::access(p.c_str(), F_OK) == 0 ? Entry::LinkToFile : Entry::Dangling;
  if (S_ISDIR(st.st_mode)) return Entry::Folder;
  if (S_ISFIFO(st.st_mode)) return Entry::Fifo;
  if (S_ISREG(st.st_mode)) return Entry::Regular;
  return Entry::Absent;
}

constexpr int kNames = 5;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Bytes in{data, size};
  const fs::path dir = scratch();
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) fs::remove_all(e.path(), ec);
  const fs::path outside = dir / "outside";  // where links point: never to be written through
  fs::create_directory(outside, ec);
  write_text(outside / "target.txt", "outside");

  // The folder before any output.
  std::vector<Entry> before(kNames);
  for (int i = 0; i < kNames; ++i) {
    const fs::path p = dir / ("n" + std::to_string(i));
    Entry& e = before[static_cast<std::size_t>(i)];
    e.kind = static_cast<Entry::Kind>(in.next() % 6);
    switch (e.kind) {
      case Entry::Absent: break;
      case Entry::Regular:
        e.text = "old " + std::to_string(i);
        write_text(p, e.text);
        break;
      case Entry::Folder: fs::create_directory(p, ec); break;
      case Entry::Fifo: ::mkfifo(p.c_str(), 0600); break;
      case Entry::LinkToFile: fs::create_symlink(outside / "target.txt", p, ec); break;
      case Entry::Dangling: fs::create_symlink(outside / "nowhere", p, ec); break;
    }
  }

  // The outputs: a name, a spelling, --force, what is written.
  struct Planned {
    std::string path;
    int name = -1;  // index of the scratch name, or -1 (/dev/null, a missing folder)
    bool force = false;
    std::string text;
  };
  std::vector<Planned> plan(static_cast<std::size_t>(1 + in.next() % 4));
  const char* flags[] = {"--json", "--csv", "--report", "--json2"};
  for (auto& o : plan) {
    const std::uint8_t c = in.next();
    const int name = c % 8;
    if (name < kNames) {
      o.name = name;
      o.path = ((c & 0x80) ? (dir / "." / ("n" + std::to_string(name))) : (dir / ("n" + std::to_string(name)))).string();
    } else if (name == 5) {
      o.path = "/dev/null";
    } else if (name == 6) {
      o.path = (dir / "missing" / "x.json").string();
    } else {
      o.path = (dir / "n0" / "inside.json").string();  // inside n0 when it is a folder
    }
    o.force = (in.next() & 1) != 0;
    const std::size_t len = in.next() % 64;
    for (std::size_t k = 0; k < len; ++k) o.text += static_cast<char>('a' + in.next() % 26);
  }

  std::vector<std::optional<OutputFile>> outs(plan.size());
  std::vector<bool> refused(plan.size(), false);
  for (std::size_t i = 0; i < plan.size(); ++i) {
    try {
      outs[i].emplace(plan[i].path, plan[i].force, flags[i]);
    } catch (const UsageError&) {
      refused[i] = true;
    }
  }
  // Accepted outputs never share a file.
  for (std::size_t i = 0; i < plan.size(); ++i)
    for (std::size_t j = i + 1; j < plan.size(); ++j)
      if (!refused[i] && !refused[j] && plan[i].name >= 0 && plan[i].name == plan[j].name)
        broken("two outputs were accepted on one file: " + plan[i].path);

  int meddled = -1;  // the name another process wrote meanwhile, if any
  const std::uint8_t action = in.next();
  try {
    for (std::size_t i = 0; i < plan.size(); ++i)
      if (outs[i]) outs[i]->write(plan[i].text);
    // Meddling while the outputs are open, as another process might.
    const Planned& victim = plan[(action >> 3) % plan.size()];
    if ((action & 3) != 0 && victim.name >= 0) {
      const fs::path p = dir / ("n" + std::to_string(victim.name));
      if (kind_now(p) == Entry::Absent) {
        if ((action & 3) == 1) ::mkfifo(p.c_str(), 0600);
        else write_text(p, "another process");
        meddled = victim.name;
      }
    }
    bool committed = false;
    if ((action & 4) == 0) {
      try {
        geosim::cli::commit_outputs({&outs[0], outs.size() > 1 ? &outs[1] : nullptr, outs.size() > 2 ? &outs[2] : nullptr,
                                     outs.size() > 3 ? &outs[3] : nullptr});
        committed = true;
      } catch (const Failure&) {
      }
    }
    outs.clear();  // destructors: temporaries removed

    // No temporary left.
    for (const auto& e : fs::recursive_directory_iterator(dir, ec))
      if (e.path().filename().string().find(".tmp-") != std::string::npos) broken("a temporary was left: " + e.path().string());
    if (read_text(outside / "target.txt") != "outside") broken("a link was written through");
    if (fs::exists(outside / "nowhere")) broken("a dangling link was written through");
    struct stat st {};
    if (::stat("/dev/null", &st) != 0 || !S_ISCHR(st.st_mode)) broken("/dev/null was replaced");

    for (int i = 0; i < kNames; ++i) {
      const fs::path p = dir / ("n" + std::to_string(i));
      const Entry& b = before[static_cast<std::size_t>(i)];
      const Entry::Kind now = kind_now(p);
      // The accepted output that names this file, if any.
      const Planned* writer = nullptr;
      for (std::size_t k = 0; k < plan.size(); ++k)
        if (!refused[k] && plan[k].name == i) writer = &plan[k];
      if (b.kind != Entry::Regular && b.kind != Entry::Absent) {
        if (now != b.kind) broken("a special entry changed kind: " + p.string());
        continue;
      }
      if (i == meddled) continue;  // the meddling made it what it is
      if (b.kind == Entry::Regular && now != Entry::Regular) broken("a regular file disappeared: " + p.string());
      if (writer == nullptr) {
        if (now != b.kind || (b.kind == Entry::Regular && read_text(p) != b.text)) broken("an entry no output names changed: " + p.string());
        continue;
      }
      if (b.kind == Entry::Regular && !writer->force && read_text(p) != b.text)
        broken("an existing file was changed without --force: " + p.string());
      if (committed) {
        if (now != Entry::Regular || read_text(p) != writer->text) broken("a committed output does not hold its text: " + p.string());
      } else if (b.kind == Entry::Absent && now != Entry::Absent) {
        broken("an output not committed (or withdrawn) is left: " + p.string());
      } else if (b.kind == Entry::Regular && read_text(p) != b.text && read_text(p) != writer->text) {
        broken("a file holds neither its old text nor the new: " + p.string());
      }
    }
  } catch (const Failure&) {
    // A write failed (not expected in a scratch folder): nothing to check beyond the destructors.
  }
  return 0;
}
