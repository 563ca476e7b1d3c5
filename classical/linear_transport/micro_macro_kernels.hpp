#pragma once
// Kernels of the micro-macro scheme (classical/linear_transport/micro_macro.hpp), each a Kokkos parallel loop over cells or
// nodes with the formula it implements written above it in micro_macro_kernels.cpp. Storage: rho(node)
// with nodes 0..N-1 (periodic) or 0..N (inflow); g(cell + 2, ordinate) with two ghost cells on each side.
// Ordinates are ascending: k < k_pos have v_k < 0, k >= k_pos have v_k > 0.
// The time integrators in micro_macro.cpp combine these kernels; none of them knows about time stages.
#include "classical/views.hpp"

namespace kinetic::classical::mm {

// Data of one run that the kernels read (device views) and the scalars they need.
struct Fields {
  int cells = 0, nodes = 0, nv = 0, k_pos = 0;
  bool periodic = true, second_order = false, has_source = false;
  bool fused = true;                   // source-free Euler micro steps on the row-pointer kernels
  double eps = 1.0, dx = 1.0;
  View1 v, w;                          // ordinates and measure weights (sum w = 1)
  View1 wv;                            // w_k v_k (flux weights)
  View1 sigma_s_cell, sigma_a_cell, sigma_a_node;
  View1 f_left, f_right;               // inflow data at the current stage time (incoming ordinates only)
  View2 source_cell;                   // G(t, x_{c+1/2}, v_k)          (if has_source)
  View1 source_mean_node;              // <G>(t, x_i)                    (if has_source)
};

// Ghost cells of g: periodic copies, or inflow ghosts g = (f_in - rho_boundary)/eps for incoming ordinates
// and flat copies for outgoing ones.
void fill_ghosts(const Fields& f, const View2& g, const View1& rho);

// The Lemou-Mieussens step for g (implicit Euler in collision, forward Euler in transport), fused for speed;
// also stores each cell's macro flux <v g_new>_c so that the macro step does not read g_new again.
void micro_imex_euler(const Fields& f, double dt, const View2& g, const View1& rho, const View2& g_new,
                      const View1& cell_flux);

// eps^2 times the explicit micro right-hand side (semi-discrete; limited upwind reconstruction):
//   E = -eps (T_k - <T>) - v_k (rho_{c+1} - rho_c)/dx + eps (G - <G>).
void micro_explicit(const Fields& f, const View2& g, const View1& rho, const View2& out);

// Coefficients and operands of an implicit stage (micro_stage below); views whose coefficient is 0 may be empty.
struct StageArgs {
  double dt = 0.0, a = 0.0, b1 = 0.0, b2 = 0.0, c = 0.0;
  View2 g_n, e1, e2, y, out;
};

// micro_explicit(f, g, rho, e) followed by micro_stage(s), where s may read e as e1 or e2: on the row kernels
// (second order, fused) cell by cell while the rows are in cache, which saves re-reading e and y from memory.
void micro_explicit_stage(const Fields& f, const View2& g, const View1& rho, const View2& e, const StageArgs& s);

// Implicit stage of an IMEX Runge-Kutta step for g (the collision part, diagonal so solved pointwise):
//   out = [eps^2 g_n + dt (b1 E1 + b2 E2) - dt c (sigma_s + eps^2 sigma_a) Y] / (eps^2 + a dt (sigma_s + eps^2 sigma_a)).
// Terms whose coefficient is 0 are not read (their views may be empty).
void micro_stage(const Fields& f, double dt, double a, const View2& g_n, double b1, const View2& e1, double b2,
                 const View2& e2, double c, const View2& y, const View2& out);

// Macro flux divergence on the updated nodes (0 on inflow boundary nodes):  out_i = -<v (g_{i+1/2} - g_{i-1/2})>/dx.
void macro_flux(const Fields& f, const View2& g, const View1& out);

// Explicit macro terms: out_i = -sigma_a,i rho_i + <G>_i.
void macro_explicit(const Fields& f, const View1& rho, const View1& out);

// rho_new = rho + dt (-D <v g_new> - sigma_a rho + <G>): the Lemou-Mieussens macro step, from the cell
// fluxes <v g_new>_c of micro_imex_euler.
void macro_euler(const Fields& f, double dt, const View1& cell_flux, const View1& rho, const View1& rho_new);

// out = base + sum_j c_j x_j over all nodes (up to four terms; a zero coefficient skips its view).
void combine(const View1& out, const View1& base, double c1, const View1& x1, double c2 = 0.0, const View1& x2 = {},
             double c3 = 0.0, const View1& x3 = {}, double c4 = 0.0, const View1& x4 = {});

// Inflow boundary densities from the data and the outgoing micro values of the end cells (writes rho(0), rho(N)).
void boundary_densities(const Fields& f, const View2& g, const View1& rho);

}  // namespace kinetic::classical::mm
