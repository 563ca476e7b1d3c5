#include "classical/uncertainty/sample_runs.hpp"

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "core/error.hpp"

namespace kinetic::classical {

namespace fs = std::filesystem;

namespace {

std::string sample_path(const fs::path& dir, std::size_t k) { return (dir / fmt::format("sample_{:06d}.h5", k)).string(); }

// What a sample file was computed for: the problem and method sections and the sample's z.
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

ResultData sample_header(const Problem& problem, const ConfigNode& method_section, const std::vector<double>& z) {
  ResultData header;
  header.equation = to_string(problem.equation);
  header.eps = problem.eps;
  header.method = method_section.get_string("method", "?");
  for (std::size_t i = 0; i < z.size(); ++i) header.number_attributes[fmt::format("z{}", i + 1)] = z[i];
  return header;
}

// One deterministic solve at z into its own file (written to a .partial name, renamed when complete).
void solve_sample(const Problem& problem, const ConfigNode& method_section, const std::vector<double>& z,
                  const std::string& path, DeterministicSolve solve) {
  ResultData header = sample_header(problem, method_section, z);
  header.text_attributes["sample_key"] = sample_key(problem, method_section, z);
  ResultWriter writer(path + ".partial", header);
  solve(problem.at_random_inputs(z), method_section, writer);
  writer.flush();
  fs::rename(path + ".partial", path);
}

}  // namespace

std::vector<ResultData> solve_samples(const Problem& problem, const ConfigNode& method_section,
                                      const std::vector<std::vector<double>>& nodes, const SampleRuns& runs,
                                      DeterministicSolve solve, Progress& progress) {
  const std::size_t n = nodes.size();
  std::vector<ResultData> samples(n);
  if (runs.dir.empty()) {  // in memory (tests): one process, no sample files
    for (std::size_t k = 0; k < n; ++k) {
      ResultWriter memory("", sample_header(problem, method_section, nodes[k]));
      solve(problem.at_random_inputs(nodes[k]), method_section, memory);
      samples[k] = memory.data();
      progress.update(static_cast<double>(k + 1));
    }
    return samples;
  }
  const fs::path dir = runs.dir;
  fs::create_directories(dir);
  std::vector<std::size_t> todo;
  for (std::size_t k = 0; k < n; ++k)
    if (!sample_done(sample_path(dir, k), sample_key(problem, method_section, nodes[k]))) todo.push_back(k);
  // While workers run, finished samples are the files present (each is renamed into place when complete).
  auto missing = [&] {
    std::vector<std::size_t> left;
    for (std::size_t k : todo)
      if (!fs::exists(sample_path(dir, k))) left.push_back(k);
    return left;
  };
  for (std::size_t k : todo) fs::remove(sample_path(dir, k));  // stale files of another config
  if (todo.size() < n)
    std::fprintf(stderr, "samples: %zu of %zu found in %s, computing the rest\n", n - todo.size(), n, dir.c_str());
  const int workers = static_cast<int>(std::min<std::size_t>(runs.workers, std::max<std::size_t>(todo.size(), 1)));
  std::fflush(stdout), std::fflush(stderr);
  std::vector<pid_t> children;
  for (int w = 0; w < workers && !todo.empty(); ++w) {
    const pid_t pid = fork();
    if (pid < 0) throw RunError("samples: fork failed");
    if (pid == 0) {  // worker: samples w, w + workers, ... of the missing ones
      int status = 0;
      try {
        Progress::set_quiet(true);
        for (std::size_t i = w; i < todo.size(); i += workers)
          solve_sample(problem, method_section, nodes[todo[i]], sample_path(dir, todo[i]), solve);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "error: sample worker %d: %s\n", w, e.what());
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
    throw RunError(fmt::format("{} of {} samples failed (their errors are above; the finished ones stay in {})",
                               missing().size(), n, dir.string()));
  for (std::size_t k = 0; k < n; ++k) samples[k] = read_result(sample_path(dir, k));
  return samples;
}

}  // namespace kinetic::classical
