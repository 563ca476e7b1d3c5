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
std::string periodic_body(double eps, const std::string& velocity_range = "[-10, 10]") {
  return "  eps: " + yaml_number(eps) +
         "\n  time: {end: 0.2}\n  space: [-0.5, 0.5]\n  velocity: {range: " + velocity_range +
         ", measure: integral}\n"
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

// Grids: 64 x 32 fills whole cell blocks and velocity vectors; 37 x 18 leaves a partial block of cells and
// pads each sign's 9 velocities to 16 storage slots; 23 x 14 pads each sign's 7 to 8.
TEST_CASE("bgk_imex fused and multi-pass kernels give the same solution", "[bgk]") {
  for (auto [nx, nv] : {std::pair{64, 32}, std::pair{37, 18}, std::pair{23, 14}})
  for (SlopeLimiter limiter : {SlopeLimiter::VanLeer, SlopeLimiter::Minmod, SlopeLimiter::None}) {
    INFO("grid " << nx << " x " << nv);
    // 14 velocities on [-10, 10] resolve no Maxwellian of T ~ 1 (both kernels give NaN): a narrower range
    const Problem problem = testing::bgk_problem(periodic_body(1e-2, nv < 16 ? "[-5, 5]" : "[-10, 10]"));
    BgkImexSolver fused(problem, testing::bgk_options(nx, nv, 0.8, limiter, true));
    BgkImexSolver multipass(problem, testing::bgk_options(nx, nv, 0.8, limiter, false));
    fused.advance_to(0.1);
    multipass.advance_to(0.1);
    const auto a = fused.distribution(), b = multipass.distribution();
    double diff = 0.0, scale = 0.0;
    int non_finite = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
      diff = std::max(diff, std::fabs(a[i] - b[i]));
      scale = std::max(scale, std::fabs(b[i]));
      non_finite += !std::isfinite(a[i]) + !std::isfinite(b[i]);
    }
    INFO("limiter " << static_cast<int>(limiter) << ": max |f_fused - f_multipass| = " << diff);
    CHECK(non_finite == 0);
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
  for (auto [nx, nv] : {std::pair{64, 32}, std::pair{37, 18}})
  for (TimeScheme scheme : {TimeScheme::ImexEuler, TimeScheme::ARS222}) {
    BgkImexOptions one = testing::bgk_options(nx, nv, 0.8, SlopeLimiter::VanLeer, true);
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

// The kernels against the scheme written plainly on the host, one step of IMEX Euler with first-order upwind
// fluxes (periodic ghosts): f* = f - dt/dx (F_{i+1/2} - F_{i-1/2}), U = C f*, g = a f* + b M[U] with std::exp,
// f_new = g + C^T (C C^T)^{-1} (U - C g). Independent of the storage (padded velocity slots, blocks of cells,
// fluxes computed inside the relaxation pass): on 37 x 18 all three are exercised.
TEST_CASE("bgk_imex one step equals the scheme written plainly on the host", "[bgk]") {
  const Problem problem = testing::bgk_problem(periodic_body(1e-2));
  for (bool fused : {true, false}) {
    BgkImexSolver solver(problem, testing::bgk_options(37, 18, 0.8, SlopeLimiter::None, fused));
    const int nx = solver.nx(), nv = solver.nv();
    const auto& nodes = solver.velocity().nodes;
    const auto& weights = solver.velocity().weights;
    const std::vector<double> f = solver.distribution();
    const double dt = solver.stable_dt(), eps = 1e-2, a = eps / (eps + dt), b = dt / (eps + dt);
    const double lambda = dt / solver.dx();
    const bgk::GramInverse gram = bgk::gram_inverse(nodes.data(), weights.data(), nv);
    auto at = [&](int i, int k) { return f[static_cast<std::size_t>((i + nx) % nx) * nv + k]; };
    std::vector<double> expected(f.size());
    for (int i = 0; i < nx; ++i) {
      std::vector<double> fs(nv);
      double U[3] = {0, 0, 0};
      for (int k = 0; k < nv; ++k) {
        const double v = nodes[k];
        // upwind face values: F_{i+1/2} = v f_i (v > 0) or v f_{i+1} (v < 0)
        const double right = v > 0 ? v * at(i, k) : v * at(i + 1, k);
        const double left = v > 0 ? v * at(i - 1, k) : v * at(i, k);
        fs[k] = at(i, k) - lambda * (right - left);
        U[0] += weights[k] * fs[k], U[1] += weights[k] * v * fs[k], U[2] += weights[k] * 0.5 * v * v * fs[k];
      }
      const double u = U[1] / U[0], T = (2 * U[2] - U[1] * u) / U[0];
      double r[3] = {U[0], U[1], U[2]};
      std::vector<double> g(nv);
      for (int k = 0; k < nv; ++k) {
        const double v = nodes[k];
        g[k] = a * fs[k] + b * U[0] / std::sqrt(2 * M_PI * T) * std::exp(-(v - u) * (v - u) / (2 * T));
        r[0] -= weights[k] * g[k], r[1] -= weights[k] * v * g[k], r[2] -= weights[k] * 0.5 * v * v * g[k];
      }
      double lam[3];
      gram.apply(r, lam);
      for (int k = 0; k < nv; ++k) {
        const double v = nodes[k];
        expected[static_cast<std::size_t>(i) * nv + k] = g[k] + weights[k] * (lam[0] + lam[1] * v + lam[2] * 0.5 * v * v);
      }
    }
    solver.step(dt);
    const std::vector<double> got = solver.distribution();
    REQUIRE(got.size() == expected.size());
    double diff = 0.0, change = 0.0, scale = 0.0;
    for (std::size_t n = 0; n < got.size(); ++n) {
      diff = std::max(diff, std::fabs(got[n] - expected[n]));
      change = std::max(change, std::fabs(expected[n] - f[n]));
      scale = std::max(scale, std::fabs(expected[n]));
    }
    INFO((fused ? "fused" : "multi-pass") << ": max |kernel - host| = " << diff << ", step changed f by " << change);
    CHECK(diff < 1e-13 * scale);
    CHECK(change > 1e-4 * scale);  // the step did something
  }
}
