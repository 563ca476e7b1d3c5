#pragma once
// Asymptotic-preserving scheme for the VPFP system (core/equations/vpfp.cpp), uniform in eps, in the spirit of
// Jin and Wang (2011): the field is taken implicitly inside the Fokker-Planck operator, written as
//   Q_E(f) = (M (f/M)_v)_v,  M = M(v; E) ~ exp(-(v - E)^2/2),
// so neither the collisions nor the field (both of size 1/eps) limit the step. One step of size dt:
//   1. transport in x, explicit:  f* = f - dt/dx (F_{i+1/2} - F_{i-1/2}),  F = v f_face with the van Leer
//      limited Lax-Wendroff face value (second order, TVD, so f* >= 0 for cfl <= 1);
//   2. density from the conservation law: rho^{n+1} = int f* dv (Q_E conserves mass in every cell, so this is
//      rho_t + (int v f dv)_x = 0 discretised);
//   3. Poisson by FFT: E^{n+1} with E_x = rho^{n+1} - h (periodic_poisson.hpp);
//   4. implicit Fokker-Planck step with the new field in every cell:  f - (dt/eps(x)) Q_{E^{n+1}}(f) = f*.
// Velocity cells of width dv on [vmin, vmax], zero flux at both ends; with s_j = sqrt(M_j) the discrete
// operator is  Q_j = (1/dv^2) [ s_j s_{j+1} (f_{j+1}/M_{j+1} - f_j/M_j) - s_{j-1} s_j (f_j/M_j - f_{j-1}/M_{j-1}) ]
// (face Maxwellian sqrt(M_j M_{j+1}) = M_{j+1/2} exp(-dv^2/8): consistent to O(dv^2)), which sums to zero
// over j (mass conserved to round-off) and vanishes on the discrete Maxwellian f_j ~ M_j. In h = f/s it is
// symmetric:  s_j^{-1} Q_j = (1/dv^2) [ h_{j+1} - (s_{j+1}/s_j + s_{j-1}/s_j) h_j + h_{j-1} ],  so each cell
// solves an SPD tridiagonal system (Thomas, no pivoting) whose matrix has non-positive off-diagonals (a
// Stieltjes matrix): its inverse is non-negative and f stays >= 0, for any dt/eps.
// Time step: dt = cfl dx / max|v| (transport only, independent of eps).
// As eps -> 0 step 4 returns rho^{n+1} M(v; E^{n+1}) and steps 1-3 become a kinetic (flux-splitting) scheme
// for the drift-Poisson limit rho_t + (rho E)_x = 0, E_x = rho - h.
// fokker_planck: false (the Vlasov-Poisson system) replaces step 4 by the explicit field transport
// f_t + (E/eps) f_v = 0 (the same limited Lax-Wendroff fluxes in v, zero at the ends), which adds
// dt <= cfl dv eps/max|E|.
#include <string>
#include <vector>

#include "classical/vpfp/periodic_poisson.hpp"
#include "classical/views.hpp"
#include "core/config.hpp"
#include "core/problem.hpp"
#include "core/result_file.hpp"

namespace kinetic::classical::vpfp {

struct ApSchemeOptions {
  int nx = 128, nv = 128;
  double cfl = 0.5;
  double dt = 0.0;  // > 0: a fixed step (still limited by the Vlasov field CFL without Fokker-Planck)
  bool save_f = false;
};

// The `classical:` keys (method ap_implicit_fp) and whether the scheme can run the problem.
ApSchemeOptions parse_ap_scheme(const Problem& problem, const ConfigNode& section);

class ApScheme {
 public:
  ApScheme(const Problem& problem, const ApSchemeOptions& options);
  double step_size() const;
  void step(double dt);

  const std::vector<double>& x() const { return x_; }        // cell centres x_i = x_left + (i + 1/2) dx
  const std::vector<double>& v() const { return v_; }        // velocity cell centres
  std::vector<double> density() const;                       // int f dv
  const std::vector<double>& field() const { return E_; }    // E at the cell centres
  std::vector<double> distribution() const;                  // f, cell-major (x_i, v_j)
  double mass() const;                                       // int int f dv dx
  double electric_energy() const;                            // (1/2) int E^2 dx
  double min_f() const;

 private:
  void transport_x(double dt);
  void update_field();
  void fokker_planck(double dt);
  void field_transport(double dt);

  Problem p_;
  ApSchemeOptions o_;
  int nx_, nv_;
  double dx_, dv_;
  std::vector<double> x_, v_, h_, E_, eps_;
  PeriodicPoisson poisson_;
  View2 f_, f_star_, slope_, work_;
  View1 v_view_, E_view_, eps_view_, rho_view_;
};

void solve_ap_scheme(const Problem& problem, const ConfigNode& section, ResultWriter& writer);

}  // namespace kinetic::classical::vpfp
