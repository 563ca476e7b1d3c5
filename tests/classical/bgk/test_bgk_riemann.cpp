// The Euler limit of the IMEX BGK solver: at eps = 1e-6 the density converges in L1 to the exact Riemann
// solution of the gamma = 3 Euler equations (computed here by validation::EulerRiemann, itself checked
// against the published star state and wave speeds).
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "tests/classical/bgk/bgk_test_support.hpp"
#include "validation/euler_riemann.hpp"

using namespace kinetic;
using namespace kinetic::classical;
using kinetic::validation::EulerRiemann;

namespace {
// (rho, u, p) = (1.5, 0, 2.25) | (0.625, 0, 0.46875): T = p/rho = 1.5 | 0.75.
const kinetic::validation::EulerState kLeft{1.5, 0.0, 2.25}, kRight{0.625, 0.0, 0.46875};
}  // namespace

TEST_CASE("exact gamma = 3 Riemann solver matches the published star state and waves", "[bgk][riemann]") {
  const EulerRiemann r(kLeft, kRight, 3.0);
  INFO(r.describe());
  CHECK(r.p_star() == Approx(1.065230).margin(1e-6));
  CHECK(r.u_star() == Approx(0.467989).margin(1e-6));
  CHECK(r.rho_star_left() == Approx(1.169082).margin(1e-6));
  CHECK(r.rho_star_right() == Approx(0.811146).margin(1e-6));
  CHECK(!r.left_is_shock());
  CHECK(r.right_is_shock());
  CHECK(r.right_head_speed() == Approx(2.039298).margin(1e-6));
  CHECK(r.left_head_speed() == Approx(-2.121320).margin(1e-6));
  CHECK(r.left_tail_speed() == Approx(-1.185343).margin(1e-6));
  // Sampling: undisturbed states outside, star states either side of the contact, a continuous fan.
  CHECK(r.sample(-3.0).rho == 1.5);
  CHECK(r.sample(3.0).rho == 0.625);
  CHECK(r.sample(0.0).rho == Approx(1.169082).margin(1e-6));
  CHECK(r.sample(1.0).rho == Approx(0.811146).margin(1e-6));
  CHECK(r.sample(r.left_head_speed() + 1e-12).rho == Approx(1.5).margin(1e-9));
  CHECK(r.sample(r.left_tail_speed() - 1e-12).rho == Approx(1.169082).margin(1e-6));
  CHECK(r.sample(r.left_tail_speed() - 1e-12).u == Approx(0.467989).margin(1e-6));
  // Inside the fan the flow is isentropic: p / rho^gamma is the left value.
  const auto fan = r.sample(-1.6);
  CHECK(fan.p / std::pow(fan.rho, 3.0) == Approx(2.25 / std::pow(1.5, 3.0)).epsilon(1e-12));
  // Rankine-Hugoniot mass flux across the shock: rho (u - s) equal on both sides.
  const double s = r.right_head_speed();
  CHECK(r.rho_star_right() * (r.u_star() - s) == Approx(0.625 * (0.0 - s)).epsilon(1e-12));
}

namespace {

// L1 density errors at t = 0.1 on 100, 200, 400, 800 cells; also checks that the density stays within the
// data's range (no over/undershoots: the limited transport and the convex relaxation are monotone here).
std::vector<double> riemann_l1_errors(TimeScheme scheme) {
  const Problem problem = testing::bgk_problem(
      "  eps: 1.0e-6\n  time: {end: 0.1}\n  space: [-0.5, 0.5]\n"
      "  velocity: {range: [-10, 10], measure: integral}\n"
      "  initial: {rho: 'x < 0 ? 1.5 : 0.625', u: 0, T: 'x < 0 ? 1.5 : 0.75'}\n"
      "  boundary: {type: zero_gradient}\n");
  const EulerRiemann exact(kLeft, kRight, 3.0);
  std::vector<double> errors;
  for (int nx : {100, 200, 400, 800}) {
    BgkImexOptions options = testing::bgk_options(nx, 48, 0.5);
    options.time_scheme = scheme;
    BgkImexSolver solver(problem, options);
    solver.advance_to(0.1);
    const auto m = solver.moments();
    double l1 = 0.0;
    for (int i = 0; i < nx; ++i) {
      l1 += solver.dx() * std::fabs(m.rho[i] - exact.at(solver.x()[i], 0.1).rho);
      CHECK(m.rho[i] > 0.625 - 1e-6);
      CHECK(m.rho[i] < 1.5 + 1e-6);
    }
    errors.push_back(l1);
    WARN("scheme " << static_cast<int>(scheme) << ", nx = " << nx << ": L1(rho) = " << l1);
  }
  return errors;
}

void check_convergence(const std::vector<double>& errors, double finest_bound) {
  for (std::size_t j = 1; j < errors.size(); ++j) {
    INFO("nx level " << j << ": " << errors[j - 1] << " -> " << errors[j]);
    CHECK(errors[j] < 0.8 * errors[j - 1]);  // observed order > 0.3 at every refinement
  }
  const double order = std::log2(errors[0] / errors.back()) / 3.0;
  INFO("mean observed L1 order " << order);
  CHECK(order > 0.6);
  CHECK(errors.back() < finest_bound);
}

}  // namespace

// Measured (nv = 48): 9.14e-3, 4.84e-3, 2.86e-3, 1.71e-3 (mean order 0.81).
TEST_CASE("bgk_imex at eps = 1e-6 converges in L1 to the exact Euler (gamma = 3) Riemann solution",
          "[bgk][riemann]") {
  check_convergence(riemann_l1_errors(TimeScheme::ImexEuler), 2.5e-3);
}

// Measured (nv = 48): 8.74e-3, 4.44e-3, 2.51e-3, 1.44e-3 (mean order 0.87).
TEST_CASE("bgk_imex ARS(2,2,2) at eps = 1e-6 converges in L1 to the exact Riemann solution", "[bgk][riemann]") {
  check_convergence(riemann_l1_errors(TimeScheme::ARS222), 2.2e-3);
}
