#include <catch2/catch.hpp>

#include <cmath>

#include "core/config.hpp"
#include "core/error.hpp"
#include "core/formula.hpp"
#include "core/problem.hpp"

using namespace kinetic;

namespace {
const char* kCase = R"yaml(
problem:
  equation: linear_transport
  eps: 1.0e-3
  time: {end: 0.1}
  space: [0, 1]
  sigma_s: 1
  initial: {f: "(1+cos(4*pi*x))*exp(-v^2/2)/sqrt(2*pi)"}
  boundary: {type: inflow, left: "1", right: "0"}
  output_times: [0.05]
classical: {method: micro_macro}
)yaml";

std::string message_of(const std::string& text, const std::vector<std::string>& overrides = {}) {
  try {
    ConfigNode root = ConfigNode::from_string(text, "case.yaml");
    for (const auto& o : overrides) root.apply_override(o);
    Problem::from_config(root.child("problem"));
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("a problem is read from its config", "[config]") {
  const ConfigNode root = ConfigNode::from_string(kCase, "case.yaml");
  const Problem p = Problem::from_config(root.child("problem"));
  CHECK(p.equation == Equation::LinearTransport);
  CHECK(p.eps == 1e-3);
  CHECK(p.t_end == 0.1);
  CHECK(p.boundary.kind == BoundaryKind::Inflow);
  CHECK(p.velocity.measure == VelocityMeasure::Average);
  REQUIRE(p.output_times.size() == 2);
  CHECK(p.output_times[1] == 0.1);
  CHECK(std::abs(p.initial.f(0, 0.25, 0.5)) < 1e-15);  // cos(pi) = -1
  CHECK(std::abs(p.initial.f(0, 0.0, 0.0) - 2.0 / std::sqrt(2 * M_PI)) < 1e-14);
  CHECK(p.boundary.f_left(0, 0, 0.3) == 1.0);
}

TEST_CASE("overrides (--set) change any key, including new nested ones", "[config]") {
  ConfigNode root = ConfigNode::from_string(kCase, "case.yaml");
  root.apply_override("problem.eps=1e-8");
  root.apply_override("problem.output_times=[0.02, 0.04]");
  root.apply_override("neural.optimizer.lr=3e-4");
  const Problem p = Problem::from_config(root.child("problem"));
  CHECK(p.eps == 1e-8);
  CHECK(p.output_times.size() == 3);
  CHECK(root.child("neural").child("optimizer").get_double("lr") == 3e-4);
  // The resolved text round-trips.
  const ConfigNode again = ConfigNode::from_string(root.dump(), "again");
  CHECK(Problem::from_config(again.child("problem")).eps == 1e-8);
}

TEST_CASE("bad values are named by file and key", "[config]") {
  CHECK_THAT(message_of(kCase, {"problem.eps=-1"}), Catch::Contains("case.yaml: problem.eps: must be"));
  CHECK_THAT(message_of(kCase, {"problem.space=[1, 0]"}), Catch::Contains("problem.space: empty or reversed"));
  CHECK_THAT(message_of(kCase, {"problem.epsilon=1"}), Catch::Contains("did you mean 'eps'"));
  CHECK_THAT(message_of(kCase, {"problem.sigma_s=1+y"}), Catch::Contains("problem.sigma_s"));
  CHECK_THAT(message_of(kCase, {"problem.sigma_s=v"}), Catch::Contains("uses variable 'v'"));
  CHECK_THAT(message_of(kCase, {"problem.boundary.type=inflw"}), Catch::Contains("did you mean 'inflow'"));
  CHECK_THAT(message_of(kCase, {"problem.output_times=[0.5]"}), Catch::Contains("outside"));
  CHECK_THAT(message_of("a: [1, 2"), Catch::Contains("malformed YAML"));
  CHECK(message_of(kCase).empty());
}

TEST_CASE("problem formulas may use eps and the problem's constants", "[formula]") {
  ConfigNode root = ConfigNode::from_string(kCase, "case.yaml");
  root.apply_override("problem.source=-v/eps + kappa");
  root.apply_override("problem.constants={kappa: 0.5}");
  root.apply_override("problem.eps=1e-4");
  const Problem p = Problem::from_config(root.child("problem"));
  CHECK(std::abs(p.source(0, 0, 0.3) - (-0.3 / 1e-4 + 0.5)) < 1e-9);
  root.apply_override("problem.constants={eps: 2}");
  CHECK_THROWS_AS(Problem::from_config(root.child("problem")), InputError);
}

TEST_CASE("formulas evaluate with t, x, v and constants", "[formula]") {
  const Formula f = Formula::parse("sin(pi*x)*exp(-t) + v^2 + heaviside(v)", Formula::T | Formula::X | Formula::V, "k");
  CHECK(std::abs(f(1.0, 0.5, 0.5) - (std::exp(-1.0) + 0.25 + 1.0)) < 1e-14);
  const Formula c = Formula::parse("2*pi", Formula::X, "k");
  CHECK(c.is_constant());
  CHECK(std::abs(c(0, 0, 0) - 2 * M_PI) < 1e-15);
  CHECK_THROWS_AS(Formula::parse("x +* 2", Formula::X, "k"), InputError);
  const Formula copy = f;  // copies share the compiled parser safely
  CHECK(copy(0.0, 0.0, 0.0) == f(0.0, 0.0, 0.0));
}
