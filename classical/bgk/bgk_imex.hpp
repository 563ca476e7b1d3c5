#pragma once
// Asymptotic-preserving IMEX discrete-velocity solver for the BGK equation in one space and one velocity
// dimension,  f_t + v f_x = (M[U] - f)/eps,  U = int (1, v, v^2/2) f dv.
//
// Velocities: Gauss-Legendre nodes on [-V, V] with weights w (problem.velocity, measure `integral`).
// One step of size dt = cfl dx / max|v| (the transport CFL only, so it does not depend on eps), with
// time_scheme imex_euler (default):
//   1. transport, explicit:  f* = f - dt/dx (F_{i+1/2} - F_{i-1/2}),  F = v f_face, with the van Leer limited
//      Lax-Wendroff face value  f_face = f_up +/- (1 - |v| dt/dx)/2 * s_up  (s = limited cell slope);
//   2. conserved moments of the transported f:  U = C f*,  C = [w; w v; w v^2/2] (collisions conserve U, so
//      the implicit relaxation below is explicit in practice);
//   3. implicit relaxation to the discrete equilibrium:  f = (eps f* + dt E[U]) / (eps + dt), where
//      E[U] = M[U] + C^T (C C^T)^{-1} (U - C M[U]) is the Maxwellian on the grid corrected so that C E[U] = U.
//      This equals "relax, then f += C^T (C C^T)^{-1} (U - C f)" (because C f* = U), so the discrete
//      moments are conserved to round-off, and a discrete equilibrium is an exact steady state.
// time_scheme ars222: the stiffly accurate second-order IMEX Runge-Kutta scheme ARS(2,2,2) with MUSCL
// (van Leer) face values; its two implicit stages are the same relaxation with step (1 - 1/sqrt 2) dt.
// As eps -> 0, f = E[U] after every step and the scheme becomes a kinetic (flux-vector splitting) scheme for
// the gamma = 3 Euler equations.
//
// Boundaries: periodic, dirichlet (ghost cells hold E[U] of the (rho,u,T)(t) formulas), zero_gradient, and
// inflow (ghost cells hold the f_left/f_right formulas). Data live in Kokkos Views f(cell, velocity) with two
// ghost cells on each side (default layout: velocities contiguous on CPUs, cells on GPUs); every pass is a
// Kokkos kernel (on Kokkos' Serial backend, `threads: N` runs the fused kernels' cell loops on N OpenMP host
// threads, host_threads.hpp).
#include <array>
#include <string>
#include <vector>

#include <Kokkos_Core.hpp>

#include "core/config.hpp"
#include "core/problem.hpp"
#include "core/quadrature.hpp"
#include "core/result_file.hpp"
#include "classical/bgk/bgk_moments.hpp"
#include "classical/views.hpp"

namespace kinetic::classical {

// Slope limiters of the second-order transport. None = first-order upwind.
enum class SlopeLimiter { None, Minmod, VanLeer };

// ImexEuler: the one-step scheme above (Lax-Wendroff limited fluxes, first order in time in the relaxation
// coupling). ARS222: the second-order stiffly accurate IMEX Runge-Kutta scheme ARS(2,2,2) with MUSCL fluxes.
enum class TimeScheme { ImexEuler, ARS222 };

struct BgkImexOptions {
  int nx = 200;           // cells
  int nv = 60;            // Gauss-Legendre velocities (even)
  double cfl = 0.5;       // dt = cfl * dx / max|v|  (<= 1)
  SlopeLimiter limiter = SlopeLimiter::VanLeer;
  TimeScheme time_scheme = TimeScheme::ImexEuler;
  bool fused = true;      // fused kernels (1 pass per step); false: the plain multi-pass version (same result)
  bool output_f = false;  // store f (n_x x n_v) in every snapshot
  int threads = 1;        // host threads of the fused kernels' cell loops (Kokkos Serial builds; same result)

