#pragma once
// Pointwise BGK algebra shared by the kernels of the discrete-velocity solver (one velocity dimension):
// conserved <-> primitive variables, the Maxwellian, and the inverse Gram matrix of the discrete moment map
//   C = [w; w v; w v^2/2]   (C f = sum_k w_k (1, v_k, v_k^2/2) f_k = U),
// which defines the conservative correction f += C^T (C C^T)^{-1} (U - C f) (the smallest change in the
// Euclidean norm that gives f the moments U exactly). Everything here runs inside kernels.
#include <Kokkos_Core.hpp>

#include "classical/vector_exp.hpp"

namespace kinetic::classical::bgk {

// Kokkos moved its math functions from Kokkos::Experimental to Kokkos in 3.7; device code must use them.
#if KOKKOS_VERSION >= 30700
using Kokkos::fabs;
using Kokkos::sqrt;
#else
using Kokkos::Experimental::fabs;
using Kokkos::Experimental::sqrt;
#endif

constexpr double kInvPi = 0.318309886183790671537767526745;

// Primitive state (rho, u, T) of U = (rho, rho u, E), E = rho u^2/2 + rho T/2:  T = (2E - rho u^2)/rho.
struct Primitive {
  double rho, u, T;
};

KOKKOS_INLINE_FUNCTION Primitive primitive_from_conserved(double rho, double momentum, double energy) {
  const double inv_rho = 1.0 / rho;  // one division: the kernels call this once per cell, on the critical path
  const double u = momentum * inv_rho;
  return {rho, u, (2.0 * energy - momentum * u) * inv_rho};
}

// M(v) = rho / sqrt(2 pi T) exp(-(v-u)^2 / (2T)), written as amplitude * exp(-(v-u)^2 * rate). The
// vectorisable exp is used on the host too, so host-built equilibria match the kernels' bit for bit.
// Non-physical states (T <= 0, NaN) give NaN through the amplitude, sqrt(rate / pi).
struct Maxwellian {
  double amplitude, u, rate;
  // rate = 1/(2T) and amplitude = rho sqrt(rate/pi): one division and one square root per cell.
  KOKKOS_INLINE_FUNCTION Maxwellian(const Primitive& q)
      : amplitude(0.0), u(q.u), rate(0.5 / q.T) {
    amplitude = q.rho * sqrt(rate * kInvPi);
  }
  KOKKOS_INLINE_FUNCTION Maxwellian(double amplitude_, double u_, double rate_)
      : amplitude(amplitude_), u(u_), rate(rate_) {}
  KOKKOS_INLINE_FUNCTION double operator()(double v) const {
    const double c = v - u;
    return scaled_exp_nonpositive(c * c * -rate, amplitude);  // -rate is loop-invariant: one multiply less
  }
  // Whether the exponent -(v-u)^2 rate stays above -700 for every v in [vlo, vhi] (false for NaN states),
  // so that unclamped(v) may be used there: the usual case (T = 0.3 at u = 0 and |v| <= 10 is 167).
  KOKKOS_INLINE_FUNCTION bool unclamped_on(double vlo, double vhi) const {
    const double a = (vlo - u) * (vlo - u), b = (vhi - u) * (vhi - u);
    return (a > b ? a : b) * rate <= 700.0;
  }
  // M(v) to the same bits as operator(), without the exponent's clamp at -708 (three operations less per
  // value); only where unclamped_on holds, since below -1022 ln 2 the exponent bits of 2^n would wrap.
  KOKKOS_INLINE_FUNCTION double unclamped(double v) const {
    const double c = v - u;
    return vector_exp_detail::scaled_exp_in_range(c * c * -rate, amplitude);
  }
};

// Symmetric 3x3 matrix (C C^T)^{-1}, with (C C^T)_{ab} = sum_k w_k^2 m_a(v_k) m_b(v_k), m = (1, v, v^2/2).
// It depends only on the velocity grid, so it is formed once on the host and copied into kernels by value.
struct GramInverse {
  double a[3][3];
  // lambda = (C C^T)^{-1} r
  KOKKOS_INLINE_FUNCTION void apply(const double r[3], double lambda[3]) const {
    for (int i = 0; i < 3; ++i) lambda[i] = a[i][0] * r[0] + a[i][1] * r[1] + a[i][2] * r[2];
  }
};

// Builds (C C^T)^{-1} by the adjugate formula (host). The Gram matrix is symmetric positive definite for
// any grid with at least three distinct velocities.
inline GramInverse gram_inverse(const double* v, const double* w, int nv) {
  double g[3][3] = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}};
  for (int k = 0; k < nv; ++k) {
    const double m[3] = {w[k], w[k] * v[k], w[k] * 0.5 * v[k] * v[k]};
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) g[i][j] += m[i] * m[j];
  }
  GramInverse inv;
  const double det = g[0][0] * (g[1][1] * g[2][2] - g[1][2] * g[2][1]) -
                     g[0][1] * (g[1][0] * g[2][2] - g[1][2] * g[2][0]) +
                     g[0][2] * (g[1][0] * g[2][1] - g[1][1] * g[2][0]);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      // cofactor of g[j][i] (transpose) over det
      const int r0 = (j + 1) % 3, r1 = (j + 2) % 3, c0 = (i + 1) % 3, c1 = (i + 2) % 3;
      inv.a[i][j] = (g[r0][c0] * g[r1][c1] - g[r0][c1] * g[r1][c0]) / det;
    }
  return inv;
}

}  // namespace kinetic::classical::bgk
