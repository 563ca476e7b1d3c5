// The AP micro-macro scheme for gray radiative transfer: total energy conserved to round-off (periodic and
// reflecting walls, also with a temperature-dependent heat capacity and a non-equilibrium anisotropic start),
// the interior's energy balance against the wall fluxes it writes (inflow and zero-gradient walls), a uniform
// equilibrium exactly steady, a positive temperature through the Marshak front, its convergence
// order, and its diffusion limit with a step that also works at eps = 1.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "core/progress.hpp"
#include "grte_test_support.hpp"

using namespace kinetic;
using namespace kinetic::classical::grte;
using namespace kinetic::classical::grte::testing;

TEST_CASE("grte micro_macro conserves the total energy to round-off", "[grte]") {
  Progress::set_quiet(true);
  const std::string reflecting = "{left: {type: reflecting}, right: {type: reflecting}}";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"periodic eps 1", smooth_problem(1.0, 0.5)},
      {"periodic eps 1e-3, C_v = 0.2 T^3 + 0.05 (e(T) by quadrature)",
       smooth_problem(1e-3, 0.2, {"{type: periodic}", "0.2*T^3 + 0.05"})},
      {"reflecting eps 1, anisotropic non-equilibrium start",
       smooth_problem(1.0, 0.5, {reflecting, "0.1", "{T: \"0.75 + 0.25*sin(pi*x)\", I: \"(0.3 + 0.1*cos(pi*x))*(1 + 0.5*v)\"}"})},
      {"reflecting eps 1e-2", smooth_problem(1e-2, 0.2, {reflecting})},
  };
  for (const auto& [name, yaml] : cases) {
    INFO(name);
    const Problem p = problem_of(yaml);
    for (bool second : {false, true}) {
      MicroMacroOptions o;
      o.nx = 64, o.nv = 8, o.second_order = second;
      MicroMacro scheme(p, o);
      const double before = scheme.total_energy();
      const long steps = advance(scheme, p.t_end);
      CHECK(steps > 10);
      const double after = scheme.total_energy();
      INFO("second order " << second << ": " << before << " -> " << after);
      CHECK(std::abs(after - before) <= 1e-12 * before);
    }
  }
}

TEST_CASE("grte micro_macro's wall fluxes are what the interior nodes' energy gains, step by step", "[grte]") {
  // With inflow and zero-gradient walls the wall nodes follow the boundary formula, so the total energy is not a
  // balance; the interior nodes' energy sum_{0 < i < N} dx ((2/c) rho_i + e(T_i)) is, and its change in a step
  // must equal dt (2F_left - 2F_right) from wall_fluxes() to round-off. The Marshak wave (C_v constant) and the
  // smooth case with C_v(T) (e by quadrature), first and second order.
  Progress::set_quiet(true);
  const std::string walls = "{left: {type: zero_gradient}, right: {type: inflow, T: \"1.2\"}}";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Marshak", marshak_problem(0.05)}, {"smooth eps 1e-2, C_v(T)", smooth_problem(1e-2, 0.05, {walls, "0.2*T^3 + 0.05"})}};
  for (const auto& [name, yaml] : cases) {
    const Problem p = problem_of(yaml);
    const Material material(p);
    for (bool second : {false, true}) {
      INFO(name << ", second order " << second);
      MicroMacroOptions o;
      o.nx = 100, o.nv = 8, o.second_order = second;
      MicroMacro scheme(p, o);
      const double dx = scheme.x()[1] - scheme.x()[0];
      auto interior_energy = [&] {
        double sum = 0;
        for (std::size_t i = 1; i + 1 < scheme.x().size(); ++i)
          sum += dx * (2 / material.c() * scheme.density()[i] + material.energy(scheme.temperature()[i], scheme.x()[i]));
        return sum;
      };
      double t = 0, worst = 0, let_in = 0;
      const double start = interior_energy();
      long steps = 0;
      while (t < p.t_end * (1 - 1e-14)) {
        const double dt = std::min(scheme.step_size(t), p.t_end - t), before = interior_energy();
        scheme.step(t, dt);
        const auto [left, right] = scheme.wall_fluxes();
        worst = std::max(worst, std::abs(interior_energy() - before - dt * (left - right)) / before);
        let_in += dt * (left - right);
        t += dt, ++steps;
      }
      INFO(steps << " steps, energy let in " << let_in << ", interior energy " << start << " -> " << interior_energy());
      CHECK(steps > 10);
      CHECK(worst <= 1e-13);
      CHECK(let_in > 0.03 * start);  // the hot wall did let energy in (6.9 % of the start in the smooth case)
      CHECK(std::abs(interior_energy() - start - let_in) <= 1e-12 * interior_energy());
    }
  }
}

