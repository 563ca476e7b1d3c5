#include "classical/uncertainty/sample_statistics.hpp"

#include <fmt/format.h>
#include <filesystem>
#include <thread>

#include "core/error.hpp"
#include "classical/uncertainty/sample_runs.hpp"
#include "core/progress.hpp"

namespace kinetic::classical {

namespace fs = std::filesystem;

StatisticsRun parse_statistics_run(const Problem& problem, const ConfigNode& section) {
  StatisticsRun run;
  auto node = section.optional_child("statistics");
  if (!problem.random.active()) {
    if (node) section.fail("statistics", "needs random inputs in the problem (problem.random)");
    return run;
  }
  std::optional<ConfigNode> rule_node;
  if (node) {
    if (!node->is_map()) node->fail_here("expected a mapping {rule, level, quantiles, workers}");
    rule_node = node->copy_with("workers", {}).copy_with("keep_samples", {});
  }
  run.statistics = parse_statistics(rule_node, problem.random);
  run.workers = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (node) {
    const long w = node->get_int("workers", run.workers);
    if (w < 1 || w > 256) node->fail("workers", fmt::format("must be between 1 and 256 (got {})", w));
    run.workers = static_cast<int>(w);
    run.keep_samples = node->get_bool("keep_samples", false);
  }
  return run;
}

void add_sample_statistics(ResultData& out, const std::vector<ResultData>& samples, const RandomRule& rule,
                           const std::vector<double>& quantiles) {
  const ResultData& first = samples.front();
  out.t = first.t, out.x = first.x;
  for (const auto& [name, values] : first.fields) {
    std::vector<std::vector<double>> columns;
    for (std::size_t k = 0; k < samples.size(); ++k) {
      auto it = samples[k].fields.find(name);
      if (it == samples[k].fields.end() || it->second.size() != values.size())
        throw RunError(fmt::format("sample {} lacks field '{}' or has another grid", k, name));
      columns.push_back(it->second);
    }
    for (auto& [stat, field] : sample_statistics(columns, rule.weights, quantiles))
      out.fields[name + "_" + stat] = std::move(field);
  }
  out.number_attributes["statistics_level"] = rule.level;
  out.number_attributes["statistics_samples"] = static_cast<double>(rule.size());
  out.text_attributes["statistics_rule"] = rule.name;
}

void solve_statistics(const Problem& problem, const ConfigNode& section, ResultWriter& writer,
                      DeterministicSolve solve) {
  const StatisticsRun run = parse_statistics_run(problem, section);
  const RandomRule rule = make_rule(run.statistics, problem.random);
  const ConfigNode method_section = section.copy_with("statistics", {});
  const std::size_t n = rule.size();

  Progress progress(fmt::format("statistics ({} {}, {} samples)", rule.name, rule.level, n), static_cast<double>(n));
  SampleRuns runs{writer.path().empty() ? std::string() : writer.path() + ".samples", run.workers};
  const std::vector<ResultData> samples = solve_samples(problem, method_section, rule.nodes, runs, solve, progress);
  progress.finish();
  ResultData& out = writer.data();
  out.method = samples.front().method.empty() ? out.method : samples.front().method;
  add_sample_statistics(out, samples, rule, run.statistics.quantiles);
  out.text_attributes["random_inputs"] = problem.random.describe();
  writer.flush();
  if (!runs.dir.empty() && !run.keep_samples) fs::remove_all(runs.dir);
}

}  // namespace kinetic::classical
