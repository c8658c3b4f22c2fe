// SPDX-License-Identifier: Apache-2.0
#include "cli/output_file.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "cli/common.hpp"
#include "cli/signals.hpp"

namespace geosim::cli {

namespace {

std::string kind_of(mode_t m) {
  if (S_ISLNK(m)) return "a symbolic link";
  if (S_ISFIFO(m)) return "a FIFO (named pipe)";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISBLK(m)) return "a block device";
  if (S_ISSOCK(m)) return "a socket";
  if (S_ISDIR(m)) return "a directory";
  return "not a regular file";
}

// The outputs of this process not yet destroyed, so that two of them never write one file.
std::vector<const OutputFile*>& live_outputs() {
  static std::vector<const OutputFile*> live;
  return live;
}

bool is_dev_null(const struct stat& st) { return S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3); }

std::string space_fix(int err) {
  if (err == ENOSPC || err == EDQUOT) return "; free some disk space and run the command again";
  if (err == EROFS || err == EACCES || err == EPERM) return "; write to a folder you can write";
  return "";
}

}  // namespace

OutputFile::OutputFile(std::string path, bool force, const char* flag) : path_(std::move(path)), flag_(flag), force_(force) {
  if (path_ == "-") {
    kind_ = Kind::Stdout;
    f_ = stdout;
    for (const OutputFile* o : live_outputs()) check_distinct(*o, *this);
    live_outputs().push_back(this);
    return;
  }
  if (path_.empty()) throw UsageError{fmt::format("{} needs a file name; write {} FILE, or {} - for standard output", flag, flag, flag)};
  namespace fs = std::filesystem;
  struct stat st {};
  if (::lstat(path_.c_str(), &st) == 0) {
    if (is_dev_null(st)) {  // written nowhere: nothing to replace, no --force needed
      kind_ = Kind::Discard;
      return;
    }
    if (S_ISDIR(st.st_mode)) throw UsageError{fmt::format("{} '{}' is a directory; name a file", flag, path_)};
    if (S_ISLNK(st.st_mode))
      throw UsageError{fmt::format("{} '{}' is a symbolic link; geosim writes only regular files: name the file it "
                                   "points to, or remove the link",
                                   flag, path_)};
    if (!S_ISREG(st.st_mode))
      throw UsageError{fmt::format("{} '{}' is {}, not a regular file; name a regular file ('-' writes to standard "
                                   "output, /dev/null discards)",
                                   flag, path_, kind_of(st.st_mode))};
    if (!force) throw UsageError{fmt::format("{} '{}' already exists; pass --force to overwrite it", flag, path_)};
  } else if (errno != ENOENT) {
    throw UsageError{fmt::format("{} '{}' cannot be written: {}; check the path", flag, path_, std::strerror(errno))};
  }
  const fs::path target(path_);
  const fs::path dir = target.parent_path();
  struct stat dst {};
  if (::stat(dir.empty() ? "." : dir.c_str(), &dst) != 0 || !S_ISDIR(dst.st_mode))
    throw UsageError{fmt::format("{} '{}': folder '{}' does not exist; create it first, or name a file in an existing folder",
                                 flag, path_, dir.string())};
  dir_dev_ = dst.st_dev;
  dir_ino_ = dst.st_ino;
  name_ = target.filename().string();
  for (const OutputFile* o : live_outputs()) check_distinct(*o, *this);
  live_outputs().push_back(this);
  int fd = -1;
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    unsigned char r[4] = {};
    if (::getrandom(r, sizeof r, GRND_NONBLOCK) != static_cast<ssize_t>(sizeof r)) std::memset(r, attempt, sizeof r);
    temp_ = fmt::format("{}.tmp-{}-{:02x}{:02x}{:02x}{:02x}", path_, ::getpid(), r[0], r[1], r[2], r[3]);
    fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) {
    const int err = errno;
    temp_.clear();
    throw UsageError{fmt::format("{} '{}' cannot be written: {}{}", flag, path_, std::strerror(err),
                                 space_fix(err).empty() ? "; check the folder's permissions" : space_fix(err))};
  }
  signal_slot_ = remove_on_signal(temp_);
  f_ = ::fdopen(fd, "wb");
  if (f_ == nullptr) {
    ::close(fd);
    throw UsageError{fmt::format("{} '{}' cannot be written: {}; check the folder's permissions", flag, path_, std::strerror(errno))};
  }
}

OutputFile::~OutputFile() {
  auto& live = live_outputs();
  live.erase(std::remove(live.begin(), live.end(), this), live.end());
  if (f_ != nullptr && f_ != stdout) std::fclose(f_);
  if (!placed_ && !temp_.empty()) ::unlink(temp_.c_str());
  forget_on_signal(signal_slot_);
}

