#pragma once
// The kernels of one IMEX step of the BGK discrete-velocity solver (see bgk_imex.hpp for the scheme).
// Layout: f(c, k), c = cell index with two ghost cells on each side (interior c = 2 .. nx+1), k = velocity
// slot, velocities ascending with v_k < 0 for k < kpos and v_k > 0 for k >= kpos; kpos and nv - kpos are
// multiples of the vector width (the solver pads each sign with slots of v = 0 and zero weights, so no loop
// has a scalar remainder). cm(a, k) = w_k m_a(v_k) is the moment map C (m = 1, v, v^2/2). Two versions of the
// same scheme (their roundings differ in the face flux, which fused_step forms with c_k = -+v h, tested to 1e-12):
//   fused_step      one pass over blocks of cells: face fluxes (one limited slope per face and velocity,
//                   kept in L1), transport, moments, relaxation and correction while f(c, .) is in cache
//                   (relaxation_stage, also the building block of the IMEX Runge-Kutta stages, which read
//                   their fluxes from face_fluxes' arrays); the Maxwellian is evaluated once per (cell,
//                   velocity) and never stored;
//   multipass_step  the plain sequence of whole-grid passes (fluxes, transport, moments, Maxwellian,
//                   correction, relaxation) as an array code would write it; kept as the benchmark's
//                   baseline and as an independent cross-check of the fused kernel.
#include <Kokkos_Core.hpp>

#include <stdexcept>
#include <type_traits>

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
  double vlo = 0.0, vhi = 0.0;  // smallest and largest velocity of any storage slot (pad slots hold v = 0)
  View1 slope_coef;  // c_k of the face fluxes, set by face_slope_coefficients once per step
};

// The face flux is F = v f_up + c_k s_up with c_k = -+ v h, h = 0.5 +- (lw lambda / 2) v (the signs for v < 0
// and v > 0): per velocity and step, not per face, so the flux loops do one multiply and one FMA per value.
inline void face_slope_coefficients(const View1& v, const StepParams& p) {
  if (p.slope_coef.extent(0) != static_cast<std::size_t>(p.nv))
    throw std::logic_error("bgk_imex: StepParams::slope_coef needs one entry per velocity slot");
  const View1 c = p.slope_coef;
  const double half_lw_lambda = 0.5 * p.lw * p.lambda;
  const int kpos = p.kpos;
  Kokkos::parallel_for(
      "bgk_imex::slope_coef", p.nv, KOKKOS_LAMBDA(const int k) {
        c(k) = k < kpos ? -v(k) * (0.5 + half_lw_lambda * v(k)) : v(k) * (0.5 - half_lw_lambda * v(k));
      });
}

// Face fluxes, one limited slope per face and velocity (face j lies between storage cells j+1 and j+2),
// with nu = |v| dt/dx and h = (1 - lw nu)/2 (limited Lax-Wendroff correction, or the MUSCL half slope):
//   v < 0:  F_j = v (f_c - h s_c) = v f_c + c_k s_c,  c = j + 2  (upwind cell on the right)
//   v > 0:  F_j = v (f_c + h s_c) = v f_c + c_k s_c,  c = j + 1  (upwind cell on the left)
// (c_k from face_slope_coefficients)
template <class Limiter>
KOKKOS_INLINE_FUNCTION void face_flux_row(const View2& f, const View1& v, const StepParams& p, int j,
                                          double* KOKKOS_RESTRICT out) {
  const double* KOKKOS_RESTRICT vel = v.data();
  const double* KOKKOS_RESTRICT coef = p.slope_coef.data();
  // Two sign-uniform loops instead of a branch per velocity, so both vectorise; row pointers, since View
  // indexing made the compiler gather.
  {
    const double* KOKKOS_RESTRICT fm = &f(j + 1, 0);  // upwind cell c = j + 2 and its neighbours
    const double* KOKKOS_RESTRICT f0 = &f(j + 2, 0);
    const double* KOKKOS_RESTRICT fp = &f(j + 3, 0);
    KINETIC_SIMD
    for (int k = 0; k < p.kpos; ++k)
      out[k] = vel[k] * f0[k] + coef[k] * Limiter::slope(f0[k] - fm[k], fp[k] - f0[k]);
  }
  {
    const double* KOKKOS_RESTRICT fm = &f(j, 0);  // upwind cell c = j + 1 and its neighbours
    const double* KOKKOS_RESTRICT f0 = &f(j + 1, 0);
    const double* KOKKOS_RESTRICT fp = &f(j + 2, 0);
    KINETIC_SIMD
    for (int k = p.kpos; k < p.nv; ++k)
      out[k] = vel[k] * f0[k] + coef[k] * Limiter::slope(f0[k] - fm[k], fp[k] - f0[k]);
  }
}

template <class Limiter>
void face_fluxes(const View2& f, const View2& flux, const View1& v, const StepParams& p) {
  parallel_cells(
      "bgk_imex::face_fluxes", p.nx + 1, p.threads,
      KOKKOS_LAMBDA(const int j) { face_flux_row<Limiter>(f, v, p, j, &flux(j, 0)); });
}

