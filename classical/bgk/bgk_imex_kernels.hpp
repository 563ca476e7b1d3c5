#pragma once
// The kernels of one IMEX step of the BGK discrete-velocity solver (see bgk_imex.hpp for the scheme).
// Layout: f(c, k), c = cell index with two ghost cells on each side (interior c = 2 .. nx+1), k = velocity,
// velocities ascending with v_k < 0 for k < kpos and v_k > 0 for k >= kpos. cm(a, k) = w_k m_a(v_k) is the
// moment map C (m = 1, v, v^2/2). Two versions of the same arithmetic:
//   fused_step      two passes: face fluxes (one limited slope per face and velocity), then transport,
//                   moments, relaxation and correction in one pass over cells while f(c, .) is in cache
//                   (relaxation_stage, also the building block of the IMEX Runge-Kutta stages); the
//                   Maxwellian is evaluated once per (cell, velocity) and never stored;
//   multipass_step  the plain sequence of whole-grid passes (fluxes, transport, moments, Maxwellian,
//                   correction, relaxation) as an array code would write it; kept as the benchmark's
//                   baseline and as an independent cross-check of the fused kernel.
#include <Kokkos_Core.hpp>

#include "classical/bgk/bgk_moments.hpp"
#include "classical/host_threads.hpp"
#include "classical/views.hpp"

