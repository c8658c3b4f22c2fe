// SPDX-License-Identifier: Apache-2.0
// MPI transport, compiled only when GEOSIM_MPI is on. MPI is initialised only when the process
// was started by an MPI launcher (mpirun/srun set the environment), so a plain `geosim run`
// never pays MPI's start-up cost.
#include <cstdlib>

#include "geosim/mc.hpp"
#include "mc/transport.hpp"

#ifdef GEOSIM_WITH_MPI
#include <mpi.h>
#endif

namespace geosim::mc {

#ifdef GEOSIM_WITH_MPI

namespace {

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

}  // namespace

World world() { return session().w; }

void send_block(const BlockResult& b) {
  std::vector<char> bytes = pack(b);
  MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, 0, 1, MPI_COMM_WORLD);
}

void recv_block(int from, BlockResult& b) {
  MPI_Status st;
  MPI_Probe(from, 1, MPI_COMM_WORLD, &st);
  int count = 0;
  MPI_Get_count(&st, MPI_BYTE, &count);
  std::vector<char> bytes(static_cast<std::size_t>(count));
  MPI_Recv(bytes.data(), count, MPI_BYTE, from, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  unpack(bytes, b);
}

std::uint64_t broadcast(std::uint64_t planned) {
  unsigned long long v = planned;
  MPI_Bcast(&v, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
  return v;
}

#else

World world() { return {}; }
void send_block(const BlockResult&) {}
void recv_block(int, BlockResult&) {}
std::uint64_t broadcast(std::uint64_t planned) { return planned; }

#endif

}  // namespace geosim::mc

namespace geosim {
ProcessWorld process_world() {
  auto w = mc::world();
  return {w.rank, w.size};
}
}  // namespace geosim
