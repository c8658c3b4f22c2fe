// SPDX-License-Identifier: Apache-2.0
// MPI transport, compiled only when GEOSIM_MPI is on. MPI is initialised only when the process
// was started by an MPI launcher (mpirun/srun set the environment), so a plain `geosim run`
// never pays MPI's start-up cost. Every wait polls (MPI_Iprobe, MPI_Test) so that the caller's
// cancel checks keep running (mc/transport.hpp).
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <thread>

#include "geosim/mc.hpp"
#include "mc/transport.hpp"

#ifdef GEOSIM_WITH_MPI
#include <mpi.h>
#include <openssl/evp.h>
#endif

namespace geosim::mc {

#ifdef GEOSIM_WITH_MPI

namespace {

enum Tag : int { kBlock = 1, kDigest = 10, kVerdict = 11, kPlan = 12, kStop = 13, kDone = 14 };
constexpr std::size_t kMaxInFlight = 4;

bool launched_by_mpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "SLURM_STEP_NUM_TASKS"})
    if (std::getenv(v) != nullptr) return true;
  return false;
}

struct Session {
  bool active = false;
  World w;
  Session() {
    if (!launched_by_mpi()) return;
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &w.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &w.size);
    active = true;
  }
  ~Session() {
    if (active) MPI_Finalize();
  }
};

Session& session() {
  static Session s;  // initialised on first use, finalised at exit
  return s;
}

void pause() { std::this_thread::sleep_for(std::chrono::microseconds(200)); }

// Sends not yet complete (buffers kept alive until they are).
struct Pending {
  MPI_Request request;
  std::vector<char> bytes;
};
std::deque<Pending>& pending() {
  static std::deque<Pending> p;
  return p;
}

void isend(std::vector<char> bytes, int to, int tag) {
  auto& p = pending();
  p.push_back({MPI_REQUEST_NULL, std::move(bytes)});
  MPI_Isend(p.back().bytes.data(), static_cast<int>(p.back().bytes.size()), MPI_BYTE, to, tag, MPI_COMM_WORLD,
            &p.back().request);
}

std::vector<char> u64_bytes(std::uint64_t v) {
  std::vector<char> b(sizeof v);
  std::memcpy(b.data(), &v, sizeof v);
  return b;
}

std::vector<char> recv_bytes(int from, int tag, MPI_Status* status = nullptr) {
  MPI_Status st;
  MPI_Probe(from, tag, MPI_COMM_WORLD, &st);
  int count = 0;
  MPI_Get_count(&st, MPI_BYTE, &count);
  std::vector<char> bytes(static_cast<std::size_t>(count));
  MPI_Recv(bytes.data(), count, MPI_BYTE, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  if (status != nullptr) *status = st;
  return bytes;
}

bool probe(int from, int tag, MPI_Status* st = nullptr) {
  int flag = 0;
  MPI_Status s;
  MPI_Iprobe(from, tag, MPI_COMM_WORLD, &flag, &s);
  if (flag && st != nullptr) *st = s;
  return flag != 0;
}

}  // namespace

World world() { return session().w; }

std::vector<int> agree(const std::string& job, bool& rows, bool& mismatch) {
  // SHA-256 (OpenSSL): 32 bytes per rank instead of the whole generated model.
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(job.data(), job.size(), md, &len, EVP_sha256(), nullptr);
  const std::string digest(reinterpret_cast<const char*>(md), len);
  const World w = world();
  std::vector<int> differ;
  if (w.rank != 0) {
    MPI_Send(digest.data(), static_cast<int>(digest.size()), MPI_BYTE, 0, kDigest, MPI_COMM_WORLD);
    const std::vector<char> v = recv_bytes(0, kVerdict);
    mismatch = !v.empty() && v[0] != 0;
    rows = v.size() > 1 && v[1] != 0;
    return differ;
  }
  for (int r = 1; r < w.size; ++r) {
    const std::vector<char> d = recv_bytes(r, kDigest);
    if (std::string(d.begin(), d.end()) != digest) differ.push_back(r);
  }
  mismatch = !differ.empty();
  for (int r = 1; r < w.size; ++r) {
    const char v[2] = {static_cast<char>(mismatch ? 1 : 0), static_cast<char>(rows ? 1 : 0)};
    MPI_Send(v, 2, MPI_BYTE, r, kVerdict, MPI_COMM_WORLD);
  }
  return differ;
}

