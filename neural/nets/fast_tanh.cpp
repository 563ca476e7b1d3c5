#include "neural/nets/fast_tanh.hpp"

#include <cstdint>
#include <cstring>

namespace kinetic::neural {
namespace {

// Eight floats at once (GCC/Clang vector extensions): AVX registers where the CPU has them, SSE pairs otherwise.
typedef float f8 __attribute__((vector_size(32)));
typedef int32_t i8 __attribute__((vector_size(32)));

#define KINETIC_INLINE __attribute__((always_inline)) inline

KINETIC_INLINE i8 bits(f8 x) { return __builtin_bit_cast(i8, x); }
KINETIC_INLINE f8 from_bits(i8 i) { return __builtin_bit_cast(f8, i); }
KINETIC_INLINE i8 to_int(f8 x) { return __builtin_convertvector(x, i8); }
KINETIC_INLINE f8 to_float(i8 i) { return __builtin_convertvector(i, f8); }

// Every value goes through this one vector formula, tails of rows included (padded), so that a value's tanh
// does not depend on where it sits in a tensor or on how the threads split it. F{} + c splats a constant.
KINETIC_INLINE f8 tanh8(f8 x) {
  using F = f8;
  using I = i8;
  const I sign = bits(x) & (I{} + INT32_MIN);
  const F ax = from_bits(bits(x) & (I{} + INT32_MAX));
  // Small |x|: the odd Taylor series through x^15, at |x|.
  const F s = ax * ax;
  const F p = ax + ax * s * (-1.0f / 3 + s * (2.0f / 15 + s * (-17.0f / 315 + s * (62.0f / 2835 +
                             s * (-1382.0f / 155925 + s * (21844.0f / 6081075 + s * (-929569.0f / 638512875)))))));
  // Otherwise 1 - 2 / (e^y + 1), y = 2|x|. "y > cap" is false for NaN, which thus reaches the result.
  const F cap = F{} + 40.0f;
  F y = 2.0f * ax;
  y = y > cap ? cap : y;
  const I n = to_int(y * 1.44269504088896341f + 0.5f);  // y >= 0: truncation rounds
  const F nf = to_float(n);
  const F r = (y - nf * 0.693145751953125f) - nf * 1.42860682030941723e-6f;  // ln 2 split: n ln2_hi is exact
  const F er = 1.0f + r * (1.0f + r * (0.5f + r * (1.0f / 6 + r * (1.0f / 24 +
                                 r * (1.0f / 120 + r * (1.0f / 720 + r * (1.0f / 5040)))))));
  const F e = er * from_bits((n + 127) << 23);
  const F q = 1.0f - 2.0f / (e + 1.0f);
  // tanh(|x|) with the sign of x put back: odd to the bit, and tanh(-0) = -0.
  return from_bits(bits(ax < F{} + 0.55f ? p : q) | sign);
}

// m <= 8 values: out[k] <- tanh(in[k] (+ bias[k] if given)), zero-padded into one vector (m = 8 is inlined
// with constant-size copies, i.e. plain vector loads and stores).
KINETIC_INLINE void vec8(const float* in, const float* bias, float* out, int64_t m) {
  f8 z{};
  std::memcpy(&z, in, m * sizeof(float));
  if (bias) {  // (no "+ 0" without one: it would turn -0 into +0)
    f8 b{};
    std::memcpy(&b, bias, m * sizeof(float));
    z += b;
  }
  z = tanh8(z);
  std::memcpy(out, &z, m * sizeof(float));
}

// out[i] <- tanh(in[i] (+ bias[i])) for i < n: vectors of 8, then the last n % 8 values in one padded vector.
KINETIC_INLINE void span_impl(const float* in, const float* bias, float* out, int64_t n) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) vec8(in + i, bias ? bias + i : nullptr, out + i, 8);
  if (i < n) vec8(in + i, bias ? bias + i : nullptr, out + i, n - i);
}

KINETIC_INLINE void rows_impl(float* a, const float* bias, int64_t w, int64_t row_begin, int64_t row_end) {
  for (int64_t r = row_begin; r < row_end; ++r) span_impl(a + r * w, bias, a + r * w, w);
}

// The same source twice: for AVX2 + FMA, and for the baseline x86-64 target (two SSE halves per vector).
void flat_generic(const float* in, float* out, int64_t n) { span_impl(in, nullptr, out, n); }
__attribute__((target("avx2,fma"))) void flat_avx2(const float* in, float* out, int64_t n) {
  span_impl(in, nullptr, out, n);
}

void rows_generic(float* a, const float* bias, int64_t w, int64_t row_begin, int64_t row_end) {
  rows_impl(a, bias, w, row_begin, row_end);
}
__attribute__((target("avx2,fma"))) void rows_avx2(float* a, const float* bias, int64_t w, int64_t row_begin,
                                                   int64_t row_end) {
  rows_impl(a, bias, w, row_begin, row_end);
}

bool has_avx2() {
  static const bool yes = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return yes;
}

}  // namespace

void tanh_into(const float* in, float* out, int64_t n) {
  if (has_avx2())
    flat_avx2(in, out, n);
  else
    flat_generic(in, out, n);
}

float fast_tanh(float x) {
  float y;
  tanh_into(&x, &y, 1);
  return y;
}

void bias_tanh_rows(float* a, const float* bias, int64_t w, int64_t row_begin, int64_t row_end) {
  if (has_avx2())
    rows_avx2(a, bias, w, row_begin, row_end);
  else
    rows_generic(a, bias, w, row_begin, row_end);
}

const char* fast_tanh_kernel() { return has_avx2() ? "avx2" : "generic"; }

}  // namespace kinetic::neural
