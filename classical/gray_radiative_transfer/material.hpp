#pragma once
// The material side of gray radiative transfer, shared by the AP scheme and the diffusion solver: opacity
// sigma(T, x), heat capacity C_v(T, x), material energy e(T, x) = int_0^T C_v(s, x) ds, emission
// B(T) = a c T^4 / 2 (the equilibrium intensity), and the per-node implicit energy exchange solved by a
// safeguarded Newton iteration on the exact nonlinear equation (never a linearisation: T stays > 0).
// Formulas are evaluated on the host; the kernels receive tabulated arrays.
#include <vector>

#include "core/problem.hpp"
#include "core/quadrature.hpp"

namespace kinetic::classical::grte {

class Material {
 public:
  explicit Material(const Problem& problem);
  double a() const { return a_; }
  double c() const { return c_; }
  double opacity(double T, double x) const { return r_.opacity(0, x, 0, 0, T); }
  double heat_capacity(double T, double x) const { return r_.heat_capacity(0, x, 0, 0, T); }
  // e(T) = int_0^T C_v: exact for a constant C_v, else 8-point Gauss-Legendre on [0, T] (exact for C_v a
  // polynomial in T of degree <= 15, e.g. C_v ~ T^3).
  double energy(double T, double x) const;
  double emission(double T) const { return 0.5 * a_ * c_ * T * T * T * T; }
  double emission_derivative(double T) const { return 2.0 * a_ * c_ * T * T * T; }

  // The smallest opacity over the node temperatures T and the inflow temperatures at time t: the step rules
  // need it before the hot boundary data has reached the first node (else the first step of a cold, opaque
  // problem is as long as its output interval and misses the start of the wave).
  // `sigma_nodes`: the opacities at the nodes, already evaluated.
  double min_opacity(const std::vector<double>& sigma_nodes, double t, double x_left, double x_right) const;

  // The T > 0 with  alpha (e(T) - e_old) = k (R - B(T)),  alpha, k > 0: increasing in T, one root, which is
  // positive when alpha e_old + k R > 0 (else the smallest positive double: the radiation energy R is spent).
  // Newton from T_guess, kept inside a bracket that bisection shrinks; converged to 1e-14 relative.
  double solve_exchange(double alpha, double k, double R, double e_old, double T_guess, double x) const;

 private:
  const GrayRadiation& r_;
  double a_, c_;
  bool constant_cv_;
  double cv_;       // the constant C_v, if constant_cv_
  Quadrature rule_;  // 8-point Gauss-Legendre on [0, 1] for e(T)
};

}  // namespace kinetic::classical::grte
