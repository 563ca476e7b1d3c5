#pragma once
// The classical methods, each registered by its own file:
//
//   namespace { const bool registered = register_classical_method({Equation::BGK, "bgk_imex", "one line", check,
//                                                                   solve}); }
//
// `check` parses and validates the method's keys of the `classical:` section and whether the method can run
// the problem, exactly as `solve` does before it starts, without running anything (`kinetic check`).
// `solve` runs it and hands each output time to the writer. The dispatcher (solve.hpp) and `kinetic methods`
// are look-ups in this list; nothing else names a method.
#include <functional>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/problem.hpp"
#include "core/result_file.hpp"

namespace kinetic::classical {

struct ClassicalMethod {
  Equation equation;
  std::string name;
  std::string summary;  // one line for `kinetic methods`
  std::function<void(const Problem&, const ConfigNode& section)> check;
  std::function<void(const Problem&, const ConfigNode& section, ResultWriter&)> solve;
};

// Adds a method (at static initialisation); returns true. A second method with the same equation and name
// is a programming error (RunError at start-up).
bool register_classical_method(ClassicalMethod method);
// Every registered method, sorted by equation, then name.
std::vector<ClassicalMethod> classical_methods();
std::vector<std::string> method_names(Equation equation);
// The method named by `section`'s `method` for the problem's equation; InputError naming classical.method
// (with the known names) otherwise.
const ClassicalMethod& classical_method_for(const Problem& problem, const ConfigNode& section);

}  // namespace kinetic::classical
