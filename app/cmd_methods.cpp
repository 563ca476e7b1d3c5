// `kinetic methods`: what is registered, per equation (the equation descriptions and the two registries).
#include <fmt/format.h>

#include <cstdio>

#include "app/commands.hpp"
#include "classical/method_registry.hpp"
#include "core/equations/equation_description.hpp"
#include "neural/method_registry.hpp"

namespace kinetic::app {

int run_methods() {
  for (const auto& eq : equation_descriptions()) {
    std::printf("%s: %s\n", eq.name.c_str(), eq.summary.c_str());
    std::printf("  fields: %s\n", fmt::format("{}", fmt::join(eq.fields, ", ")).c_str());
    bool any = false;
    for (const auto& m : classical::classical_methods())
      if (m.equation == eq.id) {
        std::printf("  classical %-16s %s\n", m.name.c_str(), m.summary.c_str());
        any = true;
      }
    for (const auto& m : neural::neural_methods())
      if (m.equation == eq.id) {
        std::printf("  neural    %-16s %s\n", m.name.c_str(), m.summary.c_str());
        if (m.network_model()) {
          std::string terms;
          for (const auto& t : m.terms) terms += fmt::format("{}{} {:g}", terms.empty() ? "" : ", ", t.name, t.weight);
          std::printf("  %-26s networks: %s; loss terms (default weights): %s\n", "",
                      fmt::format("{}", fmt::join(m.networks, ", ")).c_str(), terms.c_str());
        }
        any = true;
      }
    if (!any) std::printf("  (no method registered yet)\n");
  }
  return 0;
}

}  // namespace kinetic::app
