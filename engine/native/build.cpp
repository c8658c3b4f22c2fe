// SPDX-License-Identifier: Apache-2.0
// Native code: generate the source, compile it once into a per-user cache, verify it, load it.
//
// Trust (docs/errors.md, "Threat model"): only this user may write the cache. The cache folder is
// created 0700 and refused (the model stays interpreted, with a reason) when it is a symbolic
// link, is not owned by this user, or is writable by others, or when a folder above it can be
// rewritten by others; so is an entry that is a link, not a regular file, not ours or writable by
// others. Every library carries a keyed hash (HMAC-SHA256 under a random key kept 0600 in the
// cache) appended after its ELF image by the process that built it; a library whose hash does
// not verify is never loaded (it is rebuilt). The verified bytes are the bytes loaded: the file
// is opened once, without following links, hashed, and dlopen()ed through /proc/self/fd.
//
// The key of a library is the SHA-256 of its source, the compiler flags and the compiler's
// identity (resolved path, file identity and `--version` output). The compiler runs as a child
// process (posix_spawn, no shell) in its own process group, with a fixed environment (PATH, the
// C locale, TMPDIR in a private build folder, nothing of geosim's environment), a time limit,
// and is killed when the limit passes or the job is cancelled. It writes into a private folder
// (mkdtemp) inside the cache; the library appears under its key only by rename, so concurrent
// processes (parallel tests, MPI ranks) never load a half-written library.
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/mman.h>

#include "geosim/native.hpp"
#include "native/generate.hpp"
#include "native/library.hpp"

namespace geosim {

namespace fs = std::filesystem;

namespace native {

Library::~Library() {
  if (handle != nullptr) dlclose(handle);
  if (fd >= 0) ::close(fd);
}

}  // namespace native

namespace {

#ifndef GEOSIM_NATIVE_CXX
#define GEOSIM_NATIVE_CXX "c++"
#endif

// The process group of the compiler running now (0: none), for native_abort_builds().
std::atomic<pid_t> g_compiler_group{0};

constexpr std::size_t kSecretBytes = 32;
constexpr std::size_t kMacBytes = 32;
// The trailer appended after a library's ELF image: the HMAC, then this tag.
constexpr char kTrailerTag[16] = {'g', 'e', 'o', 's', 'i', 'm', '-', 'n', 'a', 't', 'i', 'v', 'e', '-', 'v', '1'};
constexpr std::size_t kTrailerBytes = kMacBytes + sizeof kTrailerTag;
constexpr std::size_t kMaxLibraryBytes = std::size_t{1} << 30;

const std::vector<std::string>& compile_flags() {
  static const std::vector<std::string> flags = {"-std=c++20", "-O2", "-fPIC", "-shared", "-ffp-contract=off",
                                                 "-fno-fast-math", "-w"};
  return flags;
}

std::string hex(const unsigned char* md, std::size_t len) {
  std::string out;
  for (std::size_t i = 0; i < len; ++i) out += fmt::format("{:02x}", md[i]);
  return out;
}

std::string sha256_hex(const std::string& text) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(text.data(), text.size(), md, &len, EVP_sha256(), nullptr);
  return hex(md, len);
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? std::string(v) : std::string();
}

// A failure with what went wrong and how to fix it.
struct Problem {
  std::string what, fix;
  bool refused = false;      // the cache (or an entry) is not trusted
  bool interrupted = false;  // cancelled by a signal
  explicit operator bool() const { return !what.empty(); }
};

Problem problem(std::string what, std::string fix, bool refused = false) { return {std::move(what), std::move(fix), refused, false}; }

// The fix for an error of the file system while writing the cache.
std::string write_fix(int err) {
  if (err == ENOSPC || err == EDQUOT) return "free some disk space, or set GEOSIM_CACHE_DIR to a folder on another disk";
  if (err == EACCES || err == EPERM || err == EROFS)
    return "set GEOSIM_CACHE_DIR to a folder you can write, or use --engine interpreter";
  return "set GEOSIM_CACHE_DIR to another folder, or use --engine interpreter";
}

std::string mode_text(mode_t m) { return fmt::format("{:04o}", static_cast<unsigned>(m & 07777)); }

std::string kind_of(mode_t m) {
  if (S_ISLNK(m)) return "a symbolic link";
  if (S_ISDIR(m)) return "a folder";
  if (S_ISFIFO(m)) return "a FIFO";
  if (S_ISCHR(m) || S_ISBLK(m)) return "a device";
  if (S_ISSOCK(m)) return "a socket";
  return "not a regular file";
}

// An open file descriptor, closed on destruction.
struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& o) noexcept : fd(o.fd) { o.fd = -1; }
  Fd& operator=(Fd&& o) noexcept {
    std::swap(fd, o.fd);
    return *this;
  }
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// Reads the whole of `fd` (at most `limit` bytes; false beyond, or on error).
bool read_all(int fd, std::string& out, std::size_t limit) {
  out.clear();
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (n == 0) return true;
    if (out.size() + static_cast<std::size_t>(n) > limit) return false;
    out.append(buf, static_cast<std::size_t>(n));
  }
}

