#pragma once
// exp(x) written so that compilers vectorise loops calling it (libm's exp is an opaque call, which keeps
// every loop around it scalar) and so that it runs unchanged in device code. The BGK kernels evaluate one
// Maxwellian value per cell and velocity, so this is their hot spot (the first-collision density of linear
// transport calls it too): with AVX2/AVX-512 (-march=native) a
// loop of vector_exp costs ~0.7 ns per value against ~5 ns for libm's exp; with plain SSE2 ~3 ns.
// Accuracy: relative error <= 1.5 ulp on [-708, 709] (measured against std::exp, see the tests);
// finite x < -708 gives exp(-708) ~ 3e-308 instead of a smaller number, x > 709 gives exp(709), and NaN
// or +-inf give NaN (callers here never pass them for valid states).
//
//   x = n ln2 + r, |r| <= ln2/2:  exp(x) = 2^n exp(r),  exp(r) = 1 + 2 r P(r^2) / (Q(r^2) - r P(r^2))
// (Cephes' rational approximation). n is rounded with the 1.5*2^52 trick and 2^n is built from the exponent
// bits, with no integer<->double conversion (SSE2 and AVX2 have none for 64-bit integers).
#include <Kokkos_Core.hpp>
#include <cstdint>
#include <cstring>

namespace kinetic::classical {

namespace vector_exp_detail {
KOKKOS_INLINE_FUNCTION std::uint64_t bits_of(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}
KOKKOS_INLINE_FUNCTION double double_of(std::uint64_t b) {
  double x;
  std::memcpy(&x, &b, sizeof x);
  return x;
}
// `replacement` where the sign bit of `test` is set, else `value`, by bitwise selection: GCC turns a
// floating-point ?: (or a 0/1 mask product) into branches that keep the loop scalar under the default
// -ftrapping-math; integer bit operations it leaves alone, and they vectorise.
KOKKOS_INLINE_FUNCTION double select_if_negative(double test, double value, double replacement) {
  const std::uint64_t mask = std::uint64_t(0) - (bits_of(test) >> 63);
  return double_of((bits_of(value) & ~mask) | (bits_of(replacement) & mask));
}
// x = n ln2 + r for x already clamped to [-708, 709]: exp(x) = 2^n (1 + t), returned as {t, 2^n}.
struct Reduced {
  double t, scale;
};
KOKKOS_INLINE_FUNCTION Reduced reduce(double x) {
  constexpr double kLog2e = 1.4426950408889634073599;
  constexpr double kLn2Hi = 6.93145751953125e-1;            // ln 2 split in two so that n*kLn2Hi is exact
  constexpr double kLn2Lo = 1.42860682030941723212e-6;
  constexpr double kShifter = 6755399441055744.0;           // 1.5 * 2^52: adding it rounds to an integer
  const double shifted = x * kLog2e + kShifter;
  const double n = shifted - kShifter;                      // nearest integer to x / ln 2
  const double r = (x - n * kLn2Hi) - n * kLn2Lo;
  // Cephes' rational approximation: exp(r) = 1 + 2 r P(r^2) / (Q(r^2) - r P(r^2)), ~1 ulp. p2 = 2 r P(r^2)
  // by doubled coefficients and q - p2/2 as one FMA: the same bits as 2p / (q - p), two operations less.
  const double r2 = r * r;
  const double p2 = r * ((2.52354386149621181756e-4 * r2 + 6.05988815414883922600e-2) * r2 + 2.0);
  const double q = ((3.00198505138664455042e-6 * r2 + 2.52448340349684104192e-3) * r2 +
                    2.27265548208155028766e-1) * r2 + 2.0;
  return {p2 / (q - 0.5 * p2), double_of((bits_of(shifted) + 1023u) << 52)};
}
KOKKOS_INLINE_FUNCTION double exp_in_range(double x) {
  const Reduced e = reduce(x);
  return (1.0 + e.t) * e.scale;
}
// factor exp(x) as s + s t with s = factor 2^n: one multiply less than factor * exp(x), within 1 ulp of it.
KOKKOS_INLINE_FUNCTION double scaled_exp_in_range(double x, double factor) {
  const Reduced e = reduce(x);
  const double s = factor * e.scale;
  return s + s * e.t;
}
}  // namespace vector_exp_detail

KOKKOS_INLINE_FUNCTION double vector_exp(double x) {
  const double input = x;
  x = vector_exp_detail::select_if_negative(x + 708.0, x, -708.0);  // clamp to [-708, 709]
  x = vector_exp_detail::select_if_negative(709.0 - x, x, 709.0);
  // + (input - input): 0 for finite input, NaN for NaN (which the bitwise clamp would have replaced).
  return vector_exp_detail::exp_in_range(x) + (input - input);
}

// factor * exp(x) for x <= 0 (a Maxwellian: its amplitude times the exponential), within 1 ulp of
// factor * vector_exp(x) and four operations cheaper besides the folded multiply: no upper clamp and no NaN
// propagation (x > 0 or NaN give a finite but meaningless value; the Maxwellian's amplitude carries any NaN
// of its state).
KOKKOS_INLINE_FUNCTION double scaled_exp_nonpositive(double x, double factor) {
  return vector_exp_detail::scaled_exp_in_range(vector_exp_detail::select_if_negative(x + 708.0, x, -708.0),
                                                factor);
}

}  // namespace kinetic::classical
