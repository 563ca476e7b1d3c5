#include <catch2/catch.hpp>

#include <cmath>

#include "core/analytic_references.hpp"

using namespace kinetic::analytic;

TEST_CASE("diffusion series matches the published values of Case I at t = 0.1", "[analytic]") {
  auto rho = [](double x) { return diffusion_dirichlet_series(0.1, x, 0, 1, 1, 0, 1.0 / 3.0); };
  CHECK(std::abs(rho(0.25) - 0.332922) < 1e-6);
  CHECK(std::abs(rho(0.5) - 0.052808) < 1e-6);
  CHECK(std::abs(rho(0.75) - 0.003674) < 1e-6);
  // Trapezoid rule on a fine grid for the mass.
  const int n = 20000;
  double mass = 0;
  for (int i = 0; i <= n; ++i) mass += (i == 0 || i == n ? 0.5 : 1.0) * rho(double(i) / n) / n;
  CHECK(std::abs(mass - 0.206000) < 1e-5);
}

TEST_CASE("periodic decay rate matches the published values for k = 2 pi", "[analytic]") {
  const double k = 2 * M_PI;
  CHECK(std::abs(periodic_mode_decay_rate(0.0, k) + 13.159473) < 1e-6);
  CHECK(std::abs(periodic_mode_decay_rate(0.01, k) + 13.162937) < 1e-6);
  CHECK(std::abs(periodic_mode_decay_rate(0.1, k) + 13.519373) < 1e-6);
  CHECK(std::abs(periodic_mode_decay_rate(1e-6, k) + 13.159473) < 1e-6);
}
