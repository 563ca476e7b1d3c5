// Dispatcher of the classical side: a look-up of the method in the registry (method_registry.hpp). Each
// method validates its own keys; `richardson` wraps any node-based method.
#include "classical/solve.hpp"

#include <Kokkos_Core.hpp>
#include <cstdlib>

#include "classical/method_registry.hpp"
#include "classical/richardson.hpp"
#include "classical/uncertainty/sample_statistics.hpp"

namespace kinetic::classical {

namespace {
void check_deterministic(const Problem& problem, const ConfigNode& section) {
  if (section.has("richardson"))
    return check_richardson(problem, section, [](const Problem& p, const ConfigNode& s) { check_deterministic(p, s); });
  classical_method_for(problem, section).check(problem, section);
}

void solve_deterministic(const Problem& problem, const ConfigNode& section, ResultWriter& writer) {
  if (section.has("richardson")) return solve_richardson(problem, section, writer, solve_deterministic);
  classical_method_for(problem, section).solve(problem, section, writer);
}
}  // namespace

// Uncertain problems (problem.random): the method is checked at the rule's first node, as every sample runs.
// A problem at one draw of its random inputs (random_sample set) is deterministic.
void check(const Problem& problem, const ConfigNode& section) {
  if (!problem.random_sample.empty()) return check_deterministic(problem, section);
  const StatisticsRun run = parse_statistics_run(problem, section);
  if (!problem.random.active()) return check_deterministic(problem, section);
  const RandomRule rule = make_rule(run.statistics, problem.random);
  check_deterministic(problem.at_random_inputs(rule.nodes.front()), section.copy_with("statistics", {}));
}

void solve(const Problem& problem, const ConfigNode& section, ResultWriter& writer) {
  if (problem.random.active() && problem.random_sample.empty()) return solve_statistics(problem, section, writer, solve_deterministic);
  solve_deterministic(problem, section, writer);
}

void ensure_kokkos_initialized() {
  if (Kokkos::is_initialized()) return;
  Kokkos::initialize();
  // Finalise at exit; every View of the solvers is local to a solve call and gone by then.
  std::atexit([] {
    if (Kokkos::is_initialized()) Kokkos::finalize();
  });
}

}  // namespace kinetic::classical
