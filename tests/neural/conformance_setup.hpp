#pragma once
// Shared by the tests that loop over the registered network models: each model's tiny conformance setup
// (its registration's problem and neural sections, plus `extra` keys) parsed into a problem and options.
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/problem.hpp"
#include "neural/method_registry.hpp"
#include "neural/training/options.hpp"

namespace kinetic::neural::testing {

struct Setup {
  Problem problem;
  NeuralOptions options;
};

inline Setup conformance_setup(const NeuralMethod& method, const std::string& extra) {
  const std::string yaml = method.conformance.problem + "neural:\n  method: " + method.name + "\n" +
                           method.conformance.neural + "  log_every: 1000\n" + extra;
  const auto config = ConfigNode::from_string(yaml, method.name + " conformance");
  Problem problem = Problem::from_config(config.child("problem"));
  return {problem, parse_options(config.child("neural"), problem.equation)};
}

inline std::vector<NeuralMethod> network_models() {
  std::vector<NeuralMethod> out;
  for (const auto& m : neural_methods())
    if (m.network_model()) out.push_back(m);
  return out;
}

}  // namespace kinetic::neural::testing