  // Reads `classical:` (method bgk_imex). Throws InputError naming the key on bad values.
  static BgkImexOptions from_config(const ConfigNode& section);
};

class BgkImexSolver {
 public:
  // Tabulates the initial data. Throws InputError if the problem is not a 1-D BGK problem on a symmetric
  // velocity interval with the `integral` measure.
  BgkImexSolver(const Problem& problem, const BgkImexOptions& options);
  // The constructor's checks of the problem alone (`kinetic check`).
  static void check_problem(const Problem& problem);

  double dx() const { return dx_; }
  double time() const { return t_; }
  long steps() const { return steps_; }
  double stable_dt() const { return stable_dt_; }
  int nx() const { return options_.nx; }
  int nv() const { return options_.nv; }
  const std::vector<double>& x() const { return x_; }  // cell centres
  const Quadrature& velocity() const { return quadrature_; }

  // One IMEX step of size dt (0 < dt <= stable_dt()).
  void step(double dt);
  // CFL steps up to t_target (the last one shortened to land on it).
  void advance_to(double t_target);

  struct Moments {
    std::vector<double> rho, momentum, energy, u, T;  // per cell
  };
  Moments moments() const;
  // sum_i dx U_i: total mass, momentum and energy in the domain.
  std::array<double, 3> totals() const;
  // f of the interior cells, n_x * n_v row-major (cell-major), on the host.
  std::vector<double> distribution() const;

 private:
  void tabulate_boundary_data(double t);
  // Fills the two ghost cells on each side of f with the boundary data at time t.
  void prepare_ghost_cells(const View2& f, double t);
  template <class Limiter>
  void step_with(double dt);

  Problem problem_;
  BgkImexOptions options_;
  Quadrature quadrature_;
  std::vector<double> x_;
  double dx_ = 0.0, stable_dt_ = 0.0, t_ = 0.0;
  long steps_ = 0;
  int first_positive_ = 0;  // index of the first velocity > 0 (nodes ascending, none at 0)
  // Storage of the velocity dimension: each sign's velocities padded to a multiple of the kernels' lane
  // count (bgk::kLanes), so that every velocity loop runs in whole vectors (the scalar remainders of 30 + 30
  // velocities cost 14 % of the step). Velocity k lives in slot k + offset_; pad slots carry v = 0 and zero
  // moment weights, so they hold finite values that never enter a moment, a flux or an output.
  int slots_ = 0, offset_ = 0, slot_first_positive_ = 0;
  double slot_vlo_ = 0.0, slot_vhi_ = 0.0;  // velocity range of the slots (nodes and the pads' 0)
  bool time_dependent_boundary_ = false;
  bgk::GramInverse gram_inverse_{};

  // Every View's velocity extent is slots_ (see above).
  View1 v_;                          // velocity nodes
  View2 cm_;                         // (3, slots) moment map C: rows w, w v, w v^2/2
  View2 f_, f_next_;                 // (nx + 4, slots): two ghost cells each side
  View2 ghost_;                      // (2, slots): left and right ghost data (dirichlet / inflow)
  View2::HostMirror ghost_host_;
  View2 scratch_flux_;  // (nx + 1, slots) face fluxes: ARS(2,2,2), multi-pass, rows > kMaxInlineSlots only
  View1 slope_coef_;    // (slots) the face fluxes' slope coefficients of the current step
  View2 scratch_equilibrium_, scratch_cell_;          // multi-pass version only
  View2 stage_f_, stage_flux_, stage_source_;         // ARS(2,2,2) only: f2 (with ghosts), T(f2), dt Q(f2)
};

// Runs the problem to t_end, writing every output time: fields rho, momentum (rho u), energy
// (rho u^2/2 + rho T/2), u, T at the cell centres; f too if classical.output_f.
void solve_bgk_imex(const Problem& problem, const ConfigNode& section, ResultWriter& writer);

}  // namespace kinetic::classical
