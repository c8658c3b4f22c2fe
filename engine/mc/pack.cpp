// SPDX-License-Identifier: Apache-2.0
#include <cstring>
#include <stdexcept>

#include "mc/transport.hpp"

namespace geosim::mc {

namespace {

struct Writer {
  std::vector<char>& out;
  template <typename T>
  void pod(const T& v) {
    const char* p = reinterpret_cast<const char*>(&v);
    out.insert(out.end(), p, p + sizeof(T));
  }
  template <typename T>
  void vec(const std::vector<T>& v) {
    pod<std::uint64_t>(v.size());
    const char* p = reinterpret_cast<const char*>(v.data());
    out.insert(out.end(), p, p + v.size() * sizeof(T));
  }
};

struct Reader {
  const std::vector<char>& in;
  std::size_t at = 0;
  template <typename T>
  void pod(T& v) {
    if (at + sizeof(T) > in.size()) throw std::runtime_error("truncated block message");
    std::memcpy(&v, in.data() + at, sizeof(T));
    at += sizeof(T);
  }
  template <typename T>
  void vec(std::vector<T>& v) {
    std::uint64_t n = 0;
    pod(n);
    if (at + n * sizeof(T) > in.size()) throw std::runtime_error("truncated block message");
    v.resize(n);
    if (n > 0) std::memcpy(v.data(), in.data() + at, n * sizeof(T));  // data() may be null when empty (UBSan)
    at += n * sizeof(T);
  }
};

}  // namespace

std::vector<char> pack(const BlockResult& b) {
  std::vector<char> out;
  Writer w{out};
  w.pod(b.block);
  w.pod(b.first_run);
  w.pod(b.runs);
  w.pod<std::uint64_t>(b.outcomes.size());
  for (const auto& o : b.outcomes) {
    w.pod(o.n);
    w.pod(o.happened);
    w.pod(o.nan_runs);
    w.pod(o.values);
    w.vec(o.first_passage);
    w.vec(o.sample);
  }
  w.pod<std::uint64_t>(b.series.size());
  for (const auto& s : b.series) {
    w.pod(s.key);
    w.pod(s.run);
    w.vec(s.values);
  }
  w.vec(b.rows);
  w.vec(b.drawn);
  w.vec(b.binds);
  return out;
}

void unpack(const std::vector<char>& bytes, BlockResult& b) {
  Reader r{bytes};
  r.pod(b.block);
  r.pod(b.first_run);
  r.pod(b.runs);
  std::uint64_t n = 0;
  r.pod(n);
  b.outcomes.assign(n, {});
  for (auto& o : b.outcomes) {
    r.pod(o.n);
    r.pod(o.happened);
    r.pod(o.nan_runs);
    r.pod(o.values);
    r.vec(o.first_passage);
    r.vec(o.sample);
  }
  r.pod(n);
  b.series.assign(n, {});
  for (auto& s : b.series) {
    r.pod(s.key);
    r.pod(s.run);
    r.vec(s.values);
  }
  r.vec(b.rows);
  r.vec(b.drawn);
  r.vec(b.binds);
}

}  // namespace geosim::mc