// --- The cache folder -------------------------------------------------------------------------

// A folder above the cache that another user could rewrite (rename our folder away and put
// theirs in its place): writable by others without the sticky bit, or owned by another user.
Problem check_ancestors(const fs::path& dir) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(dir, ec).parent_path();
  if (ec) return {};
  const uid_t me = ::geteuid();
  for (;;) {
    struct stat st {};
    if (::stat(p.c_str(), &st) == 0) {
      const bool others_write = (st.st_mode & (S_IWGRP | S_IWOTH)) != 0 && (st.st_mode & S_ISVTX) == 0;
      if (st.st_uid != me && st.st_uid != 0)
        return problem(fmt::format("the native-code cache {} is inside {}, which belongs to another user (uid {})",
                                   dir.string(), p.string(), st.st_uid),
                       "set GEOSIM_CACHE_DIR to a folder of your own", true);
      if (others_write)
        return problem(fmt::format("the native-code cache {} is inside {}, which other users can write (mode {})",
                                   dir.string(), p.string(), mode_text(st.st_mode)),
                       "set GEOSIM_CACHE_DIR to a folder of your own", true);
    }
    if (!p.has_parent_path() || p.parent_path() == p) break;
    p = p.parent_path();
  }
  return {};
}

// The cache folder, open; or why it cannot be used. Created 0700 (its parents with the usual
// mode) when missing and `create`.
struct CacheDir {
  fs::path path;
  Fd fd;
};

Problem open_cache(const fs::path& requested, bool create, CacheDir& out) {
  std::string text = requested.string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();  // "dir/" would follow a link
  const fs::path dir(text);
  out.path = dir;
  if (create) {
    std::error_code ec;
    if (dir.has_parent_path()) fs::create_directories(dir.parent_path(), ec);
    if (ec)
      return problem(fmt::format("cannot create the native-code cache {}: {}", dir.string(), ec.message()),
                     write_fix(ec.value()));
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
      return problem(fmt::format("cannot create the native-code cache {}: {}", dir.string(), std::strerror(errno)),
                     write_fix(errno));
  }
  struct stat lst {};
  if (::lstat(dir.c_str(), &lst) != 0) {
    if (errno == ENOENT) return problem(fmt::format("no native library for this scenario in {}", dir.string()), "");
    return problem(fmt::format("cannot use the native-code cache {}: {}", dir.string(), std::strerror(errno)),
                   write_fix(errno));
  }
  const std::string own_folder = "set GEOSIM_CACHE_DIR to a folder of your own";
  if (S_ISLNK(lst.st_mode))
    return problem(fmt::format("the native-code cache {} is a symbolic link", dir.string()),
                   "name the real folder in GEOSIM_CACHE_DIR, or " + own_folder, true);
  if (!S_ISDIR(lst.st_mode))
    return problem(fmt::format("the native-code cache {} is {}, not a folder", dir.string(), kind_of(lst.st_mode)),
                   "remove it, or " + own_folder, true);
  out.fd = Fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  struct stat st {};
  if (out.fd.fd < 0 || ::fstat(out.fd.fd, &st) != 0)
    return problem(fmt::format("cannot open the native-code cache {}: {}", dir.string(), std::strerror(errno)),
                   write_fix(errno));
  if (st.st_dev != lst.st_dev || st.st_ino != lst.st_ino)
    return problem(fmt::format("the native-code cache {} changed while it was opened", dir.string()), own_folder, true);
  if (st.st_uid != ::geteuid())
    return problem(fmt::format("the native-code cache {} belongs to another user (uid {}), not to you (uid {})",
                               dir.string(), st.st_uid, ::geteuid()),
                   own_folder, true);
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
    return problem(fmt::format("the native-code cache {} can be written by other users (mode {})", dir.string(),
                               mode_text(st.st_mode)),
                   fmt::format("run 'chmod 700 {}' (and remove what you did not put there), or {}", dir.string(), own_folder),
                   true);
  if (Problem p = check_ancestors(dir)) return p;
  return {};
}

