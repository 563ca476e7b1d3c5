// The equation descriptions: each equation's own keys, velocity defaults and fields, and its reference
// residual, which vanishes on exact solutions and equals the known defect on functions that are not.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/equations/equation_description.hpp"
#include "core/error.hpp"
#include "core/quadrature.hpp"

using namespace kinetic;

namespace {

Problem problem_from(const std::string& yaml) {
  return Problem::from_config(ConfigNode::from_string(yaml, "test").child("problem"));
}

std::string lt_problem(const std::string& extra) {
  return "problem:\n  equation: linear_transport\n  eps: 0.01\n  time: {end: 0.1}\n  space: [0, 1]\n"
         "  initial: {f: \"0\"}\n  boundary: {type: periodic}\n" + extra;
}

KineticSample sample_on(const Problem& p, int n, double t, double x) {
  const Quadrature q = velocity_quadrature(p.velocity, n);
  KineticSample s;
  s.t = t, s.x = x, s.v = q.nodes, s.w = q.weights;
  s.f.resize(n), s.f_t.assign(n, 0.0), s.f_x.resize(n);
  return s;
}

}  // namespace

TEST_CASE("every equation has a description with its defaults, fields and keys", "[core][equations]") {
  for (const auto& d : equation_descriptions()) {
    INFO(d.name);
    CHECK(to_string(d.id) == d.name);
    CHECK(&describe(d.id) == &d);
    REQUIRE(!d.fields.empty());
    CHECK(d.fields.front() == "rho");
    CHECK(d.velocity.vmax > d.velocity.vmin);
  }
  CHECK(describe(Equation::BGK).fields == std::vector<std::string>{"rho", "momentum", "energy"});
  CHECK(describe(Equation::BGK).velocity.measure == VelocityMeasure::Integral);
  CHECK(describe(Equation::LinearTransport).velocity.measure == VelocityMeasure::Average);
}

TEST_CASE("an equation's own keys are refused for other equations", "[core][equations]") {
  CHECK_NOTHROW(problem_from(lt_problem("  sigma_s: 2\n  sigma_a: 0.1\n  source: \"v\"\n")));
  const std::string bgk = "problem:\n  equation: bgk\n  eps: 0.01\n  time: {end: 0.1}\n  space: [0, 1]\n"
                          "  initial: {rho: \"1\", u: \"0\", T: \"1\"}\n  boundary: {type: periodic}\n";
  CHECK_NOTHROW(problem_from(bgk));
  try {
    problem_from(bgk + "  sigma_s: 2\n");
    FAIL("sigma_s accepted for bgk");
  } catch (const InputError& e) {
    CHECK_THAT(e.what(), Catch::Contains("problem.sigma_s"));
  }
  const Problem p = problem_from(bgk);
  CHECK(p.velocity.vmin == -10.0);
  CHECK(p.velocity.vmax == 10.0);
}

TEST_CASE("linear transport residual: zero on exact solutions, the defect on others", "[core][equations]") {
  const auto& lt = describe(Equation::LinearTransport);
  SECTION("f = 1 - x + eps v solves eps f_t + v f_x = (<f> - f)/eps (sigma_s = 1, no source)") {
    const Problem p = problem_from(lt_problem(""));
    auto s = sample_on(p, 16, 0.03, 0.4);
    for (std::size_t k = 0; k < s.v.size(); ++k) s.f[k] = 1 - s.x + p.eps * s.v[k], s.f_x[k] = -1;
    for (double r : lt.residual(p, s)) CHECK(std::abs(r) < 1e-12);
    // Without the eps v part f is not a solution: the residual is v f_x = -v.
    for (std::size_t k = 0; k < s.v.size(); ++k) s.f[k] = 1 - s.x;
    const auto r = lt.residual(p, s);
    for (std::size_t k = 0; k < s.v.size(); ++k) CHECK(r[k] == Approx(-s.v[k]).margin(1e-12));
  }
  SECTION("a constant c with absorption is steady when the source is sigma_a c") {
    const Problem p = problem_from(lt_problem("  sigma_s: \"1 + x\"\n  sigma_a: 0.3\n  source: \"0.3*2.5\"\n"));
    auto s = sample_on(p, 8, 0.0, 0.7);
    s.f.assign(8, 2.5), s.f_x.assign(8, 0.0);
    for (double r : lt.residual(p, s)) CHECK(std::abs(r) < 1e-12);
  }
}

TEST_CASE("BGK residual: zero on a uniform Maxwellian, (f - M)/eps off equilibrium", "[core][equations]") {
  const auto& bgk = describe(Equation::BGK);
  const Problem p = problem_from("problem:\n  equation: bgk\n  eps: 0.01\n  time: {end: 0.1}\n  space: [0, 1]\n"
                                 "  initial: {rho: \"1\", u: \"0\", T: \"1\"}\n  boundary: {type: periodic}\n");
  auto s = sample_on(p, 64, 0.0, 0.5);
  const double rho = 1.3, u = 0.4, T = 0.8;
  auto maxwellian = [&](double v) { return rho / std::sqrt(2 * M_PI * T) * std::exp(-(v - u) * (v - u) / (2 * T)); };
  for (std::size_t k = 0; k < s.v.size(); ++k) s.f[k] = maxwellian(s.v[k]), s.f_x[k] = 0;
  for (double r : bgk.residual(p, s)) CHECK(std::abs(r) < 1e-10);
  // A perturbation with zero (1, v, v^2) moments leaves M[U] unchanged: the residual is perturbation/eps.
  // He_3(xi) M with xi = (v - u)/sqrt(T) is orthogonal to 1, xi, xi^2 under M.
  std::vector<double> delta(s.v.size());
  for (std::size_t k = 0; k < s.v.size(); ++k) {
    const double xi = (s.v[k] - u) / std::sqrt(T);
    delta[k] = 1e-3 * (xi * xi * xi - 3 * xi) * maxwellian(s.v[k]);
    s.f[k] += delta[k];
  }
  const auto r = bgk.residual(p, s);
  for (std::size_t k = 0; k < s.v.size(); ++k) CHECK(r[k] == Approx(delta[k] / p.eps).margin(1e-9));
}

TEST_CASE("gray radiative transfer residual: zero at equilibrium, sigma (I - B) off it", "[core][equations]") {
  const auto& grte = describe(Equation::GrayRadiativeTransfer);
  const Problem p = problem_from(
      "problem:\n  equation: gray_radiative_transfer\n  eps: 0.01\n  time: {end: 0.1}\n  space: [0, 1]\n"
      "  a: 0.5\n  c: 3\n  opacity: \"2/T^3\"\n  initial: {T: \"1\"}\n  boundary: {type: periodic}\n");
  auto s = sample_on(p, 8, 0.0, 0.3);
  s.T = 0.9;
  const double B = 0.5 * 0.5 * 3 * std::pow(0.9, 4), sigma = 2 / std::pow(0.9, 3);
  s.f.assign(8, B), s.f_x.assign(8, 0.0);
  for (double r : grte.residual(p, s)) CHECK(std::abs(r) < 1e-14);
  s.f.assign(8, B + 0.1);
  for (double r : grte.residual(p, s)) CHECK(r == Approx(sigma * 0.1));
  CHECK(p.radiation.a == 0.5);
  CHECK(p.radiation.c == 3);
  CHECK(p.radiation.left.kind == RadiationSide::Kind::Periodic);
}
