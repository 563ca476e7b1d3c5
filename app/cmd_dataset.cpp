// `kinetic dataset CONFIG -o DATA.h5`: the operator-learning dataset of a config's family of initial functions
// (problem.random + problem.initial.f), labelled by its classical method (coupling/operator_dataset_generation.hpp).
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "app/commands.hpp"
#include "app/run_config.hpp"
#include "classical/solve.hpp"
#include "coupling/operator_dataset_generation.hpp"

namespace kinetic::app {

int run_dataset(const RunOptions& options) {
  const LoadedConfig config = load_config(options.config, options.overrides);
  const ConfigNode section = config.root.child("dataset");
  const ConfigNode classical_section = config.root.child("classical");
  const coupling::DatasetOptions o = coupling::parse_dataset_options(config.problem, section);
  const std::string out = default_output(options.config, "dataset", options.output);
  // The method is checked on the first function, as every function runs.
  classical::check(config.problem.at_random_inputs(coupling::dataset_draws(config.problem.random, 1, o.seed)[0]),
                   classical_section);
  const auto start = std::chrono::steady_clock::now();
  const std::string samples = out + ".samples";
  OperatorDataset d = coupling::generate_operator_dataset(config.problem, classical_section, o, samples);
  d.text_attributes["config"] = config.resolved_text;
  write_operator_dataset(out, d);
  if (!o.keep_samples) std::filesystem::remove_all(samples);
  std::printf("wrote %s: %zu functions (%zu train, %zu test), f0 on %zu x %zu, rho on %zu x %zu (%.1f s)\n",
              out.c_str(), d.functions, d.train, d.test(), d.nx(), d.nv(), d.nt(), d.nx(),
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return 0;
}

}  // namespace kinetic::app
