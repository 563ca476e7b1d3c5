#include "core/milne.hpp"

#include <cmath>

#include "core/error.hpp"

namespace kinetic {

std::vector<double> chandrasekhar_h(const std::vector<double>& mu, const std::vector<double>& a) {
  const std::size_t n = mu.size();
  std::vector<double> h(n, 1.0), next(n);
  // Fixed point of 1/H(mu_i) = sum_j a_j mu_j H(mu_j) / (2 (mu_i + mu_j)), damped by averaging (the plain
  // iteration oscillates for conservative scattering).
  for (int iteration = 0; iteration < 10000; ++iteration) {
    double change = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      double s = 0.0;
      for (std::size_t j = 0; j < n; ++j) s += a[j] * mu[j] * h[j] / (2.0 * (mu[i] + mu[j]));
      next[i] = 0.5 * (h[i] + 1.0 / s);
      change = std::max(change, std::abs(next[i] - h[i]));
    }
    h.swap(next);
    if (change < 1e-15) return h;
  }
  throw RunError("chandrasekhar_h: fixed-point iteration did not converge");
}

std::vector<double> milne_boundary_weights(const std::vector<double>& mu, const std::vector<double>& a) {
  const auto h = chandrasekhar_h(mu, a);
  std::vector<double> weights(mu.size());
  for (std::size_t j = 0; j < mu.size(); ++j) weights[j] = a[j] * std::sqrt(3.0) / 2.0 * mu[j] * h[j];
  return weights;
}

void replace_by_milne_value(std::vector<double>& values, const std::vector<double>& weights) {
  double value = 0.0;
  for (std::size_t k = 0; k < values.size(); ++k) value += weights[k] * values[k];
  for (std::size_t k = 0; k < values.size(); ++k)
    if (weights[k] != 0.0) values[k] = value;
}

double milne_extrapolation_length(const std::vector<double>& mu, const std::vector<double>& a) {
  const auto h = chandrasekhar_h(mu, a);
  double alpha1 = 0.0, alpha2 = 0.0;
  for (std::size_t j = 0; j < mu.size(); ++j) {
    alpha1 += a[j] * mu[j] * h[j];
    alpha2 += a[j] * mu[j] * mu[j] * h[j];
  }
  return alpha2 / alpha1;
}

}  // namespace kinetic
