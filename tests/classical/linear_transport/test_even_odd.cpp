// Even-odd parity scheme: an independent AP discretisation that must agree with the micro-macro scheme and
// the spectral reference, and reach the diffusion limit.
#include <catch2/catch.hpp>

#include "core/analytic_references.hpp"
#include "lt_helpers.hpp"

using namespace kinetic;

namespace {

std::vector<double> series_at(const std::vector<double>& xs, double t) {
  std::vector<double> out;
  for (double x : xs) out.push_back(analytic::diffusion_dirichlet_series(t, x, 0.0, 1.0, 1.0, 0.0, 1.0 / 3.0));
  return out;
}

}  // namespace

TEST_CASE("even_odd converges to the spectral reference at eps = 1", "[classical][even_odd]") {
  const std::string problem =
      "  equation: linear_transport\n  eps: 1\n  time: {end: 0.1}\n  space: [0, 1]\n"
      "  initial: {f: \"(1+cos(4*pi*x))*exp(-v^2/2)/sqrt(2*pi)\"}\n  boundary: {type: periodic}";
  const auto reference = test::run_classical(problem, "{method: spectral, nx: 256, nv: 16}");
  const auto rho_ref = reference.field_at("rho", 0);
  for (const std::string transport : {"first_order", "second_order"}) {
    std::vector<double> errors;
    for (const int nx : {64, 128, 256}) {
      const auto r = test::run_classical(problem, "{method: even_odd, nx: " + std::to_string(nx) +
                                                      ", nv: 16, transport: " + transport + "}");
      std::vector<double> ref_on_grid;
      for (int j = 0; j < nx; ++j) ref_on_grid.push_back(rho_ref[static_cast<std::size_t>(j) * (256 / nx)]);
      errors.push_back(test::relative_l2(r.field_at("rho", 0), ref_on_grid));
    }
    INFO(transport << ": errors " << errors[0] << " " << errors[1] << " " << errors[2]);
    const double expected = transport == "first_order" ? 1.0 : 2.0;
    CHECK(test::order(errors[0], errors[1]) > 0.85 * expected);
    CHECK(test::order(errors[1], errors[2]) > 0.85 * expected);
  }
}

TEST_CASE("even_odd and micro_macro agree on a periodic case at eps = 1", "[classical][even_odd][micro_macro]") {
  const std::string problem =
      "  equation: linear_transport\n  eps: 1\n  time: {end: 0.1}\n  space: [0, 1]\n  sigma_s: \"1 + 0.5*cos(2*pi*x)\"\n"
      "  initial: {f: \"(1+cos(4*pi*x))*exp(-v^2/2)/sqrt(2*pi)\"}\n  boundary: {type: periodic}";
  const auto eo = test::run_classical(problem, "{method: even_odd, nx: 256, nv: 16, transport: second_order}");
  const auto mm = test::run_classical(problem, "{method: micro_macro, nx: 256, nv: 16, transport: second_order, "
                                                "time_integrator: ars222}");
  const double difference = test::relative_l2(eo.field_at("rho", 0), mm.field_at("rho", 0));
  INFO("difference " << difference);
  CHECK(difference < 1e-3);
}

TEST_CASE("even_odd reaches the diffusion limit at eps = 1e-8", "[classical][even_odd]") {
  std::vector<double> errors;
  for (const int nx : {25, 50, 100}) {
    const auto r = test::run_classical(test::inflow_problem(1e-8, 0.1), "{method: even_odd, nx: " +
                                                                            std::to_string(nx) + ", nv: 16, transport: second_order}");
    errors.push_back(test::relative_l2(r.field_at("rho", 0), series_at(r.x, 0.1)));
  }
  INFO("errors " << errors[0] << " " << errors[1] << " " << errors[2]);
  CHECK(test::order(errors[0], errors[1]) > 1.8);
  CHECK(test::order(errors[1], errors[2]) > 1.8);
  CHECK(errors[2] < 1e-3);
}

TEST_CASE("even_odd and micro_macro agree on an inflow case at eps = 1e-3", "[classical][even_odd][micro_macro]") {
  const auto eo = test::run_classical(test::inflow_problem(1e-3, 0.1), "{method: even_odd, nx: 200, nv: 16, transport: second_order}");
  const auto mm = test::run_classical(test::inflow_problem(1e-3, 0.1), "{method: micro_macro, nx: 200, nv: 16}");
  const double difference = test::relative_l2(eo.field_at("rho", 0), mm.field_at("rho", 0));
  INFO("difference " << difference);
  CHECK(difference < 5e-3);
}