TEST_CASE("grte micro_macro keeps a uniform equilibrium exactly", "[grte]") {
  Progress::set_quiet(true);
  for (const std::string boundary : {"{type: periodic}", "{left: {type: reflecting}, right: {type: reflecting}}"}) {
    INFO(boundary);
    const Problem p = problem_of(smooth_problem(1e-2, 0.1, {boundary, "0.1", "{T: \"0.8\"}"}));
    MicroMacroOptions o;
    o.nx = 32, o.nv = 8, o.second_order = true;
    MicroMacro scheme(p, o);
    advance(scheme, p.t_end);
    const double B = 0.5 * 0.8 * 0.8 * 0.8 * 0.8;
    for (double T : scheme.temperature()) CHECK(T == 0.8);
    for (double rho : scheme.density()) CHECK(rho == Approx(B).epsilon(1e-15));
  }
}

TEST_CASE("grte micro_macro keeps the temperature positive and bounded through the Marshak front", "[grte]") {
  Progress::set_quiet(true);
  const std::string marshak = marshak_problem(0.1);
  for (bool second : {false, true}) {
    MicroMacroOptions o;
    o.nx = 100, o.second_order = second;
    MicroMacro scheme(problem_of(marshak), o);
    advance(scheme, 0.1);
    const auto& T = scheme.temperature();
    INFO("second order " << second);
    CHECK(*std::min_element(T.begin(), T.end()) >= 0.01 * (1 - 1e-9));  // never below the cold state
    CHECK(*std::max_element(T.begin(), T.end()) <= 1.0 + 1e-9);       // nor above the source
    CHECK(T[2] > 0.5);   // the wave has entered
    CHECK(T[40] < 0.02);  // and not gone far (x = 0.2 cm)
  }
}

// Self-convergence on the smooth periodic case against a run on a grid 8x finer. In the diffusive regime the
// step is the diffusion bound (dt ~ dx^2) and the scheme is second order; at eps = 1 the step is the transport
// bound (dt ~ dx) and the first-order IMEX Euler step limits it to first order.
TEST_CASE("grte micro_macro converges at second order (eps = 1e-3) and first order (eps = 1)", "[grte][order]") {
  Progress::set_quiet(true);
  for (const auto& [eps, expected] : std::vector<std::pair<double, double>>{{1e-3, 1.8}, {1.0, 0.9}}) {
    const Problem p = problem_of(smooth_problem(eps, 0.1));
    auto solve = [&](int nx) {
      MicroMacroOptions o;
      o.nx = nx, o.nv = 8, o.second_order = true;
      MicroMacro scheme(p, o);
      advance(scheme, p.t_end);
      return scheme.temperature();
    };
    const auto fine = solve(800);
    const double e1 = relative_l2(solve(50), every(fine, 16)), e2 = relative_l2(solve(100), every(fine, 8));
    const double order = std::log2(e1 / e2);
    INFO("eps " << eps << ": errors " << e1 << ", " << e2 << ", order " << order);
    CHECK(order > expected);
    CHECK(e2 < 1e-3);
  }
}

// In space alone (one small step for every grid, so that the first-order time error is negligible), the
// minmod-limited transport at eps = 1 measured 1.79 in l1 and 1.58 in l2 on 50/100 cells: the limiter clips
// at the O(dx) wide neighbourhoods of the smooth extrema of T0 = 0.75 + 0.25 sin(pi x) (the same scheme with
// unlimited centred slopes measured 2.04 in both norms; van Leer's limiter 1.79 and 1.49).
TEST_CASE("grte micro_macro with limited second-order transport at eps = 1: its order in space", "[grte][order]") {
  Progress::set_quiet(true);
  const Problem p = problem_of(smooth_problem(1.0, 0.1));
  auto solve = [&](int nx) {
    MicroMacroOptions o;
    o.nx = nx, o.nv = 8, o.second_order = true, o.dt = 1e-5;
    MicroMacro scheme(p, o);
    advance(scheme, p.t_end);
    return scheme.temperature();
  };
  const auto fine = solve(800), coarse = solve(50), medium = solve(100);
  const double l1_order = std::log2(relative_l1(coarse, every(fine, 16)) / relative_l1(medium, every(fine, 8)));
  const double l2_order = std::log2(relative_l2(coarse, every(fine, 16)) / relative_l2(medium, every(fine, 8)));
  INFO("orders: l1 " << l1_order << ", l2 " << l2_order);
  CHECK(l1_order > 1.7);
  CHECK(l2_order > 1.4);
}

