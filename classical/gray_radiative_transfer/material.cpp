#include "classical/gray_radiative_transfer/material.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace kinetic::classical::grte {

namespace {
constexpr int kMaxIterations = 200;
}  // namespace

Material::Material(const Problem& problem)
    : r_(problem.radiation), a_(problem.radiation.a), c_(problem.radiation.c),
      constant_cv_(problem.radiation.heat_capacity.is_constant()),
      cv_(constant_cv_ ? problem.radiation.heat_capacity(0, 0, 0) : 0.0), rule_(gauss_legendre(8, 0.0, 1.0)) {}

double Material::energy(double T, double x) const {
  if (constant_cv_) return cv_ * T;
  double e = 0.0;
  for (std::size_t q = 0; q < rule_.nodes.size(); ++q) e += rule_.weights[q] * heat_capacity(rule_.nodes[q] * T, x);
  return e * T;
}

double Material::min_opacity(const std::vector<double>& sigma_nodes, double t, double x_left, double x_right) const {
  double sigma = *std::min_element(sigma_nodes.begin(), sigma_nodes.end());
  if (r_.left.kind == RadiationSide::Kind::Inflow) sigma = std::min(sigma, opacity(r_.left.temperature(t, 0, 0), x_left));
  if (r_.right.kind == RadiationSide::Kind::Inflow)
    sigma = std::min(sigma, opacity(r_.right.temperature(t, 0, 0), x_right));
  return sigma;
}

double Material::solve_exchange(double alpha, double k, double R, double e_old, double T_guess, double x) const {
  auto phi = [&](double T) { return alpha * (energy(T, x) - e_old) - k * (R - emission(T)); };
  const double tiny = std::numeric_limits<double>::min();
  if (phi(tiny) >= 0.0) return tiny;  // no radiation energy left to heat with
  // Bracket [lo, hi] with phi(lo) < 0 < phi(hi).
  double lo = tiny, hi = std::max(T_guess, 1e-300) * 2.0;
  for (int i = 0; phi(hi) <= 0.0; ++i) {
    lo = hi, hi *= 2.0;
    if (i > 2000) throw RunError("gray radiative transfer: no temperature balances the energy exchange");
  }
  double T = (T_guess > lo && T_guess < hi) ? T_guess : 0.5 * (lo + hi);
  for (int it = 0; it < kMaxIterations; ++it) {
    const double f = phi(T);
    if (f == 0.0) return T;  // an exact balance (e.g. a uniform equilibrium) stays exactly where it is
    if (f < 0.0) lo = T; else hi = T;
    const double df = alpha * heat_capacity(T, x) + k * emission_derivative(T);
    double next = T - f / df;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);  // Newton left the bracket: bisect
    if (std::abs(next - T) <= 1e-14 * next || hi - lo <= 1e-15 * hi) return next;
    T = next;
  }
  return T;
}

}  // namespace kinetic::classical::grte
