// The Milne problem's H-function, boundary weights and extrapolation length (core/milne.hpp), against
// Chandrasekhar's tables and the moments of conservative isotropic scattering.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/milne.hpp"
#include "core/quadrature.hpp"

using namespace kinetic;

TEST_CASE("Milne boundary weights of the discrete H-function", "[core][milne]") {
  const Quadrature half = gauss_legendre(16, 0.0, 1.0);
  const auto h = chandrasekhar_h(half.nodes, half.weights);
  double alpha0 = 0.0, alpha1 = 0.0;
  for (int j = 0; j < half.size(); ++j) {
    alpha0 += half.weights[j] * h[j];
    alpha1 += half.weights[j] * half.nodes[j] * h[j];
  }
  // Conservative isotropic scattering: int H = 2, int mu H = 2/sqrt(3); H increases from 1 at mu = 0.
  CHECK(alpha0 == Approx(2.0).epsilon(1e-6));
  CHECK(alpha1 == Approx(2.0 / std::sqrt(3.0)).epsilon(1e-6));
  CHECK(h.front() > 1.0);
  // Nystrom interpolation 1/H(mu) = sum_j a_j mu_j H_j / (2 (mu + mu_j)) against Chandrasekhar's table.
  auto h_at = [&](double mu) {
    double s = 0.0;
    for (int j = 0; j < half.size(); ++j) s += half.weights[j] * half.nodes[j] * h[j] / (2.0 * (mu + half.nodes[j]));
    return 1.0 / s;
  };
  CHECK(h_at(0.1) == Approx(1.24735).margin(1e-4));
  CHECK(h_at(0.5) == Approx(2.01278).margin(1e-4));
  CHECK(h_at(1.0) == Approx(2.90781).margin(1e-4));
  const auto w = milne_boundary_weights(half.nodes, half.weights);
  double sum = 0.0;
  for (double x : w) sum += x;
  CHECK(sum == Approx(1.0).epsilon(1e-12));
}

TEST_CASE("Milne extrapolation length of the discrete H-function", "[core][milne]") {
  // Continuous value q = 0.71044609 (Chandrasekhar); the discrete-ordinate value converges to it quickly.
  for (const int n : {4, 8, 16, 32}) {
    const Quadrature half = gauss_legendre(n, 0.0, 1.0);
    const double q = milne_extrapolation_length(half.nodes, half.weights);
    INFO(n << " half-range nodes: q = " << q);
    CHECK(std::abs(q - 0.71044609) < (n >= 16 ? 2e-8 : 2e-3));
  }
}
