#pragma once
// APNN v2 for the Boltzmann-BGK equation (slides "APNN v2 for Boltzmann-BGK"): the conservation-law APNN.
//   eps (f_t + v f_x) = M(U) - f,    M(U) = rho/sqrt(2 pi T) exp(-(v-u)^2/(2T))
//   d_t (rho, rho u, E) + d_x <v m f> = 0,   m = (1, v, v^2/2),   E = rho u^2/2 + rho T/2
//   (rho, rho u, E) = <m f>,   <h> = int_{-V}^{V} h dv (Gauss-Legendre)
// Four networks: f~(t,x,v), rho~, u~, T~(t,x), with the slides' transforms (b(x) = (x-xL)(xR-x), L = xR-xL)
//   f   = softplus(f~) > 0
//   rho = exp(b rho~ + log(rhoL)(xR-x)/L + log(rhoR)(x-xL)/L)       (Dirichlet data exactly, rho > 0)
//   T   = exp(b T~   + log(TL)(xR-x)/L   + log(TR)(x-xL)/L)
//   u   = sqrt(b) u~ + uL (xR-x)/L + uR (x-xL)/L                   (slides: uL = uR = 0)
// Option transforms.macro: free (rho, T = exp(NN), u = NN) and initial (rho = exp(log rho0(x) + (t/t_end) NN),
// T likewise, u = u0(x) + (t/t_end) NN: the initial state exactly) leave the walls to a kinetic wall term:
// with Dirichlet walls bc_f (the incoming half of f = the wall Maxwellian) and bc_flux (its incoming fluxes);
// with zero_gradient (outflow) walls, the classical solver's copied boundary cell, bc_f = mean over the
// incoming velocities of (d f/dx)^2 at the wall (the outgoing half is the interior's).
// Option transforms.f: micro_macro replaces f's transform by the micro-macro ansatz (as APNN v1 for linear
// transport; not in the slides):
//   f = M[rho, u, T] + eps g,   g = P g~,   P = I - C^T (C C^T)^{-1} C,   C(a, k) = w_k m_a(v_k)
// so <m f> = <m M> = (rho, rho u, E) up to the quadrature error of M, and the moment constraints hold by
// construction. The residual is then O(eps) and is divided by eps: M_t + v M_x + eps (g_t + v g_x) + g. In
// the Euler limit f is a Maxwellian of the macroscopic networks instead of a network that has to learn one.
// Option transforms.f: hermite keeps f = M + eps P g~ but expands g~ in Hermite functions of the peculiar
// velocity (Grad's expansion about the local Maxwellian), with coefficients from a network of (t, x) only:
//   g~ = M sum_{k=3}^{n} a_k(t, x) h_k(xi),   xi = (v - u)/sqrt(T),   h_k = He_k(xi)/sqrt(k!)
// (n = neural.hermite_degree). Modes 0-2 are left out: M h_0, M h_1, M h_2 span M (1, v, v^2), the
// hydrodynamic part that M[rho, u, T] already holds; the modes from 3 on have zero moments (up to the
// quadrature error, which P removes).
// The first-order Chapman-Enskog correction in one velocity dimension is exactly one mode,
// g = -(I - Pi_M)(v M_x) = -T_x/(2 sqrt(T)) M He_3(xi), so a_3 = -sqrt(6) T_x/(2 sqrt(T)) + O(eps) is a smooth
// function of (t, x). With g~ = a network of (t, x, v) (micro_macro) the network stayed near g~ = 0 on the
// slides' case (|g|^2 = 2 % of |(I - Pi) (M_t + v M_x)|^2 after training), so the micro residual was left
// unfitted and its gradient pulled the macroscopic networks towards flat u and T. The (t, x) network is also
// evaluated on N points instead of N x K.
// The boundary states are the problem's Dirichlet states (constants). Network inputs are normalised inside
// FieldNet (t onto [-1, 1]; v by a thermal speed, see the constructor). Only the time derivatives of rho, u, T and the t, x derivatives of f
// enter the loss; all of them come from one forward-mode pass (jet.hpp) or, for reference, from autograd.
#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

#include "neural/training/model.hpp"

namespace kinetic::neural {

class ApnnBgk : public Model {
 public:
  ApnnBgk(const Problem& problem, const NeuralOptions& options);

