#include "classical/richardson.hpp"

#include <fmt/format.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/error.hpp"
#include "core/progress.hpp"

namespace kinetic::classical {

namespace {
struct RichardsonKeys {
  double order;
  long nx;
};
RichardsonKeys richardson_keys(const ConfigNode& section) {
  const double p = section.get_double("richardson");
  if (!(p > 0.0 && p <= 8.0)) section.fail("richardson", fmt::format("order must be in (0, 8] (got {})", p));
  const long nx = section.get_int("nx");
  if (nx < 4 || nx % 2 != 0) section.fail("nx", fmt::format("richardson needs an even nx >= 4 (got {})", nx));
  if (section.get_bool("save_f", false))
    section.fail("save_f", "f is not extrapolated by richardson: run without save_f");
  return {p, nx};
}
}  // namespace

void check_richardson(const Problem& problem, const ConfigNode& section, const CheckFunction& check) {
  richardson_keys(section);
  check(problem, section.copy_with("richardson", {}));
}

void solve_richardson(const Problem& problem, const ConfigNode& section, ResultWriter& writer,
                      const SolveFunction& run) {
  const auto [p, nx] = richardson_keys(section);

  auto solve_on = [&](long cells, const std::string& path) {
    ResultData header = writer.data();
    ResultWriter out(path, header);
    run(problem, section.copy_with("richardson", {{"nx", std::to_string(cells)}}), out);
    return out.data();
  };
  // A run with a result file solves the coarse grid in a second process (Kokkos' Serial backend runs one solve
  // per process), concurrently with the fine one: the wall time is then the fine run's (~4/5 of the total for
  // a first-order time step). Without a file (tests), one after the other.
  ResultData fine, coarse;
  if (writer.path().empty()) {
    fine = solve_on(nx, "");
    coarse = solve_on(nx / 2, "");
  } else {
    const std::string coarse_path = writer.path() + ".richardson_coarse.h5";
    std::fflush(stdout), std::fflush(stderr);
    const pid_t pid = fork();
    if (pid < 0) throw RunError("richardson: fork failed");
    if (pid == 0) {
      int status = 0;
      try {
        Progress::set_quiet(true);
        solve_on(nx / 2, coarse_path);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "error: richardson coarse run (%ld cells): %s\n", nx / 2, e.what());
        status = 1;
      }
      std::fflush(stderr);
      _exit(status);
    }
    try {
      fine = solve_on(nx, "");
    } catch (...) {
      kill(pid, SIGTERM);
      waitpid(pid, nullptr, 0);
      throw;
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0))
      throw RunError(fmt::format("richardson: the coarse run ({} cells) failed (its error is above)", nx / 2));
    coarse = read_result(coarse_path);
    std::filesystem::remove(coarse_path);
  }

  // The coarse nodes must be every other fine node (inflow: N+1 nodes; periodic: N nodes).
  const std::size_t nc = coarse.nx();
  const bool shared = (fine.nx() == 2 * nc - 1 || fine.nx() == 2 * nc) && fine.nt() == coarse.nt();
  for (std::size_t j = 0; shared && j < nc; ++j)
    if (std::abs(fine.x[2 * j] - coarse.x[j]) > 1e-12 * problem.length())
      section.fail("richardson", fmt::format("method {} stores values at cell centres, not at nodes shared by "
                                             "both grids; richardson needs a node-based method", fine.method));
  if (!shared)
    section.fail("richardson", fmt::format("method {}: grids of {} and {} points do not nest", fine.method,
                                           fine.nx(), nc));

  auto& data = writer.data();
  data.method = fine.method;
  data.number_attributes = fine.number_attributes;
  data.number_attributes["richardson_order"] = p;
  data.number_attributes["nx_fine"] = static_cast<double>(nx);
  data.number_attributes["nx"] = static_cast<double>(nx / 2);
  const bool timed = fine.number_attributes.count("wall_time_s") && coarse.number_attributes.count("wall_time_s");
  const double tf = timed ? fine.number_attributes.at("wall_time_s") : 0.0;
  const double tc = timed ? coarse.number_attributes.at("wall_time_s") : 0.0;
  data.number_attributes["wall_time_s"] = writer.path().empty() ? tf + tc : std::max(tf, tc);  // concurrent
  data.x = coarse.x;
  const double a = std::pow(2.0, p);
  double correction = 0.0;
  for (std::size_t it = 0; it < fine.nt(); ++it) {
    std::map<std::string, std::vector<double>> values;
    for (const auto& [name, unused] : fine.fields) {
      const auto uf = fine.field_at(name, it), uc = coarse.field_at(name, it);
      std::vector<double> r(nc);
      double num = 0.0, den = 0.0;
      for (std::size_t j = 0; j < nc; ++j) {
        r[j] = (a * uf[2 * j] - uc[j]) / (a - 1.0);
        num += (r[j] - uf[2 * j]) * (r[j] - uf[2 * j]);
        den += r[j] * r[j];
      }
      correction = std::max(correction, den > 0 ? std::sqrt(num / den) : std::sqrt(num));
      values[name] = std::move(r);
    }
    data.number_attributes["richardson_correction"] = correction;
    writer.snapshot(fine.t[it], values);
  }
}

}  // namespace kinetic::classical
