#include "classical/linear_transport/uncollided.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "classical/vector_exp.hpp"
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
  if (nodes_per_piece < 1 || nodes_per_piece > kMaxNodes)
    throw InputError(fmt::format("classical first_collision: {} nodes per piece (1 .. {})", nodes_per_piece, kMaxNodes));
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

// int_a^b u(t, x, v) dv over a piece of one sign of v on which every ray either entered through its wall
// (from_wall) or started at t = 0. Constant data make the second kind exact (u = f0 exp(-kappa t) for every v)
// and the first a Gauss sum of exp(-kappa eps d/|v|) alone, evaluated by vector_exp in a loop the compiler
// vectorises: this density is needed at every node in every stage, and with libm's exp it cost as much as the
// whole micro-macro step.
double Uncollided::integrate(double t, double x, double a, double b, bool from_wall) const {
  if (b <= a) return 0.0;
  const bool positive = a >= 0.0;  // the side of v this piece lies on
  if (!from_wall && constant_initial_) return initial_ * std::exp(-kappa_ * t) * (b - a);
  if (from_wall && (positive ? constant_left_ : constant_right_)) {
    const double distance = positive ? x - p_.x_left : p_.x_right - x;
    const double rate = kappa_ * p_.eps * distance;
    const std::size_t n = nodes_.size();
    double e[kMaxNodes];
    for (std::size_t j = 0; j < n; ++j) e[j] = vector_exp(-rate / std::abs(a + (b - a) * nodes_[j]));
    double sum = 0.0;
    for (std::size_t j = 0; j < n; ++j) sum += weights_[j] * e[j];
    return (positive ? left_ : right_) * sum * (b - a);
  }
  double sum = 0.0;
  for (std::size_t j = 0; j < nodes_.size(); ++j) sum += weights_[j] * value(t, x, a + (b - a) * nodes_[j]);
  return sum * (b - a);
}

double Uncollided::mean(double t, double x) const {
  const double vmin = p_.velocity.vmin, vmax = p_.velocity.vmax, eps = p_.eps;
  double total = 0.0;
  if (vmax > 0.0) {  // break where the entry time from the left is 0: v* = eps (x - xL)/t; faster rays entered
    const double lo = std::max(vmin, 0.0);
    const double brk = t > 0.0 ? std::clamp(eps * (x - p_.x_left) / t, lo, vmax) : vmax;
    total += integrate(t, x, lo, brk, false) + integrate(t, x, brk, vmax, true);
  }
  if (vmin < 0.0) {
    const double hi = std::min(vmax, 0.0);
    const double brk = t > 0.0 ? std::clamp(-eps * (p_.x_right - x) / t, vmin, hi) : vmin;
    total += integrate(t, x, vmin, brk, true) + integrate(t, x, brk, hi, false);
  }
  return total * p_.velocity.measure_factor();
}

}  // namespace kinetic::classical