  void resample(PointSampler& sampler, int factor) override;
  // residual, mass, momentum, energy, moment_rho, moment_momentum, moment_energy, ic_f, ic_rho, ic_u, ic_T, bc_f,
  // bc_flux
  int interior_term_count() const override { return 7; }  // residual .. moment_energy
  std::vector<ResidualTerm> residual_terms(Derivatives mode) override;
  torch::Tensor density(const torch::Tensor& t, const torch::Tensor& x) override;
  // rho, momentum = rho u, energy = rho u^2/2 + rho T/2 from the macroscopic networks.
  std::vector<std::pair<std::string, torch::Tensor>> fields(const torch::Tensor& t, const torch::Tensor& x) override;

  struct Macro {
    Jet rho, u, T;
  };
  // rho, u, T at the points (t_i, x_i) (1-D tensors), with t and x tangents unless mode is None.
  Macro macro(const torch::Tensor& t, const torch::Tensor& x, Derivatives mode);
  // f on the grid of points (t_i, x_i) (N) times velocities v (K): jets of shape (N x K). With the micro_macro
  // ansatz v must be the quadrature nodes (the projection P is discrete).
  Jet distribution(const torch::Tensor& t, const torch::Tensor& x, const torch::Tensor& v, Derivatives mode);
  // The same, given the macroscopic fields q at the points (the micro_macro ansatz needs them; the
  // softplus one ignores them), so that the macroscopic networks run once per point set.
  Jet distribution(const Macro& q, const torch::Tensor& t, const torch::Tensor& x, const torch::Tensor& v,
                   Derivatives mode);
  // The local Maxwellian of (rho, u, T) (N) at velocities v (K), shape (N x K).
  static torch::Tensor maxwellian(const torch::Tensor& rho, const torch::Tensor& u, const torch::Tensor& T,
                                  const torch::Tensor& v);
  // The same with t and x tangents from those of q.
  static Jet maxwellian(const Macro& q, const torch::Tensor& v);
  bool micro_macro() const { return micro_macro_; }

  const torch::Tensor& velocities() const { return v_; }
  const torch::Tensor& weights() const { return w_; }
  // Boundary states (rho, u, T) at xL and xR.
  std::vector<double> left_state() const { return {rho_l_, u_l_, T_l_}; }
  std::vector<double> right_state() const { return {rho_r_, u_r_, T_r_}; }

 private:
  torch::Tensor initial_macro(const Formula& q, const torch::Tensor& x) const;
  // The f network's raw output on (t_i, x_i) x v, shape (N x K).
  Jet raw_distribution(const torch::Tensor& t, const torch::Tensor& x, const torch::Tensor& v, Derivatives mode);
  // g = P g~ on the quadrature nodes (micro_macro and hermite ansatz); q and M = M[q] at the points (hermite).
  Jet micro(const Macro& q, const Jet& M, const torch::Tensor& t, const torch::Tensor& x, Derivatives mode);
  // g~ = M sum_k a_k h_k(xi) of the hermite ansatz, shape (N x K).
  Jet hermite_expansion(const Macro& q, const Jet& M, const torch::Tensor& t, const torch::Tensor& x,
                        Derivatives mode);

  double V_ = 10.0;
  double rho_l_ = 1, rho_r_ = 1, u_l_ = 0, u_r_ = 0, T_l_ = 1, T_r_ = 1;
  bool zero_gradient_ = false;  // zero-gradient (outflow) walls instead of Dirichlet states
  torch::Tensor v_, w_;  // Gauss-Legendre nodes and weights on [-V, V] (times the velocity measure)
  bool micro_macro_ = false;  // f = M + eps P g~ (micro_macro and hermite)
  bool hermite_ = false;      // g~ in Hermite functions, coefficients from the f network of (t, x)
  int hermite_degree_ = 0;
  torch::Tensor projection_t_;  // P^T (K x K) of the micro_macro ansatz: g = g~ P^T along the velocity axis
  FieldNet f_{nullptr}, rho_{nullptr}, u_{nullptr}, T_{nullptr};
  torch::Tensor x0_;  // initial points x (the interior points it_, ix_: Model)
  torch::Tensor bt_;            // boundary times (both walls)
};

}  // namespace kinetic::neural
