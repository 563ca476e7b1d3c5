// Manufactured solution with a source bounded uniformly in eps: f = rho - eps v rho_x (sigma_s = 1),
// rho = (1 + 0.5 sin 2 pi x) e^{-t} on a periodic [0,1]. Then <f> = rho and
//   G = rho_t - eps v rho_xt - v^2 rho_xx = e^{-t} [-(1 + 0.5 sin 2 pi x) + eps pi v cos 2 pi x + 2 pi^2 v^2 sin 2 pi x].
#include <catch2/catch.hpp>

#include "lt_helpers.hpp"

using namespace kinetic;

namespace {

// `boundary` is "periodic" or "inflow" (data f(t, 0, v) and f(t, 1, v) of the exact solution); `scheme` holds
// the extra keys of the classical section.
double manufactured_error(double eps, const std::string& method, const std::string& scheme, int nx,
                          const std::string& boundary = "periodic") {
  const double t = 0.2;
  const std::string e = yaml_number(eps);
  const std::string exact_f = "exp(-t)*(1 + 0.5*sin(2*pi*x) - " + e + "*pi*v*cos(2*pi*x))";
  std::string bc = "{type: periodic}";
  if (boundary == "inflow")
    bc = "{type: inflow, left: \"exp(-t)*(1 - " + e + "*pi*v)\", right: \"exp(-t)*(1 - " + e + "*pi*v)\"}";
  const std::string problem =
      "  equation: linear_transport\n  eps: " + e + "\n  time: {end: " + yaml_number(t) + "}\n  space: [0, 1]\n" +
      "  source: \"exp(-t)*(-(1 + 0.5*sin(2*pi*x)) + " + e + "*pi*v*cos(2*pi*x) + 2*pi^2*v^2*sin(2*pi*x))\"\n" +
      "  initial: {f: \"1 + 0.5*sin(2*pi*x) - " + e + "*pi*v*cos(2*pi*x)\"}\n  boundary: " + bc;
  const auto r = test::run_classical(problem, "{method: " + method + ", nx: " + std::to_string(nx) + ", nv: 8, " + scheme + "}");
  std::vector<double> exact;
  for (double x : r.x) exact.push_back((1.0 + 0.5 * std::sin(2.0 * M_PI * x)) * std::exp(-t));
  return test::relative_l2(r.field_at("rho", 0), exact);
}

void check_order(double eps, const std::string& method, const std::string& scheme, double expected,
                 const std::string& boundary = "periodic") {
  std::vector<double> errors;
  for (const int nx : {32, 64, 128}) errors.push_back(manufactured_error(eps, method, scheme, nx, boundary));
  INFO(method << " " << scheme << " " << boundary << " eps " << eps << ": errors " << errors[0] << " " << errors[1] << " "
              << errors[2]);
  CHECK(test::order(errors[0], errors[1]) > expected - 0.2);
  CHECK(test::order(errors[1], errors[2]) > expected - 0.15);
}

}  // namespace

TEST_CASE("manufactured solution: micro_macro orders at eps = 1 and 1e-6", "[classical][micro_macro][manufactured]") {
  check_order(1.0, "micro_macro", "transport: first_order", 1.0);  // upwind and first-order time, dt ~ dx
  check_order(1.0, "micro_macro", "transport: second_order, time_integrator: ars222", 2.0);
  check_order(1e-6, "micro_macro", "transport: first_order", 2.0);  // the 3-point heat scheme, dt ~ dx^2
  check_order(1e-6, "micro_macro", "transport: second_order, time_integrator: ars222", 2.0);
}

TEST_CASE("manufactured solution with inflow boundaries: micro_macro orders", "[classical][micro_macro][manufactured]") {
  // Anisotropic, time-dependent inflow data from the exact solution test the ghost cells and boundary densities.
  check_order(1.0, "micro_macro", "transport: first_order", 1.0, "inflow");
  check_order(1.0, "micro_macro", "transport: second_order, time_integrator: ars222", 2.0, "inflow");
  check_order(1e-6, "micro_macro", "transport: first_order", 2.0, "inflow");
}

TEST_CASE("manufactured solution: even_odd orders at eps = 1 and 1e-6", "[classical][even_odd][manufactured]") {
  check_order(1.0, "even_odd", "transport: first_order", 1.0);
  check_order(1e-6, "even_odd", "transport: second_order", 2.0);
}
