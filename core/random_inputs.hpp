#pragma once
// Random inputs of an uncertain problem (`problem.random`): z = (z1, ..., zd), independent and identically
// distributed, uniform on [a, b] or normal N(mean, std^2). Every formula of the problem (cross sections,
// sources, boundary and initial data) may use z1 ... zd. The classical side solves one deterministic problem
// per quadrature node (z as constants: Problem::from_config(section, z)); the neural side sees z as extra
// network inputs (the nominal problem keeps z as variables, Formula::at_random).
//
//   random: {dim: 20, distribution: uniform, range: [-1, 1]}
//   random: {dim: 2, distribution: normal, mean: 0, std: 1}
#include <string>
#include <vector>

#include "core/config.hpp"

namespace kinetic {

struct RandomInputs {
  enum class Distribution { Uniform, Normal };
  int dim = 0;  // 0: a deterministic problem
  Distribution distribution = Distribution::Uniform;
  double a = -1.0, b = 1.0;  // uniform: the range [a, b]; normal: mean a, standard deviation b

  bool active() const { return dim > 0; }
  // The mean of each z_i (the nominal point the formulas evaluate at without a sample).
  std::vector<double> nominal() const;
  // z_i from the reference variable y: uniform y in [-1, 1] -> [a, b]; normal y ~ N(0, 1) -> a + b y.
  double from_reference(double y) const;
  // Draws from the reference distribution are mapped through from_reference; this is their density's name.
  std::string describe() const;

  // Reads and checks `node` (the `random` section); InputError naming the key otherwise.
  static RandomInputs from_config(const ConfigNode& node);
};

}  // namespace kinetic
