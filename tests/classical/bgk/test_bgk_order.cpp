// Accuracy order of the two time schemes on a smooth periodic flow (no boundary layers, no shocks):
// self-convergence of the density under dx -> dx/2 (dt proportional to dx). ARS(2,2,2) with MUSCL fluxes
// is second order. The one-step IMEX Euler scheme (Lax-Wendroff transport, then relaxation) is formally
// first order, but its O(dt) splitting error multiplies the non-equilibrium part f - E[U] = O(eps), so on
// this smooth flow at eps = 1e-3 it is observed at second order as well (measured 1.92, 2.02); near
// Dirichlet boundary layers or extrema the orders of both drop (see examples/bgk/smooth_eps1e-3.yaml).
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "tests/classical/bgk/bgk_test_support.hpp"

using namespace kinetic;
using namespace kinetic::classical;

namespace {

// Relative l2 distances between successive grids (fine pairs averaged onto the coarse cells) and the
// observed orders.
std::vector<double> self_convergence(TimeScheme scheme, double eps) {
  const Problem problem = testing::bgk_problem(
      "  eps: " + yaml_number(eps) +
      "\n  time: {end: 0.05}\n  space: [0, 1]\n"
      "  initial: {rho: '1 + 0.3*sin(2*pi*x)', u: '0.2*cos(2*pi*x)', T: '1 + 0.2*cos(2*pi*x)'}\n"
      "  boundary: {type: periodic}\n");
  std::vector<std::vector<double>> rho;
  for (int nx : {50, 100, 200, 400}) {
    BgkImexOptions o = testing::bgk_options(nx, 32, 0.5);
    o.time_scheme = scheme;
    BgkImexSolver solver(problem, o);
    solver.advance_to(0.05);
    rho.push_back(solver.moments().rho);
  }
  std::vector<double> diffs;
  for (std::size_t l = 0; l + 1 < rho.size(); ++l) {
    double e = 0.0, n = 0.0;
    for (std::size_t i = 0; i < rho[l].size(); ++i) {
      const double fine = 0.5 * (rho[l + 1][2 * i] + rho[l + 1][2 * i + 1]);
      e += (rho[l][i] - fine) * (rho[l][i] - fine);
      n += fine * fine;
    }
    diffs.push_back(std::sqrt(e / n));
  }
  return diffs;
}

}  // namespace

TEST_CASE("bgk_imex ARS(2,2,2) is second order on a smooth periodic flow (eps = 1e-3)", "[bgk][order]") {
  const auto d = self_convergence(TimeScheme::ARS222, 1e-3);
  for (std::size_t l = 0; l + 1 < d.size(); ++l) {
    const double order = std::log2(d[l] / d[l + 1]);
    INFO("differences " << d[l] << " -> " << d[l + 1] << ": order " << order);
    CHECK(order > 1.8);
  }
  CHECK(d.back() < 2e-5);  // measured 1.30e-5 (400 vs 200 cells)
}

TEST_CASE("bgk_imex IMEX Euler converges at second order on a smooth periodic flow (eps = 1e-3)", "[bgk][order]") {
  const auto d = self_convergence(TimeScheme::ImexEuler, 1e-3);
  for (std::size_t l = 0; l + 1 < d.size(); ++l) {
    const double order = std::log2(d[l] / d[l + 1]);
    INFO("differences " << d[l] << " -> " << d[l + 1] << ": order " << order);
    CHECK(order > 1.8);
  }
  CHECK(d.back() < 2e-5);  // measured 1.17e-5
}
