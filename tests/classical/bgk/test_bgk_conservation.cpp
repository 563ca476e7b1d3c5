// The IMEX BGK solver conserves the discrete mass, momentum and energy to round-off with periodic
// boundaries, in the kinetic (eps = 1) and in the stiff hydrodynamic (eps = 1e-6) regime, with either
// kernel version, and the fused kernel reproduces the multi-pass one.
#include <catch2/catch.hpp>

#include <cmath>

#include "classical/host_threads.hpp"
#include "tests/classical/bgk/bgk_test_support.hpp"

using namespace kinetic;
using namespace kinetic::classical;

namespace {

// Smooth periodic data with non-zero total momentum and a non-Maxwellian start is given by a Maxwellian of
// varying (rho, u, T); the flow develops gradients and steepens within t = 0.2 at eps = 1e-6.
std::string periodic_body(double eps) {
  return "  eps: " + yaml_number(eps) +
         "\n  time: {end: 0.2}\n  space: [-0.5, 0.5]\n  velocity: {range: [-10, 10], measure: integral}\n"
         "  initial: {rho: '1 + 0.5*sin(2*pi*x)', u: '0.3 + 0.2*cos(2*pi*x)', T: '1 + 0.3*sin(4*pi*x)'}\n"
         "  boundary: {type: periodic}\n";
}

void check_conservation(double eps, bool fused, TimeScheme scheme = TimeScheme::ImexEuler) {
  const Problem problem = testing::bgk_problem(periodic_body(eps));
  BgkImexOptions options = testing::bgk_options(100, 40, 0.8, SlopeLimiter::VanLeer, fused);
  options.time_scheme = scheme;
  BgkImexSolver solver(problem, options);
  const auto before = solver.totals();
  solver.advance_to(0.2);
  const auto after = solver.totals();
  INFO("eps = " << eps << ", steps = " << solver.steps());
  REQUIRE(solver.steps() > 200);
  // Totals are O(1): mass 1, momentum 0.3, energy ~0.6. Round-off over ~250 steps stays far below 1e-13.
  for (int a = 0; a < 3; ++a) {
    INFO("moment " << a << ": " << before[a] << " -> " << after[a]);
    CHECK(std::fabs(after[a] - before[a]) < 1e-13 * std::fabs(before[0]));
  }
  // The state did change (otherwise conservation would be trivial).
  const auto m = solver.moments();
  double max_u_change = 0.0;
  for (std::size_t i = 0; i < m.u.size(); ++i)
    max_u_change = std::max(max_u_change, std::fabs(m.u[i] - (0.3 + 0.2 * std::cos(2 * M_PI * solver.x()[i]))));
  CHECK(max_u_change > 0.05);
}

}  // namespace

TEST_CASE("bgk_imex conserves mass, momentum and energy to round-off (periodic, eps = 1)", "[bgk]") {
  check_conservation(1.0, true);
}

TEST_CASE("bgk_imex conserves mass, momentum and energy to round-off (periodic, eps = 1e-6)", "[bgk]") {
  check_conservation(1e-6, true);
}

TEST_CASE("bgk_imex ARS(2,2,2) conserves mass, momentum and energy to round-off (periodic, eps = 1, 1e-6)",
          "[bgk]") {
  check_conservation(1.0, true, TimeScheme::ARS222);
  check_conservation(1e-6, true, TimeScheme::ARS222);
}

TEST_CASE("bgk_imex multi-pass kernels conserve too (periodic, eps = 1e-6)", "[bgk]") {
  check_conservation(1e-6, false);
}

TEST_CASE("bgk_imex fused and multi-pass kernels give the same solution", "[bgk]") {
  const Problem problem = testing::bgk_problem(periodic_body(1e-2));
  for (SlopeLimiter limiter : {SlopeLimiter::VanLeer, SlopeLimiter::Minmod, SlopeLimiter::None}) {
    BgkImexSolver fused(problem, testing::bgk_options(64, 32, 0.8, limiter, true));
    BgkImexSolver multipass(problem, testing::bgk_options(64, 32, 0.8, limiter, false));
    fused.advance_to(0.1);
    multipass.advance_to(0.1);
    const auto a = fused.distribution(), b = multipass.distribution();
    double diff = 0.0, scale = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
      diff = std::max(diff, std::fabs(a[i] - b[i]));
      scale = std::max(scale, std::fabs(b[i]));
    }
    INFO("limiter " << static_cast<int>(limiter) << ": max |f_fused - f_multipass| = " << diff);
    CHECK(diff < 1e-12 * scale);
  }
}

// Host threads (host_threads.hpp) split the cell loops of the fused kernels; each cell is computed once from
// the same data, so two threads give the one-thread solution to the last bit, for both time schemes. Where
// the build has no OpenMP, or Kokkos a parallel backend, `threads` is ignored and this holds trivially: say so.
TEST_CASE("bgk_imex on two host threads gives the one-thread solution bit for bit", "[bgk]") {
  if (!classical::host_threads_active())
    WARN("this build ignores classical.threads (no OpenMP, or a parallel Kokkos backend): one thread against itself");
  const Problem problem = testing::bgk_problem(periodic_body(1e-2));
  for (TimeScheme scheme : {TimeScheme::ImexEuler, TimeScheme::ARS222}) {
    BgkImexOptions one = testing::bgk_options(64, 32, 0.8, SlopeLimiter::VanLeer, true);
    one.time_scheme = scheme;
    BgkImexOptions two = one;
    two.threads = 2;
    BgkImexSolver a(problem, one), b(problem, two);
    a.advance_to(0.1);
    b.advance_to(0.1);
    const auto fa = a.distribution(), fb = b.distribution();
    REQUIRE(fa.size() == fb.size());
    CHECK(fa == fb);
    CHECK(fa[7] != 0.0);
  }
}
