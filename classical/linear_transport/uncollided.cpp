#include "classical/linear_transport/uncollided.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/quadrature.hpp"

namespace kinetic::classical {

Uncollided::Uncollided(const Problem& problem, int nodes_per_piece) : p_(problem) {
  if (!problem.sigma_s.is_constant() || !problem.sigma_a.is_constant())
    throw InputError("classical first_collision: needs constant sigma_s and sigma_a");
  if (problem.boundary.kind != BoundaryKind::Inflow)
    throw InputError("classical first_collision: needs problem.boundary.type inflow");
  if (problem.initial.macroscopic) throw InputError("classical first_collision: needs problem.initial.f");
  const double eps = problem.eps;
  kappa_ = problem.sigma_s(0, 0, 0) / (eps * eps) + problem.sigma_a(0, 0, 0);
  const Quadrature q = gauss_legendre(nodes_per_piece, 0.0, 1.0);
  nodes_ = q.nodes;
  weights_ = q.weights;
  // Constant data are the common case and spare the formula parser in the hot loop.
  constant_left_ = problem.boundary.f_left.is_constant();
  constant_right_ = problem.boundary.f_right.is_constant();
  constant_initial_ = problem.initial.f.is_constant();
  left_ = problem.boundary.f_left(0, 0, 0);
  right_ = problem.boundary.f_right(0, 0, 0);
  initial_ = problem.initial.f(0, 0, 0);
}

double Uncollided::value(double t, double x, double v) const {
  const double eps = p_.eps;
  const double distance = v > 0 ? x - p_.x_left : p_.x_right - x;  // to the boundary the ray comes from
  const double entry = t - eps * distance / std::abs(v);            // time the ray entered the slab
  if (entry > 0.0) {
    const double data = v > 0 ? (constant_left_ ? left_ : p_.boundary.f_left(entry, p_.x_left, v))
                              : (constant_right_ ? right_ : p_.boundary.f_right(entry, p_.x_right, v));
    return data * std::exp(-kappa_ * (t - entry));
  }
  const double start = x - v * t / eps;
  return (constant_initial_ ? initial_ : p_.initial.f(0, start, v)) * std::exp(-kappa_ * t);
}

double Uncollided::integrate(double t, double x, double a, double b) const {
  double sum = 0.0;
  if (b <= a) return sum;
  for (std::size_t j = 0; j < nodes_.size(); ++j) sum += weights_[j] * value(t, x, a + (b - a) * nodes_[j]);
  return sum * (b - a);
}

double Uncollided::mean(double t, double x) const {
  const double vmin = p_.velocity.vmin, vmax = p_.velocity.vmax, eps = p_.eps;
  double total = 0.0;
  if (vmax > 0.0) {  // break where the entry time from the left is 0: v* = eps (x - xL)/t
    const double lo = std::max(vmin, 0.0);
    const double brk = t > 0.0 ? std::clamp(eps * (x - p_.x_left) / t, lo, vmax) : vmax;
    total += integrate(t, x, lo, brk) + integrate(t, x, brk, vmax);
  }
  if (vmin < 0.0) {
    const double hi = std::min(vmax, 0.0);
    const double brk = t > 0.0 ? std::clamp(-eps * (p_.x_right - x) / t, vmin, hi) : vmin;
    total += integrate(t, x, vmin, brk) + integrate(t, x, brk, hi);
  }
  return total * p_.velocity.measure_factor();
}

}  // namespace kinetic::classical
