#pragma once
// Shared set-up of the gray radiative transfer tests: the smooth periodic problem of the examples with a
// chosen eps and boundary, and a run of either solver to the problem's final time.
#include <cmath>
#include <string>
#include <vector>

#include "classical/gray_radiative_transfer/diffusion_limit.hpp"
#include "classical/gray_radiative_transfer/micro_macro.hpp"
#include "core/config.hpp"
#include "core/problem.hpp"
#include "tests/classical/convergence.hpp"

namespace kinetic::classical::grte::testing {

// a = c = 1, C_v = 0.1, sigma = 10, T0 = 0.75 + 0.25 sin(pi x) on [0, 2] (examples/grte/smooth_eps1e-3.yaml),
// with the boundary, the heat capacity and the initial data replaceable.
struct SmoothCase {
  std::string boundary = "{type: periodic}";
  std::string heat_capacity = "0.1";
  std::string initial = "{T: \"0.75 + 0.25*sin(pi*x)\"}";
};
inline std::string smooth_problem(double eps, double t_end, const SmoothCase& c = {}) {
  return "problem:\n  equation: gray_radiative_transfer\n  eps: " + yaml_number(eps) +
         "\n  time: {end: " + yaml_number(t_end) + "}\n  space: [0, 2]\n  opacity: 10\n  heat_capacity: \"" +
         c.heat_capacity + "\"\n  initial: " + c.initial + "\n  boundary: " + c.boundary + "\n";
}

// The Marshak wave of examples/grte/marshak_sigma30.yaml (sigma = 30/T^3, cold slab at 0.01 keV, inflow at
// 1 keV on the left, zero gradient on the right) to t_end.
inline std::string marshak_problem(double t_end) {
  return "problem:\n  equation: gray_radiative_transfer\n  eps: 1\n  time: {end: " + yaml_number(t_end) +
         "}\n  space: [0, 0.5]\n  a: 0.01372\n  c: 29.9792458\n  opacity: \"30/T^3\"\n  heat_capacity: 0.3\n"
         "  initial: {T: \"0.01\"}\n  boundary: {left: {type: inflow, T: \"1\"}, right: {type: zero_gradient}}\n";
}

inline Problem problem_of(const std::string& yaml) {
  return Problem::from_config(ConfigNode::from_string(yaml, "test").child("problem"));
}

// Advances either solver from t = 0 to t_end with its own step rule (or its fixed dt); returns the steps.
template <class Solver>
long advance(Solver& solver, double t_end) {
  double t = 0.0;
  long steps = 0;
  while (t < t_end * (1 - 1e-14)) {
    const double dt = std::min(solver.step_size(t), t_end - t);
    solver.step(t, dt);
    t += dt, ++steps;
  }
  return steps;
}

using kinetic::test::every;
using kinetic::test::relative_l1;
using kinetic::test::relative_l2;

}  // namespace kinetic::classical::grte::testing