// An entry of the cache, opened without following links: a regular file of ours that only we can
// write. `fd` stays -1 (and no problem) when the entry does not exist.
Problem open_entry(const CacheDir& dir, const std::string& name, Fd& fd) {
  fd = Fd(::openat(dir.fd.fd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  const std::string where = (dir.path / name).string();
  if (fd.fd < 0) {
    if (errno == ENOENT) return {};
    if (errno == ELOOP)
      return problem(fmt::format("the native-code cache entry {} is a symbolic link", where),
                     fmt::format("remove it (rm {})", where), true);
    return problem(fmt::format("cannot read the native-code cache entry {}: {}", where, std::strerror(errno)),
                   fmt::format("remove it (rm {}), or set GEOSIM_CACHE_DIR to another folder", where), true);
  }
  struct stat st {};
  if (::fstat(fd.fd, &st) != 0)
    return problem(fmt::format("cannot read the native-code cache entry {}: {}", where, std::strerror(errno)),
                   fmt::format("remove it (rm {})", where), true);
  if (!S_ISREG(st.st_mode))
    return problem(fmt::format("the native-code cache entry {} is {}", where, kind_of(st.st_mode)),
                   fmt::format("remove it (rm -r {})", where), true);
  if (st.st_uid != ::geteuid())
    return problem(fmt::format("the native-code cache entry {} belongs to another user (uid {})", where, st.st_uid),
                   fmt::format("remove it (rm {})", where), true);
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
    return problem(fmt::format("the native-code cache entry {} can be written by other users (mode {})", where,
                               mode_text(st.st_mode)),
                   fmt::format("remove it (rm {})", where), true);
  return {};
}

// A new file in `dir_fd` with a unique random name beginning with `prefix`, created exclusively
// (never through a link) with `mode`.
Fd create_unique(int dir_fd, const std::string& prefix, mode_t mode, std::string& name) {
  static std::atomic<unsigned> counter{0};
  for (int attempt = 0; attempt < 100; ++attempt) {
    unsigned char r[8] = {};
    if (::getrandom(r, sizeof r, 0) != static_cast<ssize_t>(sizeof r)) std::memset(r, attempt, sizeof r);
    name = fmt::format("{}.{}.{}.{}.tmp", prefix, ::getpid(), counter++, hex(r, sizeof r));
    Fd fd(::openat(dir_fd, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode));
    if (fd.fd >= 0 || errno != EEXIST) return fd;
  }
  return Fd();
}

// The cache's secret key (32 random bytes, file "key" 0600), created when missing and `create`.
Problem cache_secret(const CacheDir& dir, bool create, std::string& secret) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    Fd fd;
    if (Problem p = open_entry(dir, "key", fd)) return p;
    if (fd.fd >= 0) {
      struct stat st {};
      ::fstat(fd.fd, &st);
      const std::string where = (dir.path / "key").string();
      if ((st.st_mode & 077) != 0)
        return problem(fmt::format("the native-code cache key {} can be read by other users (mode {})", where,
                                   mode_text(st.st_mode)),
                       fmt::format("remove it (rm {}); geosim makes a new one and rebuilds its libraries", where), true);
      if (!read_all(fd.fd, secret, kSecretBytes) || secret.size() != kSecretBytes)
        return problem(fmt::format("the native-code cache key {} is not one geosim wrote", where),
                       fmt::format("remove it (rm {}); geosim makes a new one and rebuilds its libraries", where), true);
      return {};
    }
    if (!create) return problem(fmt::format("no native library for this scenario in {}", dir.path.string()), "");
    unsigned char bytes[kSecretBytes];
    if (::getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes))
      return problem("cannot draw a random key for the native-code cache", "use --engine interpreter");
    std::string tmp;
    Fd out = create_unique(dir.fd.fd, "key", 0600, tmp);
    if (out.fd < 0)
      return problem(fmt::format("cannot write in the native-code cache {}: {}", dir.path.string(), std::strerror(errno)),
                     write_fix(errno));
    const bool ok = write_all(out.fd, reinterpret_cast<const char*>(bytes), sizeof bytes) && ::fsync(out.fd) == 0;
    const int err = errno;
    // link() never replaces: when another process made the key first, theirs is used.
    const bool linked = ok && ::linkat(dir.fd.fd, tmp.c_str(), dir.fd.fd, "key", 0) == 0;
    const int link_err = errno;
    ::unlinkat(dir.fd.fd, tmp.c_str(), 0);
    if (!ok)
      return problem(fmt::format("cannot write in the native-code cache {}: {}", dir.path.string(), std::strerror(err)),
                     write_fix(err));
    if (!linked && link_err != EEXIST)
      return problem(fmt::format("cannot write in the native-code cache {}: {}", dir.path.string(), std::strerror(link_err)),
                     write_fix(link_err));
  }
  return problem(fmt::format("cannot set up the key of the native-code cache {}", dir.path.string()),
                 "set GEOSIM_CACHE_DIR to another folder", true);
}

