// Spectral reference: the periodic density mode decays at the exact dispersion rate, and the micro-macro
// scheme converges to the spectral solution at eps = 1.
#include <catch2/catch.hpp>

#include "core/analytic_references.hpp"
#include "lt_helpers.hpp"

using namespace kinetic;

TEST_CASE("spectral decay rate matches the dispersion relation to 1e-6", "[classical][spectral]") {
  // Rates are measured after the initial layer (fast modes decay like exp(-t/eps^2)).
  struct Case { double eps, t1, t2; };
  for (const Case c : {Case{0.1, 0.2, 0.4}, Case{0.01, 0.05, 0.1}, Case{1e-3, 0.05, 0.1}}) {
    const auto r = test::run_classical(test::periodic_mode_problem(c.eps, c.t1, c.t2), "{method: spectral, nx: 16, nv: 32}");
    const double exact = analytic::periodic_mode_decay_rate(c.eps, 2.0 * M_PI);
    const double rate = test::measured_decay_rate(r);
    INFO("eps " << c.eps << ": rate " << rate << " exact " << exact);
    CHECK(std::abs(rate - exact) < 1e-6 * std::abs(exact));
  }
}

TEST_CASE("spectral keeps the mean and is exact for a resolved mode at any nx", "[classical][spectral]") {
  const auto coarse = test::run_classical(test::periodic_mode_problem(0.5, 0.05, 0.1), "{method: spectral, nx: 8, nv: 16}");
  const auto fine = test::run_classical(test::periodic_mode_problem(0.5, 0.05, 0.1), "{method: spectral, nx: 64, nv: 16}");
  const auto rc = coarse.field_at("rho", 1), rf = fine.field_at("rho", 1);
  double mean = 0.0;
  for (double r : rc) mean += r / static_cast<double>(rc.size());
  CHECK(mean == Approx(1.0).margin(1e-14));
  for (std::size_t j = 0; j < rc.size(); ++j) CHECK(rc[j] == Approx(rf[8 * j]).margin(1e-13));
}

TEST_CASE("micro_macro converges to the spectral reference at eps = 1", "[classical][spectral][micro_macro]") {
  const std::string problem =
      "  equation: linear_transport\n  eps: 1\n  time: {end: 0.1}\n  space: [0, 1]\n"
      "  initial: {f: \"(1+cos(4*pi*x))*exp(-v^2/2)/sqrt(2*pi)\"}\n  boundary: {type: periodic}";
  const auto reference = test::run_classical(problem, "{method: spectral, nx: 256, nv: 16}");
  const auto rho_ref = reference.field_at("rho", 0);
  // IMEX Euler is first order in time (dt ~ dx at eps = 1); ARS(2,2,2) with limited transport is second order.
  for (const std::string integrator : {"imex_euler", "ars222"}) {
    std::vector<double> errors;
    for (const int nx : {64, 128, 256}) {
      const auto r = test::run_classical(problem, "{method: micro_macro, nx: " + std::to_string(nx) +
                                                      ", nv: 16, transport: second_order, time_integrator: " +
                                                      integrator + "}");
      std::vector<double> ref_on_grid;
      for (int j = 0; j < nx; ++j) ref_on_grid.push_back(rho_ref[static_cast<std::size_t>(j) * (256 / nx)]);
      errors.push_back(test::relative_l2(r.field_at("rho", 0), ref_on_grid));
    }
    INFO(integrator << ": errors " << errors[0] << " " << errors[1] << " " << errors[2]);
    const double expected = integrator == "ars222" ? 2.0 : 1.0;
    CHECK(test::order(errors[0], errors[1]) > 0.9 * expected);
    CHECK(test::order(errors[1], errors[2]) > 0.9 * expected);
    CHECK(errors[2] < (integrator == "ars222" ? 1e-4 : 3e-3));
  }
}
