// SPDX-License-Identifier: Apache-2.0
// Native code: generate the source, compile it once into a cache keyed by its SHA-256, load it.
// The compiler runs as a child process (posix_spawnp, no shell) with IEEE-exact flags: no
// fast-math and no contraction of a * b + c into fused multiply-adds, which would round
// differently from the interpreter. Files appear in the cache only by rename, so concurrent
// processes (parallel tests, MPI ranks) never load a half-written library.
#include <algorithm>
#include <dlfcn.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "geosim/native.hpp"
#include "native/generate.hpp"
#include "native/library.hpp"

extern char** environ;

namespace geosim {

namespace fs = std::filesystem;

namespace native {

Library::~Library() {
  if (handle != nullptr) dlclose(handle);
}

}  // namespace native

namespace {

#ifndef GEOSIM_NATIVE_CXX
#define GEOSIM_NATIVE_CXX "c++"
#endif

const std::vector<std::string>& compile_flags() {
  static const std::vector<std::string> flags = {"-std=c++20", "-O2", "-fPIC", "-shared", "-ffp-contract=off",
                                                 "-fno-fast-math", "-w"};
  return flags;
}

std::string sha256_hex(const std::string& text) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(text.data(), text.size(), md, &len, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) hex += fmt::format("{:02x}", md[i]);
  return hex;
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? std::string(v) : std::string();
}

// A unique name beside `target` for writing before the rename.
fs::path temporary(const fs::path& target) {
  static std::atomic<unsigned> counter{0};
  return fs::path(target.string() + fmt::format(".{}.{}.tmp", ::getpid(), counter++));
}

bool write_atomically(const fs::path& target, const std::string& text) {
  const fs::path tmp = temporary(target);
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    if (!out.flush()) {
      std::error_code ec;
      fs::remove(tmp, ec);
      return false;
    }
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) fs::remove(tmp, ec);
  return !ec;
}

// Loads the library and checks its interface version; on failure says why.
std::shared_ptr<native::Library> load(const fs::path& path, std::string& why) {
  void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (h == nullptr) {
    const char* e = dlerror();
    why = e != nullptr ? e : "dlopen failed";
    return nullptr;
  }
  auto lib = std::make_shared<native::Library>();
  lib->handle = h;
  lib->path = path.string();
  using AbiFn = std::uint32_t (*)();
  auto abi = reinterpret_cast<AbiFn>(dlsym(h, "geosim_native_abi"));
  lib->run = reinterpret_cast<native::RunFn>(dlsym(h, "geosim_native_run"));
  if (abi == nullptr || lib->run == nullptr || abi() != native::kAbiVersion) {
    why = "the library does not match this engine's interface";
    return nullptr;
  }
  return lib;
}

// Runs the compiler; returns its exit status (or -1 when it could not start), output in `log`.
int compile(const std::string& compiler, const fs::path& source, const fs::path& output, const fs::path& log) {
  std::vector<std::string> args = {compiler};
  for (const auto& f : compile_flags()) args.push_back(f);
  args.insert(args.end(), {"-o", output.string(), source.string()});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, compiler.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string first_lines(const fs::path& file, int count) {
  std::ifstream in(file);
  std::string line, out;
  for (int i = 0; i < count && std::getline(in, line); ++i) out += (out.empty() ? "" : " | ") + line;
  return out;
}

}  // namespace

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
  if (m.ceasefire.present) add(m.ceasefire.pressure);
  return w * static_cast<std::uint64_t>(std::max(0, m.steps));
}

std::string native_source(const Model& m, const NativeOptions& options) { return native::generate_source(m, options.unroll_max); }

NativeStatus attach_native(Model& m, const NativeOptions& options) {
  NativeStatus st;
  std::string compiler = options.compiler;
  if (compiler.empty()) compiler = env("GEOSIM_CXX");
  if (compiler.empty()) compiler = GEOSIM_NATIVE_CXX;
  const std::string source = native::generate_source(m, options.unroll_max);
  if (source.size() > options.max_source) {
    st.message = fmt::format("the scenario's native code would be {:.2f} MB of C++, more than the {:.2f} MB compiled",
                             1e-6 * static_cast<double>(source.size()), 1e-6 * static_cast<double>(options.max_source));
    return st;
  }
  std::string keyed = source;
  for (const auto& f : compile_flags()) keyed += '\0' + f;
  const std::string key = sha256_hex(keyed).substr(0, 32);
  const fs::path dir = options.cache_dir.empty() ? fs::path(default_native_cache_dir()) : fs::path(options.cache_dir);
  const fs::path lib_path = dir / (key + ".so");
  st.library = lib_path.string();

  std::error_code ec;
  std::string why;
  if (fs::exists(lib_path, ec)) {
    if (auto lib = load(lib_path, why)) {
      m.native = std::move(lib);
      st.attached = st.from_cache = true;
      return st;
    }
  }
  if (!options.build) {
    st.message = "no native library for this scenario in " + dir.string();
    return st;
  }
  fs::create_directories(dir, ec);
  if (ec) {
    st.message = fmt::format("cannot create the native-code cache {}: {}", dir.string(), ec.message());
    return st;
  }
  const auto start = std::chrono::steady_clock::now();
  const fs::path src_path = dir / (key + ".cpp");
  if (!write_atomically(src_path, source)) {
    st.message = "cannot write " + src_path.string();
    return st;
  }
  const fs::path tmp = temporary(lib_path);
  const fs::path log = fs::path(tmp.string() + ".log");
  const int rc = compile(compiler, src_path, tmp, log);
  if (rc != 0) {
    st.message = rc < 0 ? fmt::format("cannot run the C++ compiler '{}' (set GEOSIM_CXX)", compiler)
                        : fmt::format("'{}' failed on {}: {}", compiler, src_path.string(), first_lines(log, 3));
    fs::remove(tmp, ec);
    fs::remove(log, ec);
    return st;
  }
  fs::remove(log, ec);
  fs::rename(tmp, lib_path, ec);
  if (ec) {
    st.message = fmt::format("cannot move the native library into {}: {}", dir.string(), ec.message());
    fs::remove(tmp, ec);
    return st;
  }
  st.build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto lib = load(lib_path, why);
  if (!lib) {
    st.message = "cannot load " + lib_path.string() + ": " + why;
    return st;
  }
  m.native = std::move(lib);
  st.attached = true;
  return st;
}

}  // namespace geosim