void OutputFile::write(const std::string& text) {
  if (kind_ == Kind::Discard) return;
  if (std::fwrite(text.data(), 1, text.size(), f_) != text.size()) {
    const int err = errno;
    throw Failure{fmt::format("writing '{}' failed: {}{}", path_, std::strerror(err), space_fix(err))};
  }
}

void OutputFile::finish() {
  if (finished_) return;
  finished_ = true;
  if (kind_ == Kind::Stdout) {
    if (std::fflush(stdout) != 0) throw Failure{fmt::format("writing to standard output failed: {}", std::strerror(errno))};
    return;
  }
  if (kind_ == Kind::Discard) return;
  bool ok = std::fflush(f_) == 0;
  int err = errno;
  if (std::fclose(f_) != 0 && ok) {
    ok = false;
    err = errno;
  }
  f_ = nullptr;
  if (!ok) throw Failure{fmt::format("writing '{}' failed: {}{}", path_, std::strerror(err), space_fix(err))};
}

void OutputFile::place() {
  finish();
  if (placed_) return;
  if (kind_ != Kind::File) {
    placed_ = true;
    return;
  }
  // What is at the target now (another process may have been busy while this one ran).
  struct stat st {};
  const bool exists = ::lstat(path_.c_str(), &st) == 0;
  if (exists && !S_ISREG(st.st_mode))
    throw Failure{fmt::format("'{}' became {} while geosim ran; it was left alone and nothing was written", path_,
                              kind_of(st.st_mode))};
  if (!force_) {
    // Never replaces: a file created meanwhile by another process wins, and this one says so.
    int rc = ::renameat2(AT_FDCWD, temp_.c_str(), AT_FDCWD, path_.c_str(), RENAME_NOREPLACE);
    if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {  // a file system without it: link() never replaces either
      rc = ::link(temp_.c_str(), path_.c_str());
      if (rc == 0) ::unlink(temp_.c_str());
    }
    if (rc != 0) {
      const int err = errno;
      if (err == EEXIST)
        throw Failure{fmt::format("'{}' was created by another process while geosim ran; it was not replaced (pass "
                                  "--force to overwrite it, or name another file)",
                                  path_)};
      throw Failure{fmt::format("writing '{}' failed: {}{}", path_, std::strerror(err), space_fix(err))};
    }
    created_ = true;
  } else if (::rename(temp_.c_str(), path_.c_str()) != 0) {
    const int err = errno;
    throw Failure{fmt::format("writing '{}' failed: {}{}", path_, std::strerror(err), space_fix(err))};
  } else {
    created_ = !exists;
  }
  placed_ = true;
  forget_on_signal(signal_slot_);
  signal_slot_ = -1;
}

void OutputFile::commit() {
  finish();
  place();
}

void OutputFile::withdraw() noexcept {
  if (placed_ && created_ && kind_ == Kind::File) ::unlink(path_.c_str());
}

void check_distinct(const OutputFile& a, const OutputFile& b) {
  bool same = false;
  if (a.kind_ == OutputFile::Kind::Stdout || b.kind_ == OutputFile::Kind::Stdout)
    same = a.kind_ == b.kind_;
  else if (a.kind_ == OutputFile::Kind::File && b.kind_ == OutputFile::Kind::File)
    same = a.dir_dev_ == b.dir_dev_ && a.dir_ino_ == b.dir_ino_ && a.name_ == b.name_;
  if (!same) return;
  if (a.kind_ == OutputFile::Kind::Stdout)
    throw UsageError{fmt::format("{} and {} both write to standard output ('-'); send one of them to a file", a.flag_, b.flag_)};
  throw UsageError{fmt::format("{} and {} name the same file '{}'; give each output its own file", a.flag_, b.flag_, b.path_)};
}

CommandOutputs::CommandOutputs(const std::string& json_path, const std::string& report_path,
                               const std::string& csv_path, bool force, bool here) {
  if (!here) return;
  if (!json_path.empty()) json.emplace(json_path, force, "--json");
  if (!report_path.empty()) report.emplace(report_path, force, "--report");
  if (!csv_path.empty()) csv.emplace(csv_path, force, "--csv");
}

void CommandOutputs::commit() { commit_outputs({&json, &csv, &report}); }

void commit_outputs(std::initializer_list<std::optional<OutputFile>*> outputs) {
  std::vector<OutputFile*> all;
  for (auto* o : outputs)
    if (o != nullptr && o->has_value()) all.push_back(&**o);
  for (OutputFile* o : all) o->finish();
  std::vector<OutputFile*> placed;
  try {
    for (int pass = 0; pass < 2; ++pass)
      for (OutputFile* o : all)
        if (o->force() == (pass == 1)) {
          o->place();
          placed.push_back(o);
        }
  } catch (...) {
    for (OutputFile* o : placed) o->withdraw();
    throw;
  }
}

}  // namespace geosim::cli
