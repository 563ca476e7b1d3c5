// `kinetic check | solve | train`: run one side of a config.
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "coupling/operator_dataset_generation.hpp"
#include "app/commands.hpp"
#include "app/run_config.hpp"
#include "classical/solve.hpp"
#include "core/error.hpp"
#include "neural/train.hpp"

namespace kinetic::app {

namespace {
void print_resolved(const LoadedConfig& config, const std::string& what) {
  std::printf("# %s: resolved config\n%s\n\n", what.c_str(), config.resolved_text.c_str());
  std::fflush(stdout);
}
double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

// Every section's own parser and validator, exactly the code solve, train and supervise run before they
// start, and nothing else: the same messages and exit code on a bad key.
int run_check(const RunOptions& options) {
  const LoadedConfig config = load_config(options.config, options.overrides);
  std::string sections = "problem";
  if (auto classical = config.root.optional_child("classical")) {
    classical::check(config.problem, *classical);
    sections += ", classical";
  }
  if (auto neural = config.root.optional_child("neural")) {
    neural::check(config.problem, *neural);
    sections += ", neural";
  }
  if (config.root.has("coupling")) {
    check_coupling_section(config);
    sections += ", coupling";
  }
  if (auto dataset = config.root.optional_child("dataset")) {
    coupling::parse_dataset_options(config.problem, *dataset);
    sections += ", dataset";
  }
  print_resolved(config, options.config);
  std::printf("config OK: %s, eps = %g, %zu output times; checked: %s\n", to_string(config.problem.equation).c_str(),
              config.problem.eps, config.problem.output_times.size(), sections.c_str());
  return 0;
}

int run_solve(const RunOptions& options) {
  const LoadedConfig config = load_config(options.config, options.overrides);
  const ConfigNode section = config.root.child("classical");
  const std::string output = default_output(options.config, "classical", options.output);
  classical::check(config.problem, section);  // a bad key fails before the echo and the result file
  print_resolved(config, options.config);
  ResultWriter writer(output, result_header(config, section.get_string("method", "?")));
  const auto start = std::chrono::steady_clock::now();
  classical::solve(config.problem, section, writer);
  writer.data().number_attributes["wall_time_s"] = seconds_since(start);
  writer.flush();
  std::printf("wrote %s (%zu output times, %.2f s)\n", output.c_str(), writer.data().nt(), seconds_since(start));
  return 0;
}

int run_train(const TrainOptions& options) {
  const LoadedConfig config = load_config(options.config, options.overrides);
  const ConfigNode section = config.root.child("neural");
  const std::string output = default_output(options.config, "neural", options.output);
  neural::check(config.problem, section);  // a bad key fails before the echo and the result file
  print_resolved(config, options.config);
  neural::TrainContext context;
  context.run_dir = options.run_dir.empty() ? output + ".run" : options.run_dir;
  context.resume = options.resume;
  context.reference_path = options.reference;
  context.threads = options.threads;
  if (!context.reference_path.empty() && !std::filesystem::exists(context.reference_path))
    throw InputError(context.reference_path + ": reference file does not exist");
  ResultWriter writer(output, result_header(config, section.get_string("method", "?")));
  const auto start = std::chrono::steady_clock::now();
  neural::train(config.problem, section, writer, context);
  writer.data().number_attributes["wall_time_s"] = seconds_since(start);
  writer.flush();
  std::printf("wrote %s (%zu output times, %.2f s); checkpoints and logs in %s\n", output.c_str(),
              writer.data().nt(), seconds_since(start), context.run_dir.c_str());
  return 0;
}

// `kinetic apply CONFIG --operator FILE`: a trained operator (APCON) evaluated for the config's initial data,
// no training; the same path as `train` with neural.load set.
int run_apply(const ApplyOptions& options) {
  RunOptions o = options;
  o.overrides.push_back("neural.load=" + options.operator_path);
  const LoadedConfig config = load_config(o.config, o.overrides);
  const ConfigNode section = config.root.child("neural");
  const std::string output = default_output(options.config, "operator", options.output);
  neural::check(config.problem, section);
  ResultWriter writer(output, result_header(config, section.get_string("method", "?")));
  const auto start = std::chrono::steady_clock::now();
  neural::train(config.problem, section, writer, neural::TrainContext{});
  writer.data().number_attributes["wall_time_s"] = seconds_since(start);
  writer.flush();
  std::printf("wrote %s (%zu output times, %.3f s)\n", output.c_str(), writer.data().nt(), seconds_since(start));
  return 0;
}

}  // namespace kinetic::app
