#pragma once
// tanh for float32 network layers, vectorized. The hidden-layer GEMMs bound a training step; after them,
// LibTorch's tanh (Sleef, 1-ulp) was the largest single cost of the Case I step (6-7 % on one thread) and
// the bias was added in a pass of its own. This computes a <- tanh(a + bias) in one pass, at a few ulp
// (tested: relative error below 1e-6 against double tanh over [-20, 20]), which float32 training does not
// notice. Float64 networks keep LibTorch's tanh.
//
// Method: |x| < 0.55: the odd Taylor series of tanh through x^15 (truncation < 5e-8 relative there);
// otherwise 1 - 2 / (e^(2|x|) + 1) with the sign of x, e^y = 2^n e^r, n = round(y / ln 2), |r| <= ln 2 / 2,
// e^r by its Taylor polynomial of degree 7 (truncation < 6e-9), 2^n through the exponent bits; 2|x| is
// capped at 40, where tanh is 1 in float.
#include <cstdint>

namespace kinetic::neural {

// row-major (rows x w) block: a[r * w + c] <- tanh(a[r * w + c] + bias[c]) for rows [row_begin, row_end).
void bias_tanh_rows(float* a, const float* bias, int64_t w, int64_t row_begin, int64_t row_end);

// out[i] <- tanh(in[i]) for i in [0, n) (out may be in).
void tanh_into(const float* in, float* out, int64_t n);

// One value (through the same vector formula: every entry point gives the same bits for the same input).
float fast_tanh(float x);

// Which kernel bias_tanh_rows runs on this CPU ("avx2" or "generic").
const char* fast_tanh_kernel();

}  // namespace kinetic::neural
