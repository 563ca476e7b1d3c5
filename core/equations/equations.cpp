// The table of equation descriptions: the one place that lists the equations.
#include "core/equations/equation_description.hpp"

#include "core/error.hpp"

namespace kinetic {

const std::vector<EquationDescription>& equation_descriptions() {
  static const std::vector<EquationDescription> all = {
      linear_transport_description(),
      bgk_description(),
      gray_radiative_transfer_description(),
      vpfp_description(),
  };
  return all;
}

const EquationDescription& describe(Equation equation) {
  for (const auto& d : equation_descriptions())
    if (d.id == equation) return d;
  throw RunError("no description for equation " + to_string(equation));
}

}  // namespace kinetic