// The AP property on a fixed grid and step: the step below is stable at eps = 1 (transport) and, at
// eps = 1e-8, the scheme equals the equilibrium diffusion solver on the same grid to < 1e-3.
TEST_CASE("grte micro_macro at eps = 1e-8 matches the diffusion solver with the step that works at eps = 1",
          "[grte][limit]") {
  Progress::set_quiet(true);
  MicroMacroOptions o;
  o.nx = 100, o.nv = 8, o.dt = 1e-3;
  {
    const Problem kinetic_regime = problem_of(smooth_problem(1.0, 0.3));
    MicroMacro scheme(kinetic_regime, o);
    const double before = scheme.total_energy();
    advance(scheme, kinetic_regime.t_end);
    for (double T : scheme.temperature()) CHECK((T > 0.5 && T < 1.0));
    CHECK(std::abs(scheme.total_energy() - before) <= 1e-12 * before);
  }
  const Problem limit = problem_of(smooth_problem(1e-8, 0.3));
  MicroMacro scheme(limit, o);
  advance(scheme, limit.t_end);
  DiffusionOptions d;
  d.nx = 100, d.dt = 1e-3;
  EquilibriumDiffusion diffusion(limit, d);
  advance(diffusion, limit.t_end);
  const double error = relative_l2(scheme.temperature(), diffusion.temperature());
  INFO("relative l2 of T against the diffusion solver: " << error);
  CHECK(error < 1e-3);
  // And the solution did change (not a trivially matching constant): T0 spans [0.5, 1].
  const auto& T = diffusion.temperature();
  CHECK(*std::max_element(T.begin(), T.end()) - *std::min_element(T.begin(), T.end()) < 0.49);
}

TEST_CASE("grte micro_macro continues a run from its result file (initial: from_result)", "[grte][coupling]") {
  // A run to t = 0.1 is saved (T, rho and the intensity I), a second run starts from the file and advances 0.1
  // more; it must agree with the uninterrupted run at t = 0.2. The saved I holds node values (g averaged from
  // the cells), so the restart differs by the averaging, O(eps dx^2); the isotropic restart (no I in the file)
  // drops g and differs by O(eps) at eps = 1, which shows that the intensity is what carried the state.
  Progress::set_quiet(true);
  const std::string path = (std::filesystem::temp_directory_path() / "kinetic_grte_restart.h5").string();
  for (const double eps : {1.0, 1e-3}) {
    INFO("eps " << eps);
    MicroMacroOptions o;
    o.nx = 128, o.nv = 8, o.second_order = true, o.dt = 2e-3;
    const Problem whole = problem_of(smooth_problem(eps, 0.2));
    MicroMacro a(whole, o);
    double t = 0;
    for (int n = 0; n < 50; ++n, t += o.dt) a.step(t, o.dt);
    auto restarted = [&](bool with_intensity) {
      ResultData r;
      r.x = a.x();
      if (with_intensity) r.v = a.ordinates().v;
      r.add_snapshot(0.1, {{"rho", a.density()}, {"T", a.temperature()}},
                     with_intensity ? a.intensity() : std::vector<double>{});
      write_result(path, r);
      MicroMacro b(problem_of(smooth_problem(eps, 0.1, {"{type: periodic}", "0.1", "{from_result: " + path + "}"})), o);
      CHECK(relative_l2(b.temperature(), a.temperature()) < 1e-15);  // T is taken at the nodes exactly
      double tb = 0;
      for (int n = 0; n < 50; ++n, tb += o.dt) b.step(tb, o.dt);
      return b.temperature();
    };
    const auto with_I = restarted(true), isotropic = restarted(false);
    for (int n = 0; n < 50; ++n, t += o.dt) a.step(t, o.dt);
    const double e_I = relative_l2(with_I, a.temperature()), e_iso = relative_l2(isotropic, a.temperature());
    INFO("restart with I: " << e_I << ", isotropic: " << e_iso);
    CHECK(e_I < 1e-4 * eps);  // measured 1.4e-5 (eps = 1), 3.0e-10 (eps = 1e-3)
    CHECK(e_iso > 10 * e_I);
  }
  std::filesystem::remove(path);
}
