#include "classical/linear_transport/micro_macro_kernels.hpp"

#include <type_traits>

namespace kinetic::classical::mm {

namespace {

// Value of g at a node for an ordinate moving from cell `up` towards `down` (`upup` behind `up`). First order:
// the upwind value. Second order: g_up + (1 - nu)/2 psi(g_down - g_up, g_up - g_upup), van Leer limited;
// nu is the Courant number of a forward-Euler transport step (Lax-Wendroff) or 0 inside Runge-Kutta stages.
template <bool Second>
KOKKOS_INLINE_FUNCTION double face_value(double g_upup, double g_up, double g_down, double nu) {
  if (!Second) return g_up;
  return g_up + 0.5 * (1.0 - nu) * van_leer(g_down - g_up, g_up - g_upup);
}

// Faces at node i lie between stored cells i+1 and i+2 (cell c is stored at c+2).
template <bool Second>
KOKKOS_INLINE_FUNCTION double face_positive(const View2& g, int i, int k, double nu) {
  return face_value<Second>(g(i, k), g(i + 1, k), g(i + 2, k), nu);
}
template <bool Second>
KOKKOS_INLINE_FUNCTION double face_negative(const View2& g, int i, int k, double nu) {
  return face_value<Second>(g(i + 3, k), g(i + 2, k), g(i + 1, k), nu);
}

KOKKOS_INLINE_FUNCTION double capped(double nu) { return nu < 1.0 ? nu : 1.0; }

// Transport of cell c into out(c+2, k), T_k = v_k (g_face(c+1) - g_face(c))/dx, returning <T>.
// `courant` is |v|-free: nu_k = min(1, |v_k| courant).
template <bool Second>
KOKKOS_INLINE_FUNCTION double transport(const Fields& f, const View2& g, int c, double courant, const View2& out) {
  const double inv_dx = 1.0 / f.dx;
  double mean = 0.0;
  for (int k = 0; k < f.k_pos; ++k) {
    const double nu = capped(-f.v(k) * courant);
    const double tk = f.v(k) * (face_negative<Second>(g, c + 1, k, nu) - face_negative<Second>(g, c, k, nu)) * inv_dx;
    out(c + 2, k) = tk;
    mean += f.w(k) * tk;
  }
  for (int k = f.k_pos; k < f.nv; ++k) {
    const double nu = capped(f.v(k) * courant);
    const double tk = f.v(k) * (face_positive<Second>(g, c + 1, k, nu) - face_positive<Second>(g, c, k, nu)) * inv_dx;
    out(c + 2, k) = tk;
    mean += f.w(k) * tk;
  }
  return mean;
}

KOKKOS_INLINE_FUNCTION double source_mean(const Fields& f, int c) {
  double mean = 0.0;
  for (int k = 0; k < f.nv; ++k) mean += f.w(k) * f.source_cell(c, k);
  return mean;
}

// Per-cell coefficients of the micro step (collision implicit): inv = 1/(eps^2 + dt (sigma_s + eps^2 sigma_a)),
// keep = eps^2 inv (weight of the old g), beta = eps dt inv (of the transport), and the density-gradient term
// drho = dt inv (rho_{c+1} - rho_c)/dx.
struct MicroStep {
  double keep, beta, drho;
};
KOKKOS_INLINE_FUNCTION MicroStep micro_step(const Fields& f, double dt, const View1& rho, int c) {
  const double eps2 = f.eps * f.eps;
  const double inv = 1.0 / (eps2 + dt * (f.sigma_s_cell(c) + eps2 * f.sigma_a_cell(c)));
  return {eps2 * inv, f.eps * dt * inv, dt * inv * (rho(c + 1 < f.nodes ? c + 1 : 0) - rho(c)) / f.dx};
}

// g^{n+1}_{c,k} = [eps^2 g - eps dt (T_k - <T>) - dt v_k (rho_{c+1} - rho_c)/dx + eps dt (G - <G>)]
//                 / (eps^2 + dt (sigma_s + eps^2 sigma_a)),
// with the Lax-Wendroff Courant number of the update, nu_k = |v_k| eps dt / ((eps^2 + dt sigma) dx);
// and the cell's macro flux  F_c = <v g^{n+1}_c>.
template <bool Second>
void micro_imex_euler_impl(const Fields& f, double dt, const View2& g, const View1& rho, const View2& g_new,
                           const View1& cell_flux) {
  Kokkos::parallel_for("mm_micro_euler", f.cells, KOKKOS_LAMBDA(const int c) {
    const auto [keep, beta, drho] = micro_step(f, dt, rho, c);
    const double mean_t = transport<Second>(f, g, c, beta / f.dx, g_new);  // g_new holds T_k for now
    const double mean_g = f.has_source ? source_mean(f, c) : 0.0;
    double flux = 0.0;
    for (int k = 0; k < f.nv; ++k) {
      double value = keep * g(c + 2, k) - beta * (g_new(c + 2, k) - mean_t) - f.v(k) * drho;
      if (f.has_source) value += beta * (f.source_cell(c, k) - mean_g);
      g_new(c + 2, k) = value;
      flux += f.w(k) * f.v(k) * value;
    }
    cell_flux(c) = flux;
  });
}

// The same update for first-order transport without a source, the most common case, written on row pointers:
// rows of g are contiguous in k (View2 is LayoutRight), and restrict-qualified rows plus `omp simd`
// reductions let the compiler vectorise every k loop without alias checks (measured in bench_linear_transport).
// NV > 0 fixes the ordinate count at compile time (see with_ordinate_count).
//   v_k < 0: T_k = v_k (g_{c+1} - g_c)/dx,   v_k > 0: T_k = v_k (g_c - g_{c-1})/dx
template <int NV>
void micro_imex_euler_upwind(const Fields& f, double dt, const View2& g, const View1& rho, const View2& g_new,
                             const View1& cell_flux) {
  Kokkos::parallel_for("mm_micro_euler_upwind", f.cells, KOKKOS_LAMBDA(const int c) {
    const double inv_dx = 1.0 / f.dx;
    const auto [keep, beta, drho] = micro_step(f, dt, rho, c);
    const double* KOKKOS_RESTRICT left = &g(c + 1, 0);
    const double* KOKKOS_RESTRICT mid = &g(c + 2, 0);
    const double* KOKKOS_RESTRICT right = &g(c + 3, 0);
    double* KOKKOS_RESTRICT out = &g_new(c + 2, 0);
    const double* KOKKOS_RESTRICT v = f.v.data();
    const double* KOKKOS_RESTRICT wv = f.wv.data();
    const int nv = NV > 0 ? NV : f.nv, kp = NV > 0 ? NV / 2 : f.k_pos;
    double mean_t = 0.0;
    KINETIC_SIMD_REDUCTION(+ : mean_t)
    for (int k = 0; k < kp; ++k) mean_t += wv[k] * (right[k] - mid[k]);
    KINETIC_SIMD_REDUCTION(+ : mean_t)
    for (int k = kp; k < nv; ++k) mean_t += wv[k] * (mid[k] - left[k]);
    // value = keep g - beta (T_k - <T>) - v drho, with T_k = v (upwind difference)/dx and <T> = mean_t/dx
    const double b = beta * inv_dx, shift = beta * mean_t * inv_dx;
    double flux = 0.0;
    KINETIC_SIMD_REDUCTION(+ : flux)
    for (int k = 0; k < kp; ++k) {
      const double value = keep * mid[k] - v[k] * (b * (right[k] - mid[k]) + drho) + shift;
      out[k] = value;
      flux += wv[k] * value;
    }
    KINETIC_SIMD_REDUCTION(+ : flux)
    for (int k = kp; k < nv; ++k) {
      const double value = keep * mid[k] - v[k] * (b * (mid[k] - left[k]) + drho) + shift;
      out[k] = value;
      flux += wv[k] * value;
    }
    cell_flux(c) = flux;
  });
}

// The second-order (limited Lax-Wendroff) update without a source on row pointers, as above. Rows c..c+4 of
// storage hold cells c-2..c+2. The van Leer slopes are branch-free (views.hpp) so that the k loops vectorise.
//   v_k < 0: face(c+1) = g_{c+1} + h psi(g_c - g_{c+1}, g_{c+1} - g_{c+2}),  face(c) = g_c + h psi(g_{c-1} - g_c, g_c - g_{c+1})
//   v_k > 0: face(c+1) = g_c + h psi(g_{c+1} - g_c, g_c - g_{c-1}),          face(c) = g_{c-1} + h psi(g_c - g_{c-1}, g_{c-1} - g_{c-2})
//   h = (1 - nu_k)/2,  T_k = v_k (face(c+1) - face(c))/dx
// The slope psi of a cell's right face is the slope of the next cell's left face (h, which depends on the
// cell's sigma, is applied per cell), so each work item runs a chunk of consecutive cells and carries the
// slopes along: one limiter (one division) per update instead of two, with the same floating-point operations.
constexpr int kLimitedChunk = 64;          // cells per work item
constexpr int kLimitedMaxOrdinates = 256;  // slope buffer of the run-time-count instance (NV = 0)

// The slopes of the left face of the chunk's first cell `first`.
KOKKOS_INLINE_FUNCTION void first_left_slopes(const View2& g, int first, int kp, int nv, double* KOKKOS_RESTRICT psi) {
  const double* KOKKOS_RESTRICT r0 = &g(first, 0);
  const double* KOKKOS_RESTRICT r1 = &g(first + 1, 0);
  const double* KOKKOS_RESTRICT r2 = &g(first + 2, 0);
  const double* KOKKOS_RESTRICT r3 = &g(first + 3, 0);
  KINETIC_SIMD
  for (int k = 0; k < kp; ++k) psi[k] = van_leer_branch_free(r1[k] - r2[k], r2[k] - r3[k]);
  KINETIC_SIMD
  for (int k = kp; k < nv; ++k) psi[k] = van_leer_branch_free(r2[k] - r1[k], r1[k] - r0[k]);
}

// T_k of cell c into out and <T> returned, with h_k = (1 - min(1, |v_k| courant))/2; the right face's slope
// replaces the left one in psi for the next cell.
KOKKOS_INLINE_FUNCTION double limited_transport_row(const View2& g, int c, const double* KOKKOS_RESTRICT v,
                                                    const double* KOKKOS_RESTRICT w, int kp, int nv, double courant,
                                                    double inv_dx, double* KOKKOS_RESTRICT psi,
                                                    double* KOKKOS_RESTRICT out) {
  const double* KOKKOS_RESTRICT r1 = &g(c + 1, 0);
  const double* KOKKOS_RESTRICT r2 = &g(c + 2, 0);
  const double* KOKKOS_RESTRICT r3 = &g(c + 3, 0);
  const double* KOKKOS_RESTRICT r4 = &g(c + 4, 0);
  double mean_t = 0.0;
  KINETIC_SIMD_REDUCTION(+ : mean_t)
  for (int k = 0; k < kp; ++k) {
    const double nu = -v[k] * courant, h = 0.5 * (1.0 - (nu < 1.0 ? nu : 1.0));
    const double slope = van_leer_branch_free(r2[k] - r3[k], r3[k] - r4[k]);
    const double tk = v[k] * ((r3[k] + h * slope) - (r2[k] + h * psi[k])) * inv_dx;
    psi[k] = slope;
    out[k] = tk;
    mean_t += w[k] * tk;
  }
  KINETIC_SIMD_REDUCTION(+ : mean_t)
  for (int k = kp; k < nv; ++k) {
    const double nu = v[k] * courant, h = 0.5 * (1.0 - (nu < 1.0 ? nu : 1.0));
    const double slope = van_leer_branch_free(r3[k] - r2[k], r2[k] - r1[k]);
    const double tk = v[k] * ((r2[k] + h * slope) - (r1[k] + h * psi[k])) * inv_dx;
    psi[k] = slope;
    out[k] = tk;
    mean_t += w[k] * tk;
  }
  return mean_t;
}

template <int NV>
void micro_imex_euler_limited(const Fields& f, double dt, const View2& g, const View1& rho, const View2& g_new,
                              const View1& cell_flux) {
  const int chunks = (f.cells + kLimitedChunk - 1) / kLimitedChunk;
  Kokkos::parallel_for("mm_micro_euler_limited", chunks, KOKKOS_LAMBDA(const int chunk) {
    const double inv_dx = 1.0 / f.dx;
    const double* KOKKOS_RESTRICT v = f.v.data();
    const double* KOKKOS_RESTRICT w = f.w.data();
    const double* KOKKOS_RESTRICT wv = f.wv.data();
    const int nv = NV > 0 ? NV : f.nv, kp = NV > 0 ? NV / 2 : f.k_pos;
    const int first = chunk * kLimitedChunk;
    const int last = first + kLimitedChunk < f.cells ? first + kLimitedChunk : f.cells;
    double psi[NV > 0 ? NV : kLimitedMaxOrdinates];  // slopes of the current cell's left face
    first_left_slopes(g, first, kp, nv, psi);
    for (int c = first; c < last; ++c) {
      const auto [keep, beta, drho] = micro_step(f, dt, rho, c);
      const double courant = beta * inv_dx;
      const double* KOKKOS_RESTRICT r2 = &g(c + 2, 0);
      double* KOKKOS_RESTRICT out = &g_new(c + 2, 0);
      // First pass: T_k into out, and <T>; the right face's slope replaces the left one.
      const double mean_t = limited_transport_row(g, c, v, w, kp, nv, courant, inv_dx, psi, out);
      double flux = 0.0;
      KINETIC_SIMD_REDUCTION(+ : flux)
      for (int k = 0; k < nv; ++k) {
        const double value = keep * r2[k] - beta * (out[k] - mean_t) - v[k] * drho;
        out[k] = value;
        flux += wv[k] * value;
      }
      cell_flux(c) = flux;
    }
  });
}

// E_{c,k} = -eps (T_k - <T>) - v_k (rho_{c+1} - rho_c)/dx + eps (G - <G>)
template <bool Second>
void micro_explicit_impl(const Fields& f, const View2& g, const View1& rho, const View2& out) {
  Kokkos::parallel_for("mm_micro_explicit", f.cells, KOKKOS_LAMBDA(const int c) {
    const double mean_t = transport<Second>(f, g, c, 0.0, out);
    const double mean_g = f.has_source ? source_mean(f, c) : 0.0;
    const double drho = (rho(c + 1 < f.nodes ? c + 1 : 0) - rho(c)) / f.dx;
    for (int k = 0; k < f.nv; ++k) {
      double value = -f.eps * (out(c + 2, k) - mean_t) - f.v(k) * drho;
      if (f.has_source) value += f.eps * (f.source_cell(c, k) - mean_g);
      out(c + 2, k) = value;
    }
  });
}

// One cell of an implicit stage on row pointers, the coefficient tests outside the k loops so that they
// vectorise: out = [eps^2 g_n + dt b1 E1 + dt b2 E2 - dt c sigma Y] / (eps^2 + a dt sigma).
KOKKOS_INLINE_FUNCTION void stage_row(const Fields& f, const StageArgs& s, int cell) {
  const double eps2 = f.eps * f.eps;
  const double sigma = f.sigma_s_cell(cell) + eps2 * f.sigma_a_cell(cell);
  const double inv = 1.0 / (eps2 + s.a * s.dt * sigma);
  const double db1 = s.dt * s.b1, db2 = s.dt * s.b2, dcs = s.dt * s.c * sigma;
  const int nv = f.nv;
  const double* KOKKOS_RESTRICT gn = &s.g_n(cell + 2, 0);
  double* KOKKOS_RESTRICT o = &s.out(cell + 2, 0);
  KINETIC_SIMD
  for (int k = 0; k < nv; ++k) o[k] = eps2 * gn[k];
  if (s.b1 != 0.0) {
    const double* KOKKOS_RESTRICT x = &s.e1(cell + 2, 0);
    KINETIC_SIMD
    for (int k = 0; k < nv; ++k) o[k] += db1 * x[k];
  }
  if (s.b2 != 0.0) {
    const double* KOKKOS_RESTRICT x = &s.e2(cell + 2, 0);
    KINETIC_SIMD
    for (int k = 0; k < nv; ++k) o[k] += db2 * x[k];
  }
  if (s.c != 0.0) {
    const double* KOKKOS_RESTRICT x = &s.y(cell + 2, 0);
    KINETIC_SIMD
    for (int k = 0; k < nv; ++k) o[k] -= dcs * x[k];
  }
  KINETIC_SIMD
  for (int k = 0; k < nv; ++k) o[k] *= inv;
}

// The same right-hand side for second-order transport on row pointers, chunked like
// micro_imex_euler_limited (one branch-free limiter per update, the right face's slope carried to the next
// cell): the Runge-Kutta stages' semi-discrete reconstruction, h = 1/2 (no Lax-Wendroff term). The generic
// kernel above evaluates both faces' limiters per cell in a scalar loop; perf put it at 54 % of the
// first-collision reference run (inflow_eps1.yaml).
// With kStage, each cell's implicit stage (stage_row) follows its E row at once.
template <int NV, bool kStage>
void micro_explicit_limited(const Fields& f, const View2& g, const View1& rho, const View2& e, const StageArgs& st) {
  const int chunks = (f.cells + kLimitedChunk - 1) / kLimitedChunk;
  Kokkos::parallel_for("mm_micro_explicit_limited", chunks, KOKKOS_LAMBDA(const int chunk) {
    const double inv_dx = 1.0 / f.dx, eps = f.eps;
    const double* KOKKOS_RESTRICT v = f.v.data();
    const double* KOKKOS_RESTRICT w = f.w.data();
    const int nv = NV > 0 ? NV : f.nv, kp = NV > 0 ? NV / 2 : f.k_pos;
    const int first = chunk * kLimitedChunk;
    const int last = first + kLimitedChunk < f.cells ? first + kLimitedChunk : f.cells;
    double psi[NV > 0 ? NV : kLimitedMaxOrdinates];  // slopes of the current cell's left face
    first_left_slopes(g, first, kp, nv, psi);
    for (int c = first; c < last; ++c) {
      const double drho = (rho(c + 1 < f.nodes ? c + 1 : 0) - rho(c)) / f.dx;
      double* KOKKOS_RESTRICT out = &e(c + 2, 0);
      // Courant number 0: h = 1/2, the semi-discrete reconstruction.
      const double mean_t = limited_transport_row(g, c, v, w, kp, nv, 0.0, inv_dx, psi, out);
      if (!f.has_source) {
        KINETIC_SIMD
        for (int k = 0; k < nv; ++k) out[k] = -eps * (out[k] - mean_t) - v[k] * drho;
      } else {
        const double* KOKKOS_RESTRICT src = &f.source_cell(c, 0);
        double mean_g = 0.0;
        KINETIC_SIMD_REDUCTION(+ : mean_g)
        for (int k = 0; k < nv; ++k) mean_g += w[k] * src[k];
        KINETIC_SIMD
        for (int k = 0; k < nv; ++k) out[k] = -eps * (out[k] - mean_t) - v[k] * drho + eps * (src[k] - mean_g);
      }
      if constexpr (kStage) stage_row(f, st, c);
    }
  });
}

// Runs run(std::integral_constant<int, NV>) with the ordinate count as a compile-time constant for the usual
// symmetric sets (half the ordinates negative), so that the row kernels' k loops compile to whole vectors
// without remainder code or run-time trip counts; NV = 0 (any other set) reads the counts at run time.
template <class Run>
void with_ordinate_count(const Fields& f, Run&& run) {
  if (2 * f.k_pos == f.nv) {
    switch (f.nv) {
      case 8: return run(std::integral_constant<int, 8>{});
      case 16: return run(std::integral_constant<int, 16>{});
      case 32: return run(std::integral_constant<int, 32>{});
      case 64: return run(std::integral_constant<int, 64>{});
      case 128: return run(std::integral_constant<int, 128>{});
      default: break;
    }
  }
  run(std::integral_constant<int, 0>{});
}

}  // namespace

void fill_ghosts(const Fields& f, const View2& g, const View1& rho) {
  const int n = f.cells;
  if (f.periodic) {
    // g_{-1/2} = g_{N-1/2}, g_{-3/2} = g_{N-3/2}, g_{N+1/2} = g_{1/2}, g_{N+3/2} = g_{3/2}
    Kokkos::parallel_for("mm_ghosts_periodic", f.nv, KOKKOS_LAMBDA(const int k) {
      g(0, k) = g(n, k);
      g(1, k) = g(n + 1, k);
      g(n + 2, k) = g(2, k);
      g(n + 3, k) = g(3, k);
    });
    return;
  }
  // g_{-1/2}(v>0) = (f_L(v) - rho_0)/eps,  g_{N+1/2}(v<0) = (f_R(v) - rho_N)/eps; outgoing: flat copies
  Kokkos::parallel_for("mm_ghosts_inflow", f.nv, KOKKOS_LAMBDA(const int k) {
    if (f.v(k) > 0.0) {
      g(1, k) = (f.f_left(k) - rho(0)) / f.eps;
      g(0, k) = g(1, k);
      g(n + 2, k) = g(n + 1, k);
      g(n + 3, k) = g(n + 1, k);
    } else {
      g(1, k) = g(2, k);
      g(0, k) = g(2, k);
      g(n + 2, k) = (f.f_right(k) - rho(n)) / f.eps;
      g(n + 3, k) = g(n + 2, k);
    }
  });
}

void micro_imex_euler(const Fields& f, double dt, const View2& g, const View1& rho, const View2& g_new,
                      const View1& cell_flux) {
  if (f.fused && !f.second_order && !f.has_source)
    with_ordinate_count(f, [&](auto nv) { micro_imex_euler_upwind<decltype(nv)::value>(f, dt, g, rho, g_new, cell_flux); });
  else if (f.fused && f.second_order && !f.has_source && f.nv <= kLimitedMaxOrdinates)
    with_ordinate_count(f, [&](auto nv) { micro_imex_euler_limited<decltype(nv)::value>(f, dt, g, rho, g_new, cell_flux); });
  else if (f.second_order)
    micro_imex_euler_impl<true>(f, dt, g, rho, g_new, cell_flux);
  else
    micro_imex_euler_impl<false>(f, dt, g, rho, g_new, cell_flux);
}

void micro_explicit(const Fields& f, const View2& g, const View1& rho, const View2& out) {
  if (f.fused && f.second_order && f.nv <= kLimitedMaxOrdinates)
    with_ordinate_count(f, [&](auto nv) { micro_explicit_limited<decltype(nv)::value, false>(f, g, rho, out, {}); });
  else if (f.second_order)
    micro_explicit_impl<true>(f, g, rho, out);
  else
    micro_explicit_impl<false>(f, g, rho, out);
}

// out = [eps^2 g_n + dt (b1 E1 + b2 E2) - dt c (sigma_s + eps^2 sigma_a) Y] / (eps^2 + a dt (sigma_s + eps^2 sigma_a))
void micro_stage(const Fields& f, double dt, double a, const View2& g_n, double b1, const View2& e1, double b2,
                 const View2& e2, double c, const View2& y, const View2& out) {
  const StageArgs s{dt, a, b1, b2, c, g_n, e1, e2, y, out};
  Kokkos::parallel_for("mm_micro_stage", f.cells, KOKKOS_LAMBDA(const int cell) { stage_row(f, s, cell); });
}

void micro_explicit_stage(const Fields& f, const View2& g, const View1& rho, const View2& e, const StageArgs& s) {
  if (f.fused && f.second_order && f.nv <= kLimitedMaxOrdinates) {
    with_ordinate_count(f, [&](auto nv) { micro_explicit_limited<decltype(nv)::value, true>(f, g, rho, e, s); });
    return;
  }
  micro_explicit(f, g, rho, e);
  micro_stage(f, s.dt, s.a, s.g_n, s.b1, s.e1, s.b2, s.e2, s.c, s.y, s.out);
}

// out_i = -<v (g_{i+1/2} - g_{i-1/2})>/dx on nodes [first, N) (periodic: all; inflow: interior), 0 elsewhere
void macro_flux(const Fields& f, const View2& g, const View1& out) {
  Kokkos::deep_copy(out, 0.0);
  const int first = f.periodic ? 0 : 1;
  Kokkos::parallel_for("mm_macro_flux", Kokkos::RangePolicy<>(first, f.cells), KOKKOS_LAMBDA(const int i) {
    const int left = i > 0 ? i - 1 : f.cells - 1;  // i = 0 only occurs when periodic
    const double* KOKKOS_RESTRICT wv = f.wv.data();
    const double* KOKKOS_RESTRICT gr = &g(i + 2, 0);
    const double* KOKKOS_RESTRICT gl = &g(left + 2, 0);
    const int nv = f.nv;
    double flux = 0.0;
    KINETIC_SIMD_REDUCTION(+ : flux)
    for (int k = 0; k < nv; ++k) flux += wv[k] * (gr[k] - gl[k]);
    out(i) = -flux / f.dx;
  });
}

// out_i = -sigma_a,i rho_i + <G>_i
void macro_explicit(const Fields& f, const View1& rho, const View1& out) {
  Kokkos::parallel_for("mm_macro_explicit", f.nodes, KOKKOS_LAMBDA(const int i) {
    out(i) = -f.sigma_a_node(i) * rho(i) + (f.has_source ? f.source_mean_node(i) : 0.0);
  });
}

// rho^{n+1}_i = rho_i - (dt/dx) (F_{i+1/2} - F_{i-1/2}) - dt sigma_a,i rho_i + dt <G>_i,  F = <v g^{n+1}>
void macro_euler(const Fields& f, double dt, const View1& cell_flux, const View1& rho, const View1& rho_new) {
  const int first = f.periodic ? 0 : 1;  // node N of an inflow grid is a boundary node
  Kokkos::parallel_for("mm_macro_euler", Kokkos::RangePolicy<>(first, f.cells), KOKKOS_LAMBDA(const int i) {
    const int left = i > 0 ? i - 1 : f.cells - 1;  // i = 0 only occurs when periodic
    double value = rho(i) - dt / f.dx * (cell_flux(i) - cell_flux(left)) - dt * f.sigma_a_node(i) * rho(i);
    if (f.has_source) value += dt * f.source_mean_node(i);
    rho_new(i) = value;
  });
}

// out_i = base_i + c1 x1_i + c2 x2_i + c3 x3_i + c4 x4_i
void combine(const View1& out, const View1& base, double c1, const View1& x1, double c2, const View1& x2, double c3,
             const View1& x3, double c4, const View1& x4) {
  Kokkos::parallel_for("mm_combine", out.extent(0), KOKKOS_LAMBDA(const int i) {
    double value = base(i);
    if (c1 != 0.0) value += c1 * x1(i);
    if (c2 != 0.0) value += c2 * x2(i);
    if (c3 != 0.0) value += c3 * x3(i);
    if (c4 != 0.0) value += c4 * x4(i);
    out(i) = value;
  });
}

// rho_0 = (<f_L 1_{v>0}> + eps <g_{1/2} 1_{v<0}>) / (1 - <1_{v<0}>)        (= 2<f_L 1_{v>0}> + 2 eps <g 1_{v<0}>)
// rho_N = (<f_R 1_{v<0}> + eps <g_{N-1/2} 1_{v>0}>) / (1 - <1_{v>0}>)
void boundary_densities(const Fields& f, const View2& g, const View1& rho) {
  const int n = f.cells;
  Kokkos::parallel_for("mm_boundary", 1, KOKKOS_LAMBDA(const int) {
    double in_l = 0.0, out_l = 0.0, w_neg = 0.0, in_r = 0.0, out_r = 0.0, w_pos = 0.0;
    for (int k = 0; k < f.nv; ++k) {
      if (f.v(k) > 0.0) {
        in_l += f.w(k) * f.f_left(k);
        out_r += f.w(k) * g(n + 1, k);
        w_pos += f.w(k);
      } else {
        in_r += f.w(k) * f.f_right(k);
        out_l += f.w(k) * g(2, k);
        w_neg += f.w(k);
      }
    }
    rho(0) = (in_l + f.eps * out_l) / (1.0 - w_neg);
    rho(n) = (in_r + f.eps * out_r) / (1.0 - w_pos);
  });
}

}  // namespace kinetic::classical::mm
