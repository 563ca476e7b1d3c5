#pragma once
// Statistics over the random inputs of an uncertain problem (problem.random) with the classical solvers
// unchanged: the problem is solved once per node z_k of a rule (core/random_quadrature.hpp) as a
// deterministic problem, and every output field F becomes F_mean, F_std (and F_q<p> for quantiles) at each
// output time. The `statistics:` key of the classical section chooses the rule:
//
//   classical: {method: micro_macro, nx: 400, statistics: {rule: smolyak, level: 2, quantiles: [0.05, 0.95],
//               workers: 2}}
//
// Samples run in `workers` processes (default: the machine's cores; Kokkos' Serial backend runs one solve per
// process), each written to <result>.samples/sample_<k>.h5 as it finishes: an interrupted run computes only
// the missing samples again (a sample file counts only if it was computed for the same problem, method
// section and node). The folder is removed once the statistics are written, unless `keep_samples: true`.
// The result file carries the rule, its level and the sample count as attributes.
#include "core/config.hpp"
#include "core/problem.hpp"
#include "core/random_inputs.hpp"
#include "core/random_quadrature.hpp"
#include "core/result_file.hpp"
#include "classical/uncertainty/sample_runs.hpp"

namespace kinetic::classical {

struct StatisticsRun {
  StatisticsOptions statistics;
  int workers = 1;
  bool keep_samples = false;
};
// The `statistics` key of `section` for the uncertain `problem` (defaults if absent); InputError naming a
// bad key, or `statistics` on a problem without random inputs.
StatisticsRun parse_statistics_run(const Problem& problem, const ConfigNode& section);

// Runs the method of `section` (without its `statistics` key) at every node; `solve` is the deterministic
// dispatcher. Writes the statistics into `writer`.
void solve_statistics(const Problem& problem, const ConfigNode& section, ResultWriter& writer,
                      DeterministicSolve solve);

// The statistics fields of per-sample results (each with the same times and grid) over the rule's weights.
void add_sample_statistics(ResultData& out, const std::vector<ResultData>& samples, const RandomRule& rule,
                           const std::vector<double>& quantiles);

}  // namespace kinetic::classical
