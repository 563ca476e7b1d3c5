#pragma once
// One deterministic solve per point z_k of an uncertain problem (problem.random), in worker processes, each
// sample written to <dir>/sample_<k>.h5 as it finishes: what the statistics over z (sample_statistics.hpp)
// and the operator-learning datasets (coupling/operator_dataset_generation.hpp) are made of.
// An interrupted run computes only the missing samples again; a sample file counts only if it was computed
// for the same problem, method section and z (its key), so a folder left by another config is not reused.
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/problem.hpp"
#include "core/progress.hpp"
#include "core/result_file.hpp"

namespace kinetic::classical {

using DeterministicSolve = void (*)(const Problem&, const ConfigNode&, ResultWriter&);

struct SampleRuns {
  std::string dir;  // sample folder; empty: in memory, one process, no files (tests)
  int workers = 1;  // processes (Kokkos' Serial backend runs one solve per process)
};

// The result of `solve` on problem.at_random_inputs(z) for every z in `nodes` (in that order), with the
// attributes z1 ... zd. `progress` counts finished samples. RunError if a sample fails (the finished ones
// stay in the folder).
std::vector<ResultData> solve_samples(const Problem& problem, const ConfigNode& method_section,
                                      const std::vector<std::vector<double>>& nodes, const SampleRuns& runs,
                                      DeterministicSolve solve, Progress& progress);

}  // namespace kinetic::classical