// Computing the fluxes inside the relaxation stage (InlineFlux = the limiter; NoInlineFlux: read them from
// StageInput's views) keeps them in a two-row buffer in L1 instead of a whole-grid array; each block of cells
// computes its first face again (1 face in kCellBlock + 1). Rows of at most kMaxInlineSlots velocities.
struct NoInlineFlux {};
constexpr int kMaxInlineSlots = 256;
// Whether fused_step computes its fluxes in the block (else it needs the whole-grid flux array).
KOKKOS_INLINE_FUNCTION constexpr bool fluxes_inline(int slots) { return slots <= kMaxInlineSlots; }

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
// Cells go in blocks of kCellBlock, each phase for the whole block before the next: the per-cell scalar
// chain (moments -> (rho, u, T) -> Maxwellian parameters; the Gram solve) then runs as one vector across
// the block's cells, and the velocity loops of neighbouring cells are independent work around it. Cell by
// cell, perf found the core waiting on that chain's divisions and square root between the velocity loops.
// The template flags compile the optional second flux and the stage sources in or out.
constexpr int kCellBlock = 16;
// The velocity extent p.nv and p.kpos are multiples of kLanes (the solver pads each sign to it, so that the
// vector loops have no remainder; 8 doubles = one AVX-512 vector, two AVX2 ones): the velocity sums keep kLanes
// partial sums and add them by a balanced tree, where an `omp simd` reduction ends in a chain of dependent
// scalar adds per cell.
constexpr int kLanes = 8;
KOKKOS_INLINE_FUNCTION double lane_sum(const double (&a)[kLanes]) {
  return ((a[0] + a[4]) + (a[2] + a[6])) + ((a[1] + a[5]) + (a[3] + a[7]));
}

