#pragma once
// Small configs shared by the neural tests: the slides' Case I (inflow 1/0) and a periodic problem.
#include <string>

#include "core/config.hpp"
#include "core/problem.hpp"
#include "neural/options.hpp"

namespace kinetic::neural::testing {

inline std::string inflow_problem(double eps) {
  return "problem:\n"
         "  equation: linear_transport\n"
         "  eps: " + yaml_number(eps) + "\n"
         "  time: {end: 0.1}\n"
         "  space: [0, 1]\n"
         "  velocity: {range: [-1, 1], measure: average}\n"
         "  sigma_s: 1\n"
         "  initial: {f: \"0\"}\n"
         "  boundary: {type: inflow, left: \"1\", right: \"0\"}\n"
         "  output_times: [0.05, 0.1]\n";
}

inline std::string periodic_problem(double eps) {
  return "problem:\n"
         "  equation: linear_transport\n"
         "  eps: " + yaml_number(eps) + "\n"
         "  time: {end: 0.1}\n"
         "  space: [0, 1]\n"
         "  velocity: {range: [-1, 1], measure: average}\n"
         "  sigma_s: \"1 + 0.5*x\"\n"
         "  sigma_a: 0.3\n"
         "  source: \"0.2*v + 0.1*x\"\n"
         "  initial: {f: \"1 + 0.5*cos(2*pi*x) + 0.3*v\"}\n"
         "  boundary: {type: periodic}\n"
         "  output_times: [0.1]\n";
}

// A tiny network setup for `method` (extra YAML lines for the neural section appended as given).
inline std::string tiny_neural(const std::string& method, const std::string& extra = "") {
  return "neural:\n"
         "  method: " + method + "\n"
         "  networks: {kind: fc, width: 12, depth: 2, activation: tanh}\n"
         "  batch: {interior: 24, boundary: 16, initial: 16}\n"
         "  quadrature: 8\n"
         "  log_every: 1000\n" + extra;
}

struct Setup {
  Problem problem;
  NeuralOptions options;
};

inline Setup make_setup(const std::string& problem_yaml, const std::string& neural_yaml) {
  const auto config = ConfigNode::from_string(problem_yaml + neural_yaml, "test");
  return {Problem::from_config(config.child("problem")), parse_options(config.child("neural"))};
}

}  // namespace kinetic::neural::testing
