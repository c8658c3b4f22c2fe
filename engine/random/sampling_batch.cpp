// SPDX-License-Identifier: Apache-2.0
// The batched standard normal's kernel (include/geosim/sampling_batch-inl.hpp) compiled for every
// target Highway attains here and dispatched at run time, as random_batch.cpp does for the streams;
// and the scalar finish of the draws its fast path rejects, compiled once (HWY_ONCE) with the
// engine's ordinary flags, like every other caller of sampling.hpp.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "random/sampling_batch.cpp"
#include <hwy/foreach_target.h>  // must come before highway.h

#include <hwy/highway.h>

#include "geosim/random_batch.hpp"
#include "geosim/sampling_batch-inl.hpp"
#include "geosim/sampling_batch.hpp"

HWY_BEFORE_NAMESPACE();
namespace geosim::random::HWY_NAMESPACE {

#define GEOSIM_BATCH_WIDTH(W)                                                                             \
  void NormalRows##W(std::uint64_t* state, double* out, std::size_t rows) {                             \
    normal01_batch_rows<W, false>(state, out, rows, 0, [](std::uint64_t* words, std::uint64_t u) {       \
      return detail::normal01_resume(BatchLane(words, 1), u);                                             \
    });                                                                                                   \
  }                                                                                                       \
  void NormalRowsMasked##W(std::uint64_t* state, double* out, std::size_t rows, std::uint32_t mask) {   \
    normal01_batch_rows<W, true>(state, out, rows, mask, [](std::uint64_t* words, std::uint64_t u) {     \
      return detail::normal01_resume(BatchLane(words, 1), u);                                             \
    });                                                                                                   \
  }
GEOSIM_BATCH_WIDTH(1)
GEOSIM_BATCH_WIDTH(2)
GEOSIM_BATCH_WIDTH(4)
GEOSIM_BATCH_WIDTH(8)
GEOSIM_BATCH_WIDTH(16)
#undef GEOSIM_BATCH_WIDTH

}  // namespace geosim::random::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "geosim/sampling.hpp"

namespace geosim::random {
namespace detail {

namespace {
/// A lane's stream with its last output given back once: the first call returns `first` (which
/// the lane has already drawn), the next ones the lane's next outputs.
class Resumed {
 public:
  using result_type = std::uint64_t;
  static constexpr result_type min() noexcept { return BatchLane::min(); }
  static constexpr result_type max() noexcept { return BatchLane::max(); }
  Resumed(BatchLane lane, std::uint64_t first) noexcept : lane_(lane), first_(first) {}
  result_type operator()() noexcept {
    if (pending_) {
      pending_ = false;
      return first_;
    }
    return lane_();
  }

 private:
  BatchLane lane_;
  std::uint64_t first_;
  bool pending_ = true;
};
}  // namespace

double normal01_resume(BatchLane lane, std::uint64_t first) noexcept {
  Resumed g(lane, first);
  return normal01(g);
}

#define GEOSIM_BATCH_WIDTH(W)                                                                             \
  HWY_EXPORT(NormalRows##W);                                                                              \
  HWY_EXPORT(NormalRowsMasked##W);                                                                        \
  template <>                                                                                             \
  void batch_normal01_rows<W>(std::uint64_t * state, double* out, std::size_t rows) noexcept {            \
    HWY_DYNAMIC_DISPATCH(NormalRows##W)(state, out, rows);                                                \
  }                                                                                                       \
  template <>                                                                                             \
  void batch_normal01_rows_masked<W>(std::uint64_t * state, double* out, std::size_t rows,                \
                                     std::uint32_t mask) noexcept {                                     \
    HWY_DYNAMIC_DISPATCH(NormalRowsMasked##W)(state, out, rows, mask);                                    \
  }
GEOSIM_BATCH_WIDTH(1)
GEOSIM_BATCH_WIDTH(2)
GEOSIM_BATCH_WIDTH(4)
GEOSIM_BATCH_WIDTH(8)
GEOSIM_BATCH_WIDTH(16)
#undef GEOSIM_BATCH_WIDTH

}  // namespace detail
}  // namespace geosim::random
#endif  // HWY_ONCE
