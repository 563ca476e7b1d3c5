#include "classical/method_registry.hpp"

#include "core/registry.hpp"

namespace kinetic::classical {

using Methods = Registry<ClassicalMethod>;

bool register_classical_method(ClassicalMethod method) { return Methods::add(std::move(method), "classical method"); }

std::vector<ClassicalMethod> classical_methods() { return Methods::sorted(); }

std::vector<std::string> method_names(Equation equation) { return Methods::names(equation); }

const ClassicalMethod& classical_method_for(const Problem& problem, const ConfigNode& section) {
  return Methods::named_in(section, problem.equation, "classical method");
}

}  // namespace kinetic::classical
