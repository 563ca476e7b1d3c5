// First-collision split for inflow data with jumps at eps ~ 1: the exact uncollided density, and faster
// self-convergence of the micro-macro scheme on the smooth collided rest.
#include <catch2/catch.hpp>

#include "classical/linear_transport/uncollided.hpp"
#include "lt_helpers.hpp"

using namespace kinetic;

namespace {

// Relative l2 differences of rho at the last output time between nx = 100, 200, 400 (every other fine node).
std::vector<double> self_differences(const std::string& problem, const std::string& scheme) {
  std::vector<std::vector<double>> rho;
  for (const int nx : {100, 200, 400}) {
    const auto r = test::run_classical(problem, "{method: micro_macro, nx: " + std::to_string(nx) + ", nv: 32, " + scheme + "}");
    rho.push_back(r.field_at("rho", r.nt() - 1));
  }
  std::vector<double> out;
  for (std::size_t level = 0; level + 1 < rho.size(); ++level) {
    std::vector<double> fine_on_coarse;
    for (std::size_t i = 0; i < rho[level].size(); ++i) fine_on_coarse.push_back(rho[level + 1][2 * i]);
    out.push_back(test::relative_l2(rho[level], fine_on_coarse));
  }
  return out;
}

}  // namespace

TEST_CASE("uncollided density matches a brute-force velocity integral", "[classical][first_collision]") {
  Progress::set_quiet(true);
  // Data that vary in v take the general path; constant data (both walls and f0) the closed-form pieces and
  // the vectorised exp (uncollided.cpp).
  std::string constant = test::inflow_problem(0.5, 1.0, "1");
  constant.replace(constant.find("right: \"0\""), 10, "right: \"0.5\"");
  constant.replace(constant.find("f: \"0\""), 6, "f: \"0.3\"");
  for (const std::string& yaml : {test::inflow_problem(0.5, 1.0, "1 + v"), constant}) {
    const auto root = ConfigNode::from_string("problem:\n" + yaml + "\n", "test");
    const Problem problem = Problem::from_config(root.child("problem"));
    const classical::Uncollided u(problem);
    for (const double t : {0.05, 0.3})
      for (const double x : {0.0, 0.02, 0.3, 0.9}) {
        // (1/2) int_{-1}^{1} u dv by the midpoint rule on 2e6 cells (error ~ jump x cell width)
        const int n = 2000000;
        double sum = 0.0;
        for (int j = 0; j < n; ++j) sum += u.value(t, x, -1.0 + (j + 0.5) * 2.0 / n);
        const double brute = 0.5 * sum * 2.0 / n;
        INFO(yaml << "\nt " << t << " x " << x);
        if (yaml == constant) CHECK(u.mean(t, x) > 0.1);  // every piece contributes
        CHECK(u.mean(t, x) == Approx(brute).margin(2e-6));
      }
  }
  const auto root = ConfigNode::from_string("problem:\n" + test::inflow_problem(0.5, 1.0, "1 + v") + "\n", "test");
  const Problem problem = Problem::from_config(root.child("problem"));
  const classical::Uncollided u(problem);
  // Spot values of u: a ray that entered at time 0.05 (x = 0.1 at v = 1, eps = 0.5 moves x at speed 2).
  CHECK(u.value(0.1, 0.1, 1.0) == Approx(2.0 * std::exp(-4.0 * 0.05)).epsilon(1e-12));
  CHECK(u.value(0.1, 0.5, 1.0) == 0.0);  // not reached yet: initial data 0
}

TEST_CASE("first-collision split speeds up the eps = 1 inflow reference", "[classical][first_collision][micro_macro]") {
  const std::string problem = test::inflow_problem(1.0, 0.2);
  const std::string scheme = "transport: second_order, time_integrator: ars222";
  const auto plain = self_differences(problem, scheme);
  const auto split = self_differences(problem, scheme + ", first_collision: true");
  INFO("plain " << plain[0] << " " << plain[1] << ", split " << split[0] << " " << split[1]);
  CHECK(test::order(split[0], split[1]) > 0.7);  // ~0.8 here, ~1 on finer grids
  CHECK(split[1] < 0.25 * plain[1]);
}

TEST_CASE("double-Gauss ordinates converge faster in nv on an inflow problem", "[classical][first_collision][micro_macro]") {
  // The collided part jumps in v at v = 0 at the walls: a half-range rule integrates each side exactly.
  const std::string problem = test::inflow_problem(1.0, 0.5);
  auto nv_difference = [&](const std::string& quadrature) {
    std::vector<std::vector<double>> rho;
    for (const int nv : {16, 32}) {
      const auto r = test::run_classical(problem, "{method: micro_macro, nx: 200, nv: " + std::to_string(nv) +
                                                      ", transport: second_order, time_integrator: ars222, "
                                                      "first_collision: true, quadrature: " + quadrature + "}");
      rho.push_back(r.field_at("rho", 0));
    }
    return test::relative_l2(rho[0], rho[1]);
  };
  const double gauss = nv_difference("gauss"), double_gauss = nv_difference("double_gauss");
  INFO("nv 16 vs 32: gauss " << gauss << ", double_gauss " << double_gauss);
  CHECK(double_gauss < 0.6 * gauss);
}