namespace kinetic::classical::bgk {

// Limited slope of a cell from its backward difference a and forward difference b. Branch-free forms so
// the velocity loops vectorise.
struct NoSlope {  // first-order upwind
  KOKKOS_INLINE_FUNCTION static double slope(double, double) { return 0.0; }
};
struct MinmodSlope {  // s = minmod(a, b)
  KOKKOS_INLINE_FUNCTION static double slope(double a, double b) {
    const double m = fabs(a) < fabs(b) ? a : b;
    return a * b > 0.0 ? m : 0.0;
  }
};
struct VanLeerSlope {  // s = phi_vL(b/a) a: harmonic mean if same sign, else 0
  KOKKOS_INLINE_FUNCTION static double slope(double a, double b) { return van_leer_branch_free(a, b); }
};

// Parameters of one stage: lambda = dt/dx; lw = 1 for the Lax-Wendroff (space-time) face values of the
// one-step scheme, 0 for the MUSCL (semi-discrete) face values of the Runge-Kutta scheme; relaxation
// weights a = eps/(eps + c dt), b = c dt/(eps + c dt), c the implicit diagonal coefficient (1 for Euler).
struct StepParams {
  int nx, nv, kpos;
  double lambda, lw, a, b;
  GramInverse gram;
  int threads = 1;  // host threads of the cell loops on Kokkos' Serial backend (host_threads.hpp)
};

// Face fluxes, one limited slope per face and velocity (face j lies between storage cells j+1 and j+2),
// with nu = |v| dt/dx and h = (1 - lw nu)/2 (limited Lax-Wendroff correction, or the MUSCL half slope):
//   v < 0:  F_j = v (f_c - h s_c),  c = j + 2  (upwind cell on the right)
//   v > 0:  F_j = v (f_c + h s_c),  c = j + 1  (upwind cell on the left)
template <class Limiter>
void face_fluxes(const View2& f, const View2& flux, const View1& v, const StepParams& p) {
  parallel_cells(
      "bgk_imex::face_fluxes", p.nx + 1, p.threads, KOKKOS_LAMBDA(const int j) {
        // Two sign-uniform loops instead of a branch per velocity, so both vectorise.
        for (int k = 0; k < p.kpos; ++k) {
          const int c = j + 2;
          const double h = 0.5 * (1.0 + p.lw * v(k) * p.lambda);
          const double fm = f(c - 1, k), f0 = f(c, k), fp = f(c + 1, k);
          flux(j, k) = v(k) * (f0 - h * Limiter::slope(f0 - fm, fp - f0));
        }
        for (int k = p.kpos; k < p.nv; ++k) {
          const int c = j + 1;
          const double h = 0.5 * (1.0 - p.lw * v(k) * p.lambda);
          const double fm = f(c - 1, k), f0 = f(c, k), fp = f(c + 1, k);
          flux(j, k) = v(k) * (f0 + h * Limiter::slope(f0 - fm, fp - f0));
        }
      });
}

// What one implicit stage starts from (interior cell i, storage c = i + 2):
//   f* = base_c - dt/dx [wa (Fa_{i+1} - Fa_i) + wb (Fb_{i+1} - Fb_i)] + ws S_i
// and, if asked, what it leaves for a later stage: S'_i = so (f_new - f*) (a multiple of dt Q(f_new)).
struct StageInput {
  View2 base, flux_a, flux_b, source, source_out;
  double wa = 1.0, wb = 0.0, ws = 0.0, so = 0.0;
};

// One implicit relaxation stage, everything in one pass over cells while f(c, .) is in cache:
//   f* as above,  U = C f*
//   g  = a f* + b M[U]                       (M evaluated once per velocity, never stored)
//   f_new = g + C^T (C C^T)^{-1} (U - C g)   (= a f* + b E[U], since C f* = U; conservative to round-off)
// The template flags compile the optional second flux and the stage sources in or out.
template <bool kSecondFlux, bool kSource, bool kStoreSource>
void relaxation_stage(const StageInput& in, const View2& fn, const View1& v, const View2& cm, const StepParams& p) {
  const View2 base = in.base, fa = in.flux_a, fb = in.flux_b, src = in.source, src_out = in.source_out;
  const double la = p.lambda * in.wa, lb = p.lambda * in.wb, ws = in.ws, so = in.so;
  parallel_cells(
      "bgk_imex::relaxation_stage", p.nx, p.threads, KOKKOS_LAMBDA(const int i) {
        const int c = i + 2;
        // Row pointers (View2 is LayoutRight: a cell's velocities are contiguous), restrict-qualified, and the
        // velocity sums as `omp simd` reductions: with View indexing the compiler gathered and scattered, and
        // summed each moment in order, a chain of dependent scalar adds (perf: vgatherqpd, vaddsd).
        const double* KOKKOS_RESTRICT b_row = &base(c, 0);
        const double* KOKKOS_RESTRICT fa_lo = &fa(i, 0);
        const double* KOKKOS_RESTRICT fa_hi = &fa(i + 1, 0);
        const double* KOKKOS_RESTRICT fb_lo = kSecondFlux ? &fb(i, 0) : nullptr;
        const double* KOKKOS_RESTRICT fb_hi = kSecondFlux ? &fb(i + 1, 0) : nullptr;
        const double* KOKKOS_RESTRICT s_row = kSource ? &src(i, 0) : nullptr;
        const double* KOKKOS_RESTRICT m0 = &cm(0, 0);
        const double* KOKKOS_RESTRICT m1 = &cm(1, 0);
        const double* KOKKOS_RESTRICT m2 = &cm(2, 0);
        const double* KOKKOS_RESTRICT vel = v.data();
        double* KOKKOS_RESTRICT out = &fn(c, 0);
        const int nv = p.nv;
        // f*_k; evaluated again in the last loop when S' is stored (cheaper than keeping it: an extra
        // store in the first loop stops its vectorisation)
        auto transported = [&](int k) {
          double fs = b_row[k] - la * (fa_hi[k] - fa_lo[k]);
          if (kSecondFlux) fs -= lb * (fb_hi[k] - fb_lo[k]);
          if (kSource) fs += ws * s_row[k];
          return fs;
        };
        double U0 = 0.0, U1 = 0.0, U2 = 0.0;
        KINETIC_SIMD_REDUCTION(+ : U0, U1, U2)
        for (int k = 0; k < nv; ++k) {
          const double fs = transported(k);
          out[k] = fs;
          U0 += m0[k] * fs;
          U1 += m1[k] * fs;
          U2 += m2[k] * fs;
        }
        const Maxwellian M(primitive_from_conserved(U0, U1, U2));
        const double a = p.a, b = p.b;
        KINETIC_SIMD
        for (int k = 0; k < nv; ++k) out[k] = a * out[k] + b * M(vel[k]);
        double G0 = 0.0, G1 = 0.0, G2 = 0.0;
        KINETIC_SIMD_REDUCTION(+ : G0, G1, G2)
        for (int k = 0; k < nv; ++k) {
          const double g = out[k];
          G0 += m0[k] * g;
          G1 += m1[k] * g;
          G2 += m2[k] * g;
        }
        const double r[3] = {U0 - G0, U1 - G1, U2 - G2};
        double lam[3];
        p.gram.apply(r, lam);
        KINETIC_SIMD
        for (int k = 0; k < nv; ++k) out[k] += m0[k] * lam[0] + m1[k] * lam[1] + m2[k] * lam[2];
        if (kStoreSource) {
          double* KOKKOS_RESTRICT s_out = &src_out(i, 0);
          for (int k = 0; k < nv; ++k) s_out[k] = so * (out[k] - transported(k));
        }
      });
}

// Forward-backward IMEX Euler step: Lax-Wendroff limited fluxes, then one relaxation stage.
template <class Limiter>
void fused_step(const View2& f, const View2& fn, const View2& flux, const View1& v, const View2& cm,
                const StepParams& p) {
  face_fluxes<Limiter>(f, flux, v, p);
  StageInput in;
  in.base = f;
  in.flux_a = in.flux_b = flux;
  relaxation_stage<false, false, false>(in, fn, v, cm, p);
}

// Scratch of the multi-pass version: face fluxes (nx+1, nv), Maxwellians (nx, nv), per-cell 3-vectors.
struct MultipassScratch {
  View2 flux, equilibrium, cell;
};

// Same arithmetic as fused_step, one whole-grid pass per stage.
template <class Limiter>
void multipass_step(const View2& f, const View2& fn, const View1& v, const View2& cm, const StepParams& p,
                    const MultipassScratch& s) {
  using MD = Kokkos::MDRangePolicy<Kokkos::Rank<2>>;
  const View2 flux = s.flux, eq = s.equilibrium, cell = s.cell;
  // Face j sits between storage cells j+1 and j+2:  F = v (f_up -/+ h s_up).
  Kokkos::parallel_for(
      "bgk_imex::fluxes", MD({0, 0}, {p.nx + 1, p.nv}), KOKKOS_LAMBDA(const int j, const int k) {
        const double nu = fabs(v(k)) * p.lambda, h = 0.5 * (1.0 - p.lw * nu);
        if (v(k) < 0.0) {
          const int c = j + 2;
          flux(j, k) = v(k) * (f(c, k) - h * Limiter::slope(f(c, k) - f(c - 1, k), f(c + 1, k) - f(c, k)));
        } else {
          const int c = j + 1;
          flux(j, k) = v(k) * (f(c, k) + h * Limiter::slope(f(c, k) - f(c - 1, k), f(c + 1, k) - f(c, k)));
        }
      });
  // f* = f - dt/dx (F_{i+1/2} - F_{i-1/2})
  Kokkos::parallel_for(
      "bgk_imex::transport", MD({0, 0}, {p.nx, p.nv}), KOKKOS_LAMBDA(const int i, const int k) {
        fn(i + 2, k) = f(i + 2, k) - p.lambda * (flux(i + 1, k) - flux(i, k));
      });
  // U = C f*
  Kokkos::parallel_for(
      "bgk_imex::moments", Kokkos::RangePolicy<>(0, p.nx), KOKKOS_LAMBDA(const int i) {
        for (int a = 0; a < 3; ++a) {
          double sum = 0.0;
          for (int k = 0; k < p.nv; ++k) sum += cm(a, k) * fn(i + 2, k);
          cell(i, a) = sum;
        }
      });
  // M[U] at every (cell, velocity)
  Kokkos::parallel_for(
      "bgk_imex::maxwellian", MD({0, 0}, {p.nx, p.nv}), KOKKOS_LAMBDA(const int i, const int k) {
        eq(i, k) = Maxwellian(primitive_from_conserved(cell(i, 0), cell(i, 1), cell(i, 2)))(v(k));
      });
  // lambda = (C C^T)^{-1} (U - C M), stored in place of U
  Kokkos::parallel_for(
      "bgk_imex::correction", Kokkos::RangePolicy<>(0, p.nx), KOKKOS_LAMBDA(const int i) {
        double r[3], lam[3];
        for (int a = 0; a < 3; ++a) {
          double sum = 0.0;
          for (int k = 0; k < p.nv; ++k) sum += cm(a, k) * eq(i, k);
          r[a] = cell(i, a) - sum;
        }
        p.gram.apply(r, lam);
        for (int a = 0; a < 3; ++a) cell(i, a) = lam[a];
      });
  // f = a f* + b (M + C^T lambda)
  Kokkos::parallel_for(
      "bgk_imex::relaxation", MD({0, 0}, {p.nx, p.nv}), KOKKOS_LAMBDA(const int i, const int k) {
        const double correction = cm(0, k) * cell(i, 0) + cm(1, k) * cell(i, 1) + cm(2, k) * cell(i, 2);
        fn(i + 2, k) = p.a * fn(i + 2, k) + p.b * (eq(i, k) + correction);
      });
}

}  // namespace kinetic::classical::bgk