template <bool kSecondFlux, bool kSource, bool kStoreSource, class InlineFlux = NoInlineFlux>
void relaxation_stage(const StageInput& in, const View2& fn, const View1& v, const View2& cm, const StepParams& p) {
  constexpr bool kInline = !std::is_same_v<InlineFlux, NoInlineFlux>;
  static_assert(!(kInline && (kSecondFlux || kStoreSource)), "inline fluxes: the one-step scheme only");
  const View2 base = in.base, fa = in.flux_a, fb = in.flux_b, src = in.source, src_out = in.source_out;
  const double la = p.lambda * in.wa, lb = p.lambda * in.wb, ws = in.ws, so = in.so;
  const int blocks = (p.nx + kCellBlock - 1) / kCellBlock;
  parallel_cells(
      "bgk_imex::relaxation_stage", blocks, p.threads, KOKKOS_LAMBDA(const int block) {
        const int first = block * kCellBlock;
        const int count = p.nx - first < kCellBlock ? p.nx - first : kCellBlock;
        // Row pointers (View2 is LayoutRight: a cell's velocities are contiguous), restrict-qualified, and the
        // velocity sums in kLanes partial sums: with View indexing the compiler gathered and scattered, and
        // summed each moment in order, a chain of dependent scalar adds (perf: vgatherqpd, vaddsd).
        const double* KOKKOS_RESTRICT m0 = &cm(0, 0);
        const double* KOKKOS_RESTRICT m1 = &cm(1, 0);
        const double* KOKKOS_RESTRICT m2 = &cm(2, 0);
        const double* KOKKOS_RESTRICT vel = v.data();
        const int nv = p.nv;
        // f*_k of cell i; evaluated again in the last loop when S' is stored (cheaper than keeping it: an
        // extra store in the first loop stops its vectorisation)
        auto transported = [&](int i, int k) {
          double fs = base(i + 2, k) - la * (fa(i + 1, k) - fa(i, k));
          if (kSecondFlux) fs -= lb * (fb(i + 1, k) - fb(i, k));
          if (kSource) fs += ws * src(i, k);
          return fs;
        };
        // U = C f*. Cells past the end of the grid get the moments of a unit Maxwellian, so that the vector
        // chain below sees valid states; their results are never used.
        double U0[kCellBlock], U1[kCellBlock], U2[kCellBlock];
        for (int b = 0; b < kCellBlock; ++b) U0[b] = 1.0, U1[b] = 0.0, U2[b] = 0.5;
        alignas(64) double face_rows[kInline ? 2 : 1][kInline ? kMaxInlineSlots : 1];
        if constexpr (kInline) face_flux_row<InlineFlux>(base, v, p, first, face_rows[0]);
        for (int b = 0; b < count; ++b) {
          const int i = first + b, c = i + 2;
          const double* KOKKOS_RESTRICT b_row = &base(c, 0);
          if constexpr (kInline) face_flux_row<InlineFlux>(base, v, p, i + 1, face_rows[(b + 1) & 1]);
          const double* KOKKOS_RESTRICT fa_lo = kInline ? face_rows[b & 1] : &fa(i, 0);
          const double* KOKKOS_RESTRICT fa_hi = kInline ? face_rows[(b + 1) & 1] : &fa(i + 1, 0);
          const double* KOKKOS_RESTRICT fb_lo = kSecondFlux ? &fb(i, 0) : nullptr;
          const double* KOKKOS_RESTRICT fb_hi = kSecondFlux ? &fb(i + 1, 0) : nullptr;
          const double* KOKKOS_RESTRICT s_row = kSource ? &src(i, 0) : nullptr;
          double* KOKKOS_RESTRICT out = &fn(c, 0);
          double s0[kLanes] = {}, s1[kLanes] = {}, s2[kLanes] = {};
          for (int k0 = 0; k0 < nv; k0 += kLanes) {
            KINETIC_SIMD
            for (int j = 0; j < kLanes; ++j) {
              const int k = k0 + j;
              double fs = b_row[k] - la * (fa_hi[k] - fa_lo[k]);
              if (kSecondFlux) fs -= lb * (fb_hi[k] - fb_lo[k]);
              if (kSource) fs += ws * s_row[k];
              out[k] = fs;
              s0[j] += m0[k] * fs;
              s1[j] += m1[k] * fs;
              s2[j] += m2[k] * fs;
            }
          }
          U0[b] = lane_sum(s0), U1[b] = lane_sum(s1), U2[b] = lane_sum(s2);
        }
        // The block's Maxwellians, one vector of cells.
        double amplitude[kCellBlock], mean[kCellBlock], rate[kCellBlock];
        KINETIC_SIMD
        for (int b = 0; b < kCellBlock; ++b) {
          const Maxwellian M(primitive_from_conserved(U0[b], U1[b], U2[b]));
          amplitude[b] = M.amplitude, mean[b] = M.u, rate[b] = M.rate;
        }
        // g = a f* + b M and its moments C g, in one loop.
        const double a = p.a, bw = p.b;
        double R0[kCellBlock], R1[kCellBlock], R2[kCellBlock];
        for (int b = 0; b < kCellBlock; ++b) R0[b] = R1[b] = R2[b] = 0.0;
        for (int b = 0; b < count; ++b) {
          double* KOKKOS_RESTRICT out = &fn(first + b + 2, 0);
          const Maxwellian bM{bw * amplitude[b], mean[b], rate[b]};  // b M
          double G0[kLanes] = {}, G1[kLanes] = {}, G2[kLanes] = {};
          auto relax = [&](const auto& equilibrium) {
            for (int k0 = 0; k0 < nv; k0 += kLanes) {
              KINETIC_SIMD
              for (int j = 0; j < kLanes; ++j) {
                const int k = k0 + j;
                const double g = a * out[k] + equilibrium(vel[k]);
                out[k] = g;
                G0[j] += m0[k] * g;
                G1[j] += m1[k] * g;
                G2[j] += m2[k] * g;
              }
            }
          };
          // The exponent's clamp only for cells cold or fast enough to need it (same values either way).
          if (bM.unclamped_on(p.vlo, p.vhi))
            relax([&](double v) { return bM.unclamped(v); });
          else
            relax(bM);
          R0[b] = U0[b] - lane_sum(G0), R1[b] = U1[b] - lane_sum(G1), R2[b] = U2[b] - lane_sum(G2);
        }
        // lambda = (C C^T)^{-1} (U - C g), one vector of cells.
        double L0[kCellBlock], L1[kCellBlock], L2[kCellBlock];
        KINETIC_SIMD
        for (int b = 0; b < kCellBlock; ++b) {
          const double r[3] = {R0[b], R1[b], R2[b]};
          double lam[3];
          p.gram.apply(r, lam);
          L0[b] = lam[0], L1[b] = lam[1], L2[b] = lam[2];
        }
        // f_new = g + C^T lambda
        for (int b = 0; b < count; ++b) {
          const int i = first + b;
          double* KOKKOS_RESTRICT out = &fn(i + 2, 0);
          const double l0 = L0[b], l1 = L1[b], l2 = L2[b];
          KINETIC_SIMD
          for (int k = 0; k < nv; ++k) out[k] += m0[k] * l0 + m1[k] * l1 + m2[k] * l2;
          if (kStoreSource) {
            double* KOKKOS_RESTRICT s_out = &src_out(i, 0);
            for (int k = 0; k < nv; ++k) s_out[k] = so * (out[k] - transported(i, k));
          }
        }
      });
}

// Forward-backward IMEX Euler step: Lax-Wendroff limited fluxes, then one relaxation stage.
template <class Limiter>
void fused_step(const View2& f, const View2& fn, const View2& flux, const View1& v, const View2& cm,
                const StepParams& p) {
  StageInput in;
  in.base = f;
  in.flux_a = in.flux_b = flux;
  if (fluxes_inline(p.nv)) {
    relaxation_stage<false, false, false, Limiter>(in, fn, v, cm, p);
    return;
  }
  face_fluxes<Limiter>(f, flux, v, p);
  relaxation_stage<false, false, false>(in, fn, v, cm, p);
}

// Scratch of the multi-pass version: face fluxes (nx+1, nv), Maxwellians (nx, nv), per-cell 3-vectors.
struct MultipassScratch {
  View2 flux, equilibrium, cell;
};

// The scheme of fused_step, one whole-grid pass per stage.
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
