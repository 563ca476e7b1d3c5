#pragma once
// Small configs shared by the neural tests: the slides' Case I (inflow 1/0), a periodic problem and the slides'
// smooth BGK case.
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/problem.hpp"
#include "neural/training/options.hpp"

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

// The slides' smooth BGK case (examples/bgk/smooth_eps1e-3.yaml) with a chosen eps.
inline std::string bgk_problem(double eps) {
  return "problem:\n"
         "  equation: bgk\n"
         "  eps: " + yaml_number(eps) + "\n"
         "  time: {end: 0.1}\n"
         "  space: [-0.5, 0.5]\n"
         "  velocity: {range: [-10, 10], measure: integral}\n"
         "  initial:\n"
         "    rho: \"1.5 + (0.625 - 1.5)*(sin(pi*x) + 1)/2\"\n"
         "    u: \"0\"\n"
         "    T: \"1.5 + (0.75 - 1.5)*(sin(pi*x) + 1)/2\"\n"
         "  boundary:\n"
         "    type: dirichlet\n"
         "    left: {rho: \"1.5\", u: \"0\", T: \"1.5\"}\n"
         "    right: {rho: \"0.625\", u: \"0\", T: \"0.75\"}\n"
         "  output_times: [0.05, 0.1]\n";
}

// A `neural:` section: the default lines ("  key: value"), each left out when `extra` sets its key itself
// (a mapping holds a key once: the config parser refuses repeated keys), then `extra`.
inline std::string neural_section(const std::vector<std::string>& defaults, const std::string& extra) {
  std::string out = "neural:\n";
  for (const auto& line : defaults) {
    const std::string key = line.substr(0, line.find(':') + 1);
    if (("\n" + extra).find("\n" + key) == std::string::npos) out += line + "\n";
  }
  return out + extra;
}

// A tiny network setup for `method` (extra YAML lines for the neural section, replacing defaults they set).
inline std::string tiny_neural(const std::string& method, const std::string& extra = "") {
  return neural_section({"  method: " + method, "  networks: {kind: fc, width: 12, depth: 2, activation: tanh}",
                         "  batch: {interior: 24, boundary: 16, initial: 16}", "  quadrature: 8", "  log_every: 1000"},
                        extra);
}

struct Setup {
  Problem problem;
  NeuralOptions options;
};

inline Setup make_setup(const std::string& problem_yaml, const std::string& neural_yaml) {
  const auto config = ConfigNode::from_string(problem_yaml + neural_yaml, "test");
  return {Problem::from_config(config.child("problem")), parse_options(config.child("neural"), Problem::from_config(config.child("problem")).equation)};
}

}  // namespace kinetic::neural::testing
