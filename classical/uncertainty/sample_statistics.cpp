#include "classical/uncertainty/sample_statistics.hpp"

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "core/error.hpp"
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

namespace {

std::string sample_path(const fs::path& dir, std::size_t k) { return (dir / fmt::format("sample_{:06d}.h5", k)).string(); }

// What a sample file was computed for: the problem and method sections and the node's z (a folder left by a
// run of another config is not mistaken for this one's samples).
std::string sample_key(const Problem& problem, const ConfigNode& method_section, const std::vector<double>& z) {
  std::string key = problem.definition->dump() + "\n---\n" + method_section.dump() + "\n---\nz:";
  for (double zk : z) key += fmt::format(" {:.17g}", zk);
  return key;
}

bool sample_done(const std::string& path, const std::string& key) {
  if (!fs::exists(path)) return false;
  try {
    const ResultData d = read_result(path);
    auto it = d.text_attributes.find("sample_key");
    return it != d.text_attributes.end() && it->second == key;
  } catch (const std::exception&) {
    return false;  // unreadable: computed again
  }
}

// One deterministic solve at node k into its own file (written to a .partial name, renamed when complete).
void solve_sample(const Problem& problem, const ConfigNode& method_section, const RandomRule& rule, std::size_t k,
                  const std::string& path, DeterministicSolve solve) {
  const Problem sample = problem.at_random_inputs(rule.nodes[k]);
  ResultData header;
  header.equation = to_string(problem.equation);
  header.eps = problem.eps;
  header.method = method_section.get_string("method", "?");
  for (std::size_t i = 0; i < rule.nodes[k].size(); ++i)
    header.number_attributes[fmt::format("z{}", i + 1)] = rule.nodes[k][i];
  header.text_attributes["sample_key"] = sample_key(problem, method_section, rule.nodes[k]);
  ResultWriter writer(path + ".partial", header);
  solve(sample, method_section, writer);
  writer.flush();
  fs::rename(path + ".partial", path);
}

}  // namespace

void solve_statistics(const Problem& problem, const ConfigNode& section, ResultWriter& writer,
                      DeterministicSolve solve) {
  const StatisticsRun run = parse_statistics_run(problem, section);
  const RandomRule rule = make_rule(run.statistics, problem.random);
  const ConfigNode method_section = section.copy_with("statistics", {});
  const std::size_t n = rule.size();
  std::vector<ResultData> samples(n);
  fs::path remove_samples;  // the sample folder, removed once the statistics are written

  Progress progress(fmt::format("statistics ({} {}, {} samples)", rule.name, rule.level, n), static_cast<double>(n));
  if (writer.path().empty()) {  // in memory (tests): one process, no sample files
    for (std::size_t k = 0; k < n; ++k) {
      ResultWriter memory("", ResultData{});
      solve(problem.at_random_inputs(rule.nodes[k]), method_section, memory);
      samples[k] = memory.data();
      progress.update(static_cast<double>(k + 1));
    }
  } else {
    const fs::path dir = writer.path() + ".samples";
    fs::create_directories(dir);
    std::vector<std::string> keys(n);
    for (std::size_t k = 0; k < n; ++k) keys[k] = sample_key(problem, method_section, rule.nodes[k]);
    std::vector<std::size_t> todo;
    for (std::size_t k = 0; k < n; ++k)
      if (!sample_done(sample_path(dir, k), keys[k])) todo.push_back(k);
    // While workers run, finished samples are the files present (each is renamed into place when complete).
    auto missing = [&] {
      std::vector<std::size_t> left;
      for (std::size_t k : todo)
        if (!fs::exists(sample_path(dir, k))) left.push_back(k);
      return left;
    };
    for (std::size_t k : todo) fs::remove(sample_path(dir, k));  // stale files of another config
    if (todo.size() < n) std::fprintf(stderr, "statistics: %zu of %zu samples found in %s, computing the rest\n", n - todo.size(), n, dir.c_str());
    const int workers = static_cast<int>(std::min<std::size_t>(run.workers, std::max<std::size_t>(todo.size(), 1)));
    std::fflush(stdout), std::fflush(stderr);
    std::vector<pid_t> children;
    for (int w = 0; w < workers; ++w) {
      const pid_t pid = fork();
      if (pid < 0) throw RunError("statistics: fork failed");
      if (pid == 0) {  // worker: samples w, w + workers, ... of the missing ones
        int status = 0;
        try {
          Progress::set_quiet(true);
          for (std::size_t i = w; i < todo.size(); i += workers)
            solve_sample(problem, method_section, rule, todo[i], sample_path(dir, todo[i]), solve);
        } catch (const std::exception& e) {
          std::fprintf(stderr, "error: statistics worker %d: %s\n", w, e.what());
          status = 1;
        }
        std::fflush(stderr);
        _exit(status);
      }
      children.push_back(pid);
    }
    bool failed = false;
    for (std::size_t live = children.size(); live > 0;) {
      for (pid_t& pid : children) {
        if (pid <= 0) continue;
        int status = 0;
        if (waitpid(pid, &status, WNOHANG) == pid) {
          failed |= !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
          pid = 0, --live;
        }
      }
      progress.update(static_cast<double>(n - missing().size()));
      if (live > 0) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    if (failed || !missing().empty())
      throw RunError(fmt::format("statistics: {} of {} samples failed (their errors are above; the finished ones "
                                 "stay in {})", missing().size(), n, dir.string()));
    for (std::size_t k = 0; k < n; ++k) samples[k] = read_result(sample_path(dir, k));
    if (!run.keep_samples) remove_samples = dir;
  }
  progress.finish();
  ResultData& out = writer.data();
  out.method = samples.front().method.empty() ? out.method : samples.front().method;
  add_sample_statistics(out, samples, rule, run.statistics.quantiles);
  out.text_attributes["random_inputs"] = problem.random.describe();
  writer.flush();
  if (!remove_samples.empty()) fs::remove_all(remove_samples);
}

}  // namespace kinetic::classical
