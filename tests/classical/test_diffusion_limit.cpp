// Diffusion-limit solver: second-order convergence to the exact series, and the Milne boundary weights.
#include <catch2/catch.hpp>

#include "classical/milne_weight.hpp"
#include "core/analytic_references.hpp"
#include "core/quadrature.hpp"
#include "lt_helpers.hpp"

using namespace kinetic;

TEST_CASE("diffusion_limit converges at second order to the series", "[classical][diffusion_limit]") {
  std::vector<double> errors;
  for (const int nx : {25, 50, 100, 200}) {
    const auto r = test::run_classical(test::inflow_problem(1.0, 0.1), "{method: diffusion_limit, nx: " +
                                                                           std::to_string(nx) + ", nv: 16}");
    std::vector<double> exact;
    for (double x : r.x) exact.push_back(analytic::diffusion_dirichlet_series(0.1, x, 0.0, 1.0, 1.0, 0.0, 1.0 / 3.0));
    errors.push_back(test::relative_l2(r.field_at("rho", 0), exact));
  }
  INFO("errors " << errors[0] << " " << errors[1] << " " << errors[2] << " " << errors[3]);
  CHECK(test::order(errors[0], errors[1]) > 1.8);
  CHECK(test::order(errors[1], errors[2]) > 1.9);
  CHECK(test::order(errors[2], errors[3]) > 1.9);
  CHECK(errors[3] < 1.2e-4);
}

TEST_CASE("diffusion_limit with a large step and start-up stays accurate", "[classical][diffusion_limit]") {
  // dt = 5 dx: Crank-Nicolson alone would ring at the boundary jump; the implicit-Euler start-up damps it.
  const auto r = test::run_classical(test::inflow_problem(1.0, 0.1), "{method: diffusion_limit, nx: 100, dt: 0.01}");
  const auto rho = r.field_at("rho", 0);
  CHECK(rho[25] == Approx(0.332922).margin(2e-3));
  CHECK(rho[50] == Approx(0.052808).margin(2e-3));
  for (double value : rho) CHECK(value > -1e-3);
}

TEST_CASE("Milne boundary weights of the discrete H-function", "[classical][diffusion_limit]") {
  const Quadrature half = gauss_legendre(16, 0.0, 1.0);
  const auto h = classical::chandrasekhar_h(half.nodes, half.weights);
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
  const auto w = classical::milne_boundary_weights(half.nodes, half.weights);
  double sum = 0.0;
  for (double x : w) sum += x;
  CHECK(sum == Approx(1.0).epsilon(1e-12));
}
