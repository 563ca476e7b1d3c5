// The equilibrium diffusion solver of gray radiative transfer: second order in space with dt ~ dx^2, the
// total energy conserved with periodic walls, and a Dirichlet inflow temperature held.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/progress.hpp"
#include "grte_test_support.hpp"

using namespace kinetic;
using namespace kinetic::classical::grte;
using namespace kinetic::classical::grte::testing;

TEST_CASE("grte diffusion_limit is second order with dt ~ dx^2 and conserves energy", "[grte][order]") {
  Progress::set_quiet(true);
  const Problem p = problem_of(smooth_problem(1e-8, 0.1));
  auto solve = [&](int nx, double* drift = nullptr) {
    DiffusionOptions o;
    o.nx = nx, o.dt = 0.2 * (2.0 / nx) * (2.0 / nx);  // dt ~ dx^2: the O(dt) error is O(dx^2)
    EquilibriumDiffusion d(p, o);
    const double before = d.total_energy();
    advance(d, p.t_end);
    if (drift) *drift = std::abs(d.total_energy() - before) / before;
    return d.temperature();
  };
  double drift = 1;
  const auto fine = solve(400, &drift);
  CHECK(drift < 1e-11);  // up to the Newton tolerance (1e-12 in T)
  const double e1 = relative_l2(solve(25), every(fine, 16)), e2 = relative_l2(solve(50), every(fine, 8));
  const double order = std::log2(e1 / e2);
  INFO("errors " << e1 << ", " << e2 << ", order " << order);
  CHECK(order > 1.8);
  CHECK(e2 < 1e-3);
}

TEST_CASE("grte diffusion_limit holds the inflow temperature and heats the slab from it", "[grte]") {
  Progress::set_quiet(true);
  const Problem p = problem_of(smooth_problem(1e-8, 0.05, {"{left: {type: inflow, T: \"1.2\"}, right: {type: reflecting}}"}));
  DiffusionOptions o;
  o.nx = 40;
  EquilibriumDiffusion d(p, o);
  advance(d, p.t_end);
  const auto& T = d.temperature();
  CHECK(T.front() == 1.2);
  CHECK(T[1] > 0.75 + 0.25 * std::sin(M_PI * 0.05));  // heated from the wall
  CHECK(*std::max_element(T.begin(), T.end()) <= 1.2 + 1e-12);
}