std::string mac_of(const std::string& secret, const std::string& key, const char* data, std::size_t size) {
  std::string message(kTrailerTag, sizeof kTrailerTag);
  message += key;
  message += '\0';
  message.append(data, size);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), md, &len);
  return std::string(reinterpret_cast<const char*>(md), len);
}

// --- The compiler -----------------------------------------------------------------------------

// A program name as the shell would find it on PATH; a name with a '/' as it is.
std::string resolve_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const std::string path = env("PATH");
  std::size_t pos = 0;
  while (pos <= path.size()) {
    std::size_t end = path.find(':', pos);
    if (end == std::string::npos) end = path.size();
    const std::string dir = end > pos ? path.substr(pos, end - pos) : ".";
    const std::string candidate = dir + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    pos = end + 1;
  }
  return {};
}

// The fixed environment of the compiler: nothing of geosim's own (CPATH, CPLUS_INCLUDE_PATH,
// GCC_EXEC_PREFIX, LD_PRELOAD, ...) reaches it.
std::vector<std::string> compiler_environment(const std::string& compiler, const std::string& tmpdir) {
  const std::string own = fs::path(compiler).parent_path().string();
  return {"PATH=" + (own.empty() ? std::string() : own + ":") + "/usr/local/bin:/usr/bin:/bin", "LC_ALL=C", "LANG=C",
          "TMPDIR=" + (tmpdir.empty() ? std::string("/tmp") : tmpdir)};
}

enum class ChildEnd { Exited, Failed, TimedOut, Cancelled, NotStarted };

struct ChildResult {
  ChildEnd end = ChildEnd::NotStarted;
  int status = 0;  // exit status when Exited
  int spawn_error = 0;
};

