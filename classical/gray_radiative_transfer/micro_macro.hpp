#pragma once
// Asymptotic-preserving micro-macro scheme for slab gray radiative transfer (Lemou-Mieussens type), in the
// diffusive scaling of core/equations/gray_radiative_transfer.cpp. With rho = <I> = (1/2) int I dmu and
// I = rho + eps g, <g> = 0:
//   micro  (eps^2/c) g_t + eps (I - Pi)(mu g_x) + mu rho_x = -sigma g
//   macro  (1/c) rho_t + <mu g_x> = (sigma/eps^2)(B(T) - rho) + Q/(2 eps^2),   B = a c T^4/2
//   energy (C_v/2) T_t = (sigma/eps^2)(rho - B(T))
// Staggered grid: rho, T on nodes, g on cell centres per ordinate. One step:
//   1. micro, implicit in -sigma g, explicit (upwind, or minmod-limited second order) in transport:
//        g* = [(eps^2/c) g - dt eps (I - Pi)(mu D g) - dt mu (rho_{i+1} - rho_i)/dx] / (eps^2/c + dt sigma)
//   2. per node, with F = <mu g*> and the flux divergence div F, the energy balance is kept exactly:
//        rho* = R - (c/2)(e(T*) - e(T)),  R = rho - c dt div F + c dt Q/(2 eps^2),
//      and T* solves the exact nonlinear exchange (1 + k c)(e(T*) - e(T))/2 = k (R - B(T*)), k = dt sigma/eps^2
//      (material.hpp: safeguarded Newton, T* > 0). Summed over nodes, (2/c) rho + e changes only by the
//      wall fluxes: with periodic or reflecting walls the total energy is conserved to round-off.
// As eps -> 0: g* = -mu rho_x/sigma, rho* = B(T*), and the step is the explicit three-point scheme of the
// equilibrium diffusion equation (a T^4 + e)_t = ((c/(3 sigma)) (a T^4)_x)_x. The step
//   dt = cfl (eps dx / mu_max + sigma_min dx^2 / (2 <mu^2>)) / c
// does not shrink with eps (the sum of the transport and the diffusion bound, as for linear transport).
// Walls: periodic; reflecting (mirror ghosts, the wall node a half cell: conservative); inflow at T_b(t),
// vacuum and zero gradient (the incoming intensity is the adjacent cell's), where the wall density follows
// the Lemou-Mieussens boundary formula rho_0 = 2 <I_in 1_{mu>0}> + 2 eps <g_{1/2} 1_{mu<0}> and the wall
// temperature its local exchange with it.
#include <string>
#include <utility>
#include <vector>

#include "classical/gray_radiative_transfer/material.hpp"
#include "classical/slab_setup.hpp"
#include "classical/views.hpp"
#include "core/config.hpp"
#include "core/problem.hpp"
#include "core/result_file.hpp"

namespace kinetic::classical::grte {

struct MicroMacroOptions {
  int nx = 200, nv = 16;
  double cfl = 0.5;
  double dt = 0.0;  // > 0: a fixed step instead of the formula above
  bool second_order = false;
  bool save_f = false;
};

// The keys of the `classical:` section and whether the scheme can run the problem (`kinetic check`).
MicroMacroOptions parse_micro_macro(const Problem& problem, const ConfigNode& section);

class MicroMacro {
 public:
  MicroMacro(const Problem& problem, const MicroMacroOptions& options);
  // The step of the formula above (or the fixed one), for the current temperatures.
  double step_size(double t) const;
  void step(double t, double dt);
  // Node values.
  const std::vector<double>& x() const { return x_; }
  const std::vector<double>& density() const { return rho_; }
  const std::vector<double>& temperature() const { return T_; }
  std::vector<double> radiation_temperature() const;
  // I at the nodes, node-major (node, ordinate): rho + eps g with g averaged from the adjacent cells.
  std::vector<double> intensity() const;
  const Ordinates& ordinates() const { return ord_; }
  // int ((1/c) int I dmu + e(T)) dx over the domain (trapezoidal weights: half cells at the walls).
  double total_energy() const;
  // The energy fluxes 2 <mu g*> of the two wall cells in the last step (0 before the first): the walls' flux of
  // ((2/c) rho + e)_t + (2 F)_x = Q/eps^2. The interior nodes' energy sum_{0 < i < N} dx ((2/c) rho_i + e_i)
  // changes in a step by exactly dt (left - right) (+ the source): the wall nodes themselves are set by the
  // boundary formula, not by a balance.
  std::pair<double, double> wall_fluxes() const { return wall_fluxes_; }

 private:
  void micro_step(double dt);
  void set_ghosts(double t);
  double incoming_density(bool left, double t) const;

  Problem p_;
  MicroMacroOptions o_;
  Material material_;
  SlabGrid grid_;
  Ordinates ord_;
  int nodes_, cells_, K_;
  void update_node_opacities();

  std::pair<double, double> wall_fluxes_{0.0, 0.0};
  std::vector<double> x_, xc_, rho_, T_, e_, sigma_nodes_;  // sigma_nodes_: at the current T
  View2 g_, g_new_, slope_;
  View1 mu_, w_, sigma_c_, rho_v_, ghost_left_, ghost_right_;
};

void solve_micro_macro(const Problem& problem, const ConfigNode& section, ResultWriter& writer);

}  // namespace kinetic::classical::grte
