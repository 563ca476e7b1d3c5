// Equations whose problem definition is reserved: the shared keys parse, no method is registered yet.
// Their descriptions grow their own keys (the background charge h, eps(x)) and residuals with their solvers.
#include "core/equations/equation_description.hpp"

namespace kinetic {

EquationDescription vpfp_description() {
  return {Equation::VPFP,
          "vpfp",
          "f_t + v f_x - (1/eps) phi_x f_v = (1/eps)(v f + f_v)_v, -phi_xx = rho - h (reserved)",
          VelocityDomain{-10.0, 10.0, VelocityMeasure::Integral},
          {"rho"},
          {},
          [](const ConfigNode&, const FormulaConstants&, Problem&) {},
          {}};
}

}  // namespace kinetic
