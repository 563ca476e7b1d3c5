#pragma once
// The VPFP model tests' problem (Landau-like data on one period of k = 0.5, h = 1) and a small model of either
// VPFP APNN on it, resampled once.
#include <torch/torch.h>

#include <memory>
#include <string>

#include "neural/training/model.hpp"
#include "neural/training/sampler.hpp"
#include "../neural_test_problems.hpp"

namespace kinetic::neural::testing {

inline std::string vpfp_problem(double eps, const std::string& f0, const std::string& extra = "") {
  return "problem:\n  equation: vpfp\n  eps: " + yaml_number(eps) +
         "\n  time: {end: 0.5}\n  space: [0, 12.566370614359172]\n  velocity: {range: [-8, 8]}\n"
         "  background: \"1\"\n  initial: {f: \"" + f0 + "\"}\n  boundary: {type: periodic}\n" + extra +
         "  output_times: [0.5]\n";
}

inline const std::string kMaxwellian = "exp(-v^2/2)/sqrt(2*pi)";

inline std::shared_ptr<Model> vpfp_model(const std::string& method, const std::string& problem,
                                         const std::string& extra = "", uint64_t seed = 3) {
  auto s = make_setup(problem, tiny_neural(method, "  dtype: float64\n  quadrature: 12\n" + extra));
  torch::manual_seed(seed);
  auto model = make_model(s.problem, s.options);
  PointSampler sampler("uniform", 11);
  model->resample(sampler);
  return model;
}

}  // namespace kinetic::neural::testing