// Runs `args` (args[0] an absolute path) with `envp`, output to `out_fd`, stdin from /dev/null,
// in its own process group. Killed (the whole group) at `timeout` or when `cancel` is set.
ChildResult run_child(const std::vector<std::string>& args, const std::vector<std::string>& envp, int out_fd,
                      double timeout, const std::atomic<bool>* cancel) {
  ChildResult r;
  std::vector<std::string> a = args, e = envp;
  std::vector<char*> argv, envv;
  for (auto& s : a) argv.push_back(s.data());
  argv.push_back(nullptr);
  for (auto& s : e) envv.push_back(s.data());
  envv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int s : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT}) sigaddset(&defaults, s);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &actions, &attr, argv.data(), envv.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    r.spawn_error = rc;
    return r;
  }
  g_compiler_group.store(pid);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout);
  int status = 0;
  for (;;) {
    const pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) {
      r.end = ChildEnd::Failed;
      break;
    }
    const bool cancelled = cancel != nullptr && cancel->load();
    if (cancelled || std::chrono::steady_clock::now() >= deadline) {
      ::kill(-pid, SIGKILL);
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      r.end = cancelled ? ChildEnd::Cancelled : ChildEnd::TimedOut;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(-pid, SIGKILL);  // whatever the compiler left running in its group (nothing, normally)
  g_compiler_group.store(0);
  if (r.end == ChildEnd::NotStarted) {
    r.end = WIFEXITED(status) ? ChildEnd::Exited : ChildEnd::Failed;
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  return r;
}

double compile_timeout(const NativeOptions& o) {
  if (o.compile_timeout > 0) return o.compile_timeout;
  const std::string e = env("GEOSIM_COMPILE_TIMEOUT");
  char* end = nullptr;
  const double v = e.empty() ? 0.0 : std::strtod(e.c_str(), &end);
  return v > 0 && end != nullptr && *end == '\0' ? v : 300.0;
}

// The compiler's identity: resolved path, file identity and `--version` output. Computed once
// per compiler per process.
struct Compiler {
  std::string path;      // absolute, links resolved
  std::string identity;  // what goes into the key
};

Problem identify(const std::string& name, const NativeOptions& o, Compiler& out) {
  static std::mutex mu;
  static std::map<std::string, Compiler> known;
  std::lock_guard lock(mu);
  if (auto it = known.find(name); it != known.end()) {
    out = it->second;
    return {};
  }
  const std::string not_found = fmt::format("cannot run the C++ compiler '{}'", name);
  const std::string fix = "set GEOSIM_CXX to a C++20 compiler, or use --engine interpreter";
  const std::string found = resolve_program(name);
  std::error_code ec;
  const fs::path real = found.empty() ? fs::path() : fs::canonical(found, ec);
  struct stat st {};
  if (found.empty() || ec || ::stat(real.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || ::access(real.c_str(), X_OK) != 0)
    return problem(not_found + ": no such program", fix);
  // The `--version` output, into an anonymous file (no shell, fixed environment).
  Fd out_fd(::memfd_create("geosim-cxx-version", MFD_CLOEXEC));
  if (out_fd.fd < 0) return problem(not_found + ": " + std::strerror(errno), fix);
  const ChildResult r = run_child({real.string(), "--version"}, compiler_environment(real.string(), ""), out_fd.fd,
                                  std::min(30.0, compile_timeout(o)), o.cancel);
  if (r.end == ChildEnd::Cancelled) return {"interrupted", "", false, true};
  if (r.end != ChildEnd::Exited || r.status != 0)
    return problem(r.spawn_error != 0 ? fmt::format("{}: {}", not_found, std::strerror(r.spawn_error))
                                      : not_found + ": '--version' failed",
                   fix);
  std::string version;
  ::lseek(out_fd.fd, 0, SEEK_SET);
  read_all(out_fd.fd, version, 1 << 20);
  Compiler c;
  c.path = real.string();
  c.identity = fmt::format("{}\n{}:{}:{}:{}\n{}", c.path, st.st_dev, st.st_ino, st.st_size, st.st_mtime, version);
  known[name] = c;
  out = c;
  return {};
}

// --- Verify and load --------------------------------------------------------------------------

// Loads a verified library: the bytes hashed are the bytes loaded (the same open file).
std::shared_ptr<native::Library> dlopen_fd(Fd& fd, const fs::path& path, std::string& why) {
  const std::string proc = fmt::format("/proc/self/fd/{}", fd.fd);
  void* h = dlopen(::access(proc.c_str(), F_OK) == 0 ? proc.c_str() : path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (h == nullptr) {
    const char* e = dlerror();
    why = e != nullptr ? e : "dlopen failed";
    return nullptr;
  }
  auto lib = std::make_shared<native::Library>();
  lib->handle = h;
  lib->path = path.string();
  lib->fd = fd.fd;  // the loader knows the library by this descriptor's name: kept open with it
  fd.fd = -1;
  using AbiFn = std::uint32_t (*)();
  auto abi = reinterpret_cast<AbiFn>(dlsym(h, "geosim_native_abi"));
  lib->run = reinterpret_cast<native::RunFn>(dlsym(h, "geosim_native_run"));
  if (abi == nullptr || lib->run == nullptr || abi() != native::kAbiVersion) {
    why = "the library does not match this engine's interface";
    return nullptr;
  }
  return lib;
}

enum class Found { Absent, Unverified, Loaded };

// Looks up KEY.so: refused (a problem), absent, present but not verified, or loaded.
Problem find_library(const CacheDir& dir, const std::string& key, const std::string& secret, Found& found,
                     std::shared_ptr<native::Library>& lib) {
  found = Found::Absent;
  Fd fd;
  if (Problem p = open_entry(dir, key + ".so", fd)) return p;
  if (fd.fd < 0) return {};
  found = Found::Unverified;
  std::string bytes;
  if (secret.empty() || !read_all(fd.fd, bytes, kMaxLibraryBytes) || bytes.size() < kTrailerBytes ||
      std::memcmp(bytes.data() + bytes.size() - sizeof kTrailerTag, kTrailerTag, sizeof kTrailerTag) != 0)
    return {};
  const std::size_t image = bytes.size() - kTrailerBytes;
  const std::string mac = mac_of(secret, key, bytes.data(), image);
  if (CRYPTO_memcmp(mac.data(), bytes.data() + image, kMacBytes) != 0) return {};
  std::string why;
  lib = dlopen_fd(fd, dir.path / (key + ".so"), why);
  if (!lib)
    return problem(fmt::format("cannot load {}: {}", (dir.path / (key + ".so")).string(), why),
                   "remove it; geosim rebuilds it next time");
  found = Found::Loaded;
  return {};
}

// Libraries already loaded by this process, by key: loaded and verified once.
std::shared_ptr<native::Library> loaded(const std::string& key, const std::shared_ptr<native::Library>& add = nullptr) {
  static std::mutex mu;
  static std::map<std::string, std::weak_ptr<native::Library>> libs;
  std::lock_guard lock(mu);
  if (add) libs[key] = add;
  auto it = libs.find(key);
  return it == libs.end() ? nullptr : it->second.lock();
}

// Removes a private build folder and what is in it.
void remove_build_dir(const fs::path& dir) {
  std::error_code ec;
  fs::remove_all(dir, ec);
}

std::string first_lines(const std::string& text, int count) {
  std::string out;
  std::size_t pos = 0;
  for (int i = 0; i < count && pos < text.size(); ++i) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    out += (out.empty() ? "" : " | ") + text.substr(pos, std::min<std::size_t>(end - pos, 300));
    pos = end + 1;
  }
  return out;
}

// Compiles `source` into the cache as KEY.so (with its keyed hash) and KEY.cpp.
Problem build(const CacheDir& dir, const std::string& key, const std::string& secret, const std::string& source,
              const Compiler& compiler, const NativeOptions& o) {
  const std::string tmpl_text = (dir.path / (key + ".build-XXXXXX")).string();
  std::vector<char> tmpl(tmpl_text.begin(), tmpl_text.end());
  tmpl.push_back('\0');
  if (::mkdtemp(tmpl.data()) == nullptr)
    return problem(fmt::format("cannot write in the native-code cache {}: {}", dir.path.string(), std::strerror(errno)),
                   write_fix(errno));
  const fs::path work(tmpl.data());
  struct Cleanup {
    fs::path p;
    ~Cleanup() { remove_build_dir(p); }
  } cleanup{work};
  Fd work_fd(::open(work.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  const auto cannot_write = [&](int err) {
    return problem(fmt::format("cannot write in the native-code cache {}: {}", dir.path.string(), std::strerror(err)),
                   write_fix(err));
  };
  if (work_fd.fd < 0) return cannot_write(errno);
  const auto create = [&](const char* name) {
    return Fd(::openat(work_fd.fd, name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  };
  {
    Fd src = create("source.cpp");
    if (src.fd < 0 || !write_all(src.fd, source.data(), source.size())) return cannot_write(errno);
  }
  Fd log(::memfd_create("geosim-compiler-log", MFD_CLOEXEC));
  if (log.fd < 0) return cannot_write(errno);
  std::vector<std::string> args = {compiler.path};
  for (const auto& f : compile_flags()) args.push_back(f);
  args.insert(args.end(), {"-o", (work / "library.so").string(), (work / "source.cpp").string()});
  const double timeout = compile_timeout(o);
  const ChildResult r = run_child(args, compiler_environment(compiler.path, work.string()), log.fd, timeout, o.cancel);
  if (r.end == ChildEnd::Cancelled) return {"interrupted", "", false, true};
  if (r.end == ChildEnd::TimedOut)
    return problem(fmt::format("the C++ compiler '{}' took more than {:g} s and was stopped", compiler.path, timeout),
                   "set GEOSIM_COMPILE_TIMEOUT to more seconds, or use --engine interpreter");
  if (r.end != ChildEnd::Exited || r.status != 0) {
    std::string text;
    ::lseek(log.fd, 0, SEEK_SET);
    read_all(log.fd, text, 1 << 20);
    if (r.spawn_error != 0)
      return problem(fmt::format("cannot run the C++ compiler '{}': {}", compiler.path, std::strerror(r.spawn_error)),
                     "set GEOSIM_CXX to a C++20 compiler, or use --engine interpreter");
    const bool full = text.find("No space left") != std::string::npos;
    return problem(fmt::format("'{}' failed on the generated code of this scenario: {}", compiler.path, first_lines(text, 3)),
                   full ? write_fix(ENOSPC)
                        : "set GEOSIM_CXX to another C++20 compiler, or use --engine interpreter (and report the "
                          "scenario: the generated code should always compile)");
  }
  // The keyed hash goes after the ELF image, in the same file: one rename publishes both.
  Fd lib(::openat(work_fd.fd, "library.so", O_RDWR | O_NOFOLLOW | O_CLOEXEC));
  std::string bytes;
  if (lib.fd < 0 || !read_all(lib.fd, bytes, kMaxLibraryBytes)) return cannot_write(errno);
  const std::string mac = mac_of(secret, key, bytes.data(), bytes.size());
  if (!write_all(lib.fd, mac.data(), kMacBytes) || !write_all(lib.fd, kTrailerTag, sizeof kTrailerTag) ||
      ::fchmod(lib.fd, 0700) != 0 || ::fsync(lib.fd) != 0)
    return cannot_write(errno);
  if (::renameat(work_fd.fd, "library.so", dir.fd.fd, (key + ".so").c_str()) != 0) return cannot_write(errno);
  ::renameat(work_fd.fd, "source.cpp", dir.fd.fd, (key + ".cpp").c_str());  // kept for inspection
  return {};
}

NativeStatus failed(NativeStatus st, const Problem& p) {
  st.message = p.what;
  st.fix = p.fix;
  st.refused = p.refused;
  st.interrupted = p.interrupted;
  return st;
}

}  // namespace

void native_abort_builds() noexcept {
  const pid_t g = g_compiler_group.load();
  if (g > 0) ::kill(-g, SIGKILL);
}

std::string default_native_cache_dir() {
  if (std::string d = env("GEOSIM_CACHE_DIR"); !d.empty()) return d;
  if (std::string d = env("XDG_CACHE_HOME"); !d.empty()) return (fs::path(d) / "geosim" / "native").string();
  if (std::string d = env("HOME"); !d.empty()) return (fs::path(d) / ".cache" / "geosim" / "native").string();
  std::error_code ec;
  return (fs::temp_directory_path(ec) / fmt::format("geosim-native-{}", ::getuid())).string();
}

std::uint64_t native_work_per_run(const Model& m) {
  std::uint64_t w = 0;
  const auto add = [&w](const expr::Program& p) { w += p.code.size() + 1; };
  for (const auto& r : m.drifts) {
    add(r.toward);
    add(r.rate);
  }
  for (const auto& r : m.events) {
    add(r.when);
    add(r.rate);
    for (const auto& e : r.effects) add(e.rhs);
  }
  for (const auto& r : m.commitments) {
    add(r.active_when);
    add(r.trigger);
  }
  for (const auto& r : m.outcomes)
    if (r.kind == OutcomeSpec::Kind::When) add(r.expr);
  const NegotiationRule& n = m.negotiation;
  if (n.present)
    for (const expr::Program* p : {&n.p_win, &n.cost_a, &n.cost_b, &n.uncertainty, &n.commitment_problem, &n.red_line, &n.demand, &n.when, &n.mediation})
      add(*p);
  if (m.war.present) {
    add(m.war.p_battle);
    add(m.war.when);
  }
  if (m.ceasefire.present)
    for (const expr::Program* p : {&m.ceasefire.pressure, &m.ceasefire.incident_rate, &m.ceasefire.monitoring,
                                   &m.ceasefire.beneficiary_rate, &m.ceasefire.attribution})
      add(*p);
  return w * static_cast<std::uint64_t>(std::max(0, m.steps));
}

std::string native_source(const Model& m, const NativeOptions& options) { return native::generate_source(m, options.unroll_max); }

NativeStatus attach_native(Model& m, const NativeOptions& options) {
  NativeStatus st;
  std::string compiler_name = options.compiler;
  if (compiler_name.empty()) compiler_name = env("GEOSIM_CXX");
  if (compiler_name.empty()) compiler_name = GEOSIM_NATIVE_CXX;
  const std::string source = native::generate_source(m, options.unroll_max);
  if (source.size() > options.max_source) {
    st.message = fmt::format("the scenario's native code would be {:.2f} MB of C++, more than the {:.2f} MB compiled",
                             1e-6 * static_cast<double>(source.size()), 1e-6 * static_cast<double>(options.max_source));
    st.fix = "such a scenario runs interpreted (--engine interpreter), with the same results";
    return st;
  }
  const fs::path requested = options.cache_dir.empty() ? fs::path(default_native_cache_dir()) : fs::path(options.cache_dir);
  CacheDir dir;
  if (Problem p = open_cache(requested, options.build, dir)) return failed(st, p);  // before spawning the compiler
  Compiler compiler;
  if (Problem p = identify(compiler_name, options, compiler)) return failed(st, p);
  std::string keyed = source;
  for (const auto& f : compile_flags()) keyed += '\0' + f;
  keyed += '\0' + compiler.identity;
  for (const auto& e : compiler_environment(compiler.path, ""))
    if (e.rfind("TMPDIR=", 0) != 0) keyed += '\0' + e;
  const std::string key = sha256_hex(keyed).substr(0, 32);
  st.library = (requested / (key + ".so")).string();

  if (auto lib = loaded(key)) {
    m.native = std::move(lib);
    st.attached = st.from_cache = true;
    return st;
  }
  std::string secret;
  if (Problem p = cache_secret(dir, options.build, secret)) return failed(st, p);
  Found found = Found::Absent;
  std::shared_ptr<native::Library> lib;
  if (Problem p = find_library(dir, key, secret, found, lib); p && p.refused) return failed(st, p);
  if (found == Found::Loaded) {
    m.native = loaded(key, lib);
    st.attached = st.from_cache = true;
    return st;
  }
  if (!options.build) {
    st.message = found == Found::Unverified
                     ? fmt::format("the native library {} was not written by geosim for you (its keyed hash does not verify)", st.library)
                     : fmt::format("no native library for this scenario in {}", dir.path.string());
    st.fix = found == Found::Unverified ? "it is rebuilt by --engine native; remove it otherwise" : "";
    return st;
  }
  const auto start = std::chrono::steady_clock::now();
  if (Problem p = build(dir, key, secret, source, compiler, options)) return failed(st, p);
  st.build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (Problem p = find_library(dir, key, secret, found, lib)) return failed(st, p);
  if (found != Found::Loaded) {
    st.message = fmt::format("the native library {} changed after it was built", st.library);
    st.fix = "check who else writes in the cache; set GEOSIM_CACHE_DIR to a folder of your own";
    st.refused = true;
    return st;
  }
  m.native = loaded(key, lib);
  st.attached = true;
  return st;
}

}  // namespace geosim
