#pragma once
// Shared helpers of the classical linear-transport tests: a problem from YAML text, an in-memory run of a
// method, relative l2 errors, observed orders and the amplitude of a Fourier mode of a periodic result.
#include <cmath>
#include <string>
#include <vector>

#include "classical/solve.hpp"
#include "core/config.hpp"
#include "core/problem.hpp"
#include "core/progress.hpp"
#include "core/result_file.hpp"
#include "tests/classical/convergence.hpp"

namespace kinetic::test {

// Runs `classical_yaml` (the classical section, flow style) on the problem in `problem_yaml` (the body of
// the problem section) and returns the in-memory result.
inline ResultData run_classical(const std::string& problem_yaml, const std::string& classical_yaml) {
  Progress::set_quiet(true);
  const auto root = ConfigNode::from_string("problem:\n" + problem_yaml + "\nclassical: " + classical_yaml, "test");
  const Problem problem = Problem::from_config(root.child("problem"));
  ResultData header;
  header.equation = to_string(problem.equation);
  header.eps = problem.eps;
  ResultWriter writer("", header);
  classical::solve(problem, root.child("classical"), writer);
  return writer.data();
}

// a = (2/N) sum_i q_i cos(k x_i): amplitude of the cos(k x) mode on N uniform periodic points.
inline double cos_amplitude(const std::vector<double>& q, const std::vector<double>& x, double k) {
  double a = 0.0;
  for (std::size_t i = 0; i < q.size(); ++i) a += q[i] * std::cos(k * x[i]);
  return 2.0 * a / static_cast<double>(q.size());
}

// Problem text for a periodic mode f0 = 1 + cos(2 pi x) on [0,1], sigma_s = 1, with the given eps and times.
inline std::string periodic_mode_problem(double eps, double t1, double t2) {
  return "  equation: linear_transport\n  eps: " + yaml_number(eps) + "\n  time: {end: " + yaml_number(t2) +
         "}\n  space: [0, 1]\n  velocity: {range: [-1, 1], measure: average}\n  sigma_s: 1\n  sigma_a: 0\n"
         "  source: 0\n  initial: {f: \"1 + cos(2*pi*x)\"}\n  boundary: {type: periodic}\n  output_times: [" +
         yaml_number(t1) + "]";
}

// Decay rate of the cos(2 pi x) density mode between the two output times of a periodic_mode_problem run.
inline double measured_decay_rate(const ResultData& r) {
  const double k = 2.0 * M_PI;
  const double a1 = cos_amplitude(r.field_at("rho", 0), r.x, k);
  const double a2 = cos_amplitude(r.field_at("rho", 1), r.x, k);
  return std::log(a2 / a1) / (r.t[1] - r.t[0]);
}

// Problem text for inflow f = 1 at the left, 0 at the right, f0 = 0 on [0,1], sigma_s = 1.
inline std::string inflow_problem(double eps, double t_end, const std::string& left = "1") {
  return "  equation: linear_transport\n  eps: " + yaml_number(eps) + "\n  time: {end: " + yaml_number(t_end) +
         "}\n  space: [0, 1]\n  velocity: {range: [-1, 1], measure: average}\n  sigma_s: 1\n  sigma_a: 0\n"
         "  source: 0\n  initial: {f: \"0\"}\n  boundary: {type: inflow, left: \"" + left + "\", right: \"0\"}";
}

}  // namespace kinetic::test
