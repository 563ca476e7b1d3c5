#pragma once
// One description per equation: everything the problem parser, the method registries, the result files and
// the tests need to know about an equation, so that none of them branches on its name.
//   - its own problem keys (beyond the shared ones: eps, time, space, velocity, initial, boundary, ...),
//     parsed by the description itself into typed fields of Problem;
//   - the defaults of problem.velocity (range and measure);
//   - the names of its result fields ("rho" first);
//   - a reference residual of the kinetic equation on discrete ordinates, which tests apply to any method's f.
// Adding an equation: a file beside this one and one line in equations.cpp (see ARCHITECTURE.md).
#include <functional>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/problem.hpp"

namespace kinetic {

// f and its t- and x-derivatives on the velocity nodes v_k (measure weights w_k: sum_k w_k h_k = <h>) at one
// point (t, x).
struct KineticSample {
  double t = 0.0, x = 0.0;
  std::vector<double> v, w, f, f_t, f_x;
  double T = 0.0;  // the material temperature (gray radiative transfer)
};

struct EquationDescription {
  Equation id;
  std::string name;     // the value of problem.equation
  std::string summary;  // one line, with the scaling
  VelocityDomain velocity;             // defaults of problem.velocity
  std::vector<std::string> fields;     // result fields, "rho" first
  std::vector<std::string> keys;       // problem keys of this equation besides the shared ones
  // Reads `keys` from the problem section into `problem` (formulas may use `constants`); InputError naming
  // the key on a bad value. The shared keys are already parsed.
  std::function<void(const ConfigNode& section, const FormulaConstants& constants, Problem& problem)> parse;
  // The residual of the kinetic equation at each node (zero for an exact solution), in the equation's own
  // scaling as written in problem.hpp. Empty for equations with no solver yet.
  std::function<std::vector<double>(const Problem& problem, const KineticSample& sample)> residual;
  // True if the equation reads `initial` and `boundary` itself (its data are not f or rho/u/T): they are then
  // in `keys` and parsed by `parse`.
  bool own_initial_and_boundary = false;
};

// Every described equation, in a fixed order.
const std::vector<EquationDescription>& equation_descriptions();
const EquationDescription& describe(Equation equation);

// The descriptions, one per file (core/equations/<name>.cpp).
EquationDescription linear_transport_description();
EquationDescription bgk_description();
EquationDescription gray_radiative_transfer_description();
EquationDescription vpfp_description();

}  // namespace kinetic
