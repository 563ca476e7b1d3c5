#pragma once
// `kinetic dataset`: an operator-learning dataset (core/operator_dataset.hpp) from the classical solver.
// The family of initial functions is the problem's own: an uncertain problem (problem.random) whose initial
// f(x, v) uses z1 ... zd; each function is that formula at one draw of z (pseudo-random from `seed`, with the
// inputs' law), solved by the config's classical method on its own grid and sampled on the dataset grid:
//
//   dataset: {functions: 1024, test: 128, seed: 1, grid: {nx: 32, nv: 64, nt: 101}, workers: 2}
//
// Grid: x at the nx cell centres of the domain, v at the nv Gauss-Legendre nodes of the velocity range, t at
// nt equispaced times from 0 to t_end. The solver's rho is interpolated (cubic) onto x; rho at t = 0 is <f0>
// by a 64-node Gauss rule. Solves run in `workers` processes, each written to <output>.samples/ when done:
// an interrupted run resumes with the missing functions (classical/uncertainty/sample_runs.hpp).
#include <string>

#include "core/config.hpp"
#include "core/operator_dataset.hpp"
#include "core/problem.hpp"

namespace kinetic::coupling {

struct DatasetOptions {
  long functions = 1024, test = 128;
  unsigned long long seed = 1;
  int nx = 32, nv = 64, nt = 101;
  int workers = 1;
  bool keep_samples = false;
};

// Reads the `dataset:` section for `problem`; InputError naming the key otherwise (also: a problem without
// random inputs, or whose initial f does not use them).
DatasetOptions parse_dataset_options(const Problem& problem, const ConfigNode& section);

// The draws z_k (functions x dim) of the family: the same for the same seed on every machine.
std::vector<std::vector<double>> dataset_draws(const RandomInputs& random, long count, unsigned long long seed);

// Solves every function with the method of `classical_section` (samples under `samples_dir`; empty: in
// memory, one process) and returns the dataset. RunError if a solve fails or a function is negative.
OperatorDataset generate_operator_dataset(const Problem& problem, const ConfigNode& classical_section,
                                          const DatasetOptions& options, const std::string& samples_dir);

}  // namespace kinetic::coupling
