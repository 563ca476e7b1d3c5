// Dispatcher of the classical side: a look-up of the method in the registry (method_registry.hpp). Each
// method validates its own keys; `richardson` wraps any node-based method.
#include "classical/solve.hpp"

#include <Kokkos_Core.hpp>
#include <cstdlib>

#include "classical/method_registry.hpp"
#include "classical/richardson.hpp"

namespace kinetic::classical {

void check(const Problem& problem, const ConfigNode& section) {
  if (section.has("richardson"))
    return check_richardson(problem, section, [](const Problem& p, const ConfigNode& s) { check(p, s); });
  classical_method_for(problem, section).check(problem, section);
}

void solve(const Problem& problem, const ConfigNode& section, ResultWriter& writer) {
  if (section.has("richardson")) return solve_richardson(problem, section, writer, solve);
  classical_method_for(problem, section).solve(problem, section, writer);
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
