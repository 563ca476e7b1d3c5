// Dispatcher of the classical side: (equation, method) -> solver function. Each solver validates its own
// keys; this file only knows the method names.
#include "classical/solve.hpp"

#include <Kokkos_Core.hpp>
#include <cstdlib>

#include "classical/bgk_imex.hpp"
#include "classical/diffusion_limit.hpp"
#include "classical/even_odd.hpp"
#include "classical/micro_macro.hpp"
#include "classical/richardson.hpp"
#include "classical/spectral.hpp"
#include "classical/steady_linear_transport.hpp"
#include "core/error.hpp"

namespace kinetic::classical {

std::vector<std::string> method_names(Equation equation) {
  if (equation == Equation::LinearTransport) return {"micro_macro", "even_odd", "diffusion_limit", "spectral", "steady"};
  if (equation == Equation::BGK) return {"bgk_imex"};
  return {};
}

void solve(const Problem& problem, const ConfigNode& section, ResultWriter& writer) {
  if (section.has("richardson")) return solve_richardson(problem, section, writer, solve);
  const std::string method = section.get_string("method");
  const Equation eq = problem.equation;
  if (eq == Equation::LinearTransport && method == "micro_macro") return solve_micro_macro(problem, section, writer);
  if (eq == Equation::LinearTransport && method == "even_odd") return solve_even_odd(problem, section, writer);
  if (eq == Equation::LinearTransport && method == "diffusion_limit")
    return solve_diffusion_limit(problem, section, writer);
  if (eq == Equation::LinearTransport && method == "spectral") return solve_spectral(problem, section, writer);
  if (eq == Equation::LinearTransport && method == "steady") return solve_steady(problem, section, writer);
  if (eq == Equation::BGK && method == "bgk_imex") return solve_bgk_imex(problem, section, writer);

  std::string known;
  for (const auto& name : method_names(eq)) known += (known.empty() ? "" : ", ") + name;
  section.fail("method", "unknown method '" + method + "' for equation " + to_string(eq) +
                             (known.empty() ? " (no classical method yet)" : " (known: " + known + ")"));
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