void progress() {
  auto& p = pending();
  while (!p.empty()) {
    int done = 0;
    MPI_Test(&p.front().request, &done, MPI_STATUS_IGNORE);
    if (!done) return;
    p.pop_front();
  }
}

bool sends_idle() {
  progress();
  return pending().empty();
}

void post_block(const BlockResult& b, const std::function<void()>& poll) {
  progress();
  while (pending().size() >= kMaxInFlight) {
    if (poll) poll();
    pause();
    progress();
  }
  isend(pack(b), 0, kBlock);
}

bool recv_block(int from, BlockResult& b, const std::function<bool()>& stopped) {
  for (;;) {
    if (stopped && stopped()) return false;
    if (probe(from, kBlock)) break;
    progress();
    pause();
  }
  unpack(recv_bytes(from, kBlock), b);
  return true;
}

bool stop_arrived() {
  const World w = world();
  MPI_Status st;
  if (!probe(w.rank == 0 ? MPI_ANY_SOURCE : 0, kStop, &st)) return false;
  recv_bytes(st.MPI_SOURCE, kStop);
  return true;
}

void send_stop() {
  const World w = world();
  if (w.rank != 0) {
    isend({1}, 0, kStop);
    return;
  }
  for (int r = 1; r < w.size; ++r) isend({1}, r, kStop);
}

void send_plan(std::uint64_t next) {
  const World w = world();
  for (int r = 1; r < w.size; ++r) isend(u64_bytes(next), r, kPlan);
}

bool recv_plan(std::uint64_t& next, const std::function<void()>& poll) {
  for (;;) {
    if (stop_arrived()) return false;
    if (probe(0, kPlan)) {
      const std::vector<char> v = recv_bytes(0, kPlan);
      if (v.size() == sizeof next) std::memcpy(&next, v.data(), sizeof next);
      return true;
    }
    if (poll) poll();
    progress();
    pause();
  }
}

void finish_job() {
  const World w = world();
  if (w.rank != 0) {
    while (!sends_idle()) pause();
    MPI_Send(nullptr, 0, MPI_BYTE, 0, kDone, MPI_COMM_WORLD);
    return;
  }
  int done = 0;
  while (done < w.size - 1) {
    MPI_Status st;
    if (!probe(MPI_ANY_SOURCE, MPI_ANY_TAG, &st)) {
      progress();
      pause();
      continue;
    }
    recv_bytes(st.MPI_SOURCE, st.MPI_TAG);  // blocks and STOP notices no longer needed
    if (st.MPI_TAG == kDone) ++done;
  }
  while (!sends_idle()) pause();
}

void abort_job(int code) {
  if (session().active) MPI_Abort(MPI_COMM_WORLD, code);
}

#else

World world() { return {}; }
std::vector<int> agree(const std::string&, bool&, bool& mismatch) {
  mismatch = false;
  return {};
}
void post_block(const BlockResult&, const std::function<void()>&) {}
void progress() {}
bool sends_idle() { return true; }
bool recv_block(int, BlockResult&, const std::function<bool()>&) { return false; }
bool stop_arrived() { return false; }
void send_stop() {}
void send_plan(std::uint64_t) {}
bool recv_plan(std::uint64_t&, const std::function<void()>&) { return false; }
void finish_job() {}
void abort_job(int) {}

#endif

}  // namespace geosim::mc

namespace geosim {
ProcessWorld process_world() {
  auto w = mc::world();
  return {w.rank, w.size};
}
}  // namespace geosim
