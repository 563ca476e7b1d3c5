#pragma once
// Elementwise loops over the rows of (rows x w) tensors on LibTorch's intra-op threads, shared by the fused
// jet kernels (jet_tanh, jet_mlp): chunks of whole rows, so each thread writes its own contiguous block.
#include <ATen/Parallel.h>

#include <cstdint>

namespace kinetic::neural {

constexpr int64_t kRowGrain = 64;  // rows per parallel chunk

// f(begin, end) over element ranges [begin, end) made of whole rows.
template <class F>
void for_rows(int64_t rows, int64_t w, F&& f) {
  at::parallel_for(0, rows, kRowGrain, [&](int64_t begin, int64_t end) { f(begin * w, end * w); });
}

// f(i, c) for every element i, with c its column.
template <class F>
void for_elements_by_column(int64_t rows, int64_t w, F&& f) {
  at::parallel_for(0, rows, kRowGrain, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r)
      for (int64_t c = 0; c < w; ++c) f(r * w + c, c);
  });
}

}  // namespace kinetic::neural
