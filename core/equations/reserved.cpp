// Equations whose problem definition is reserved: the shared keys parse, no method is registered yet.
// Their descriptions grow their own keys (opacity, heat capacity; the background charge) and residuals
// with their solvers (issues of the gray radiative transfer and VPFP work).
#include "core/equations/equation_description.hpp"

namespace kinetic {

EquationDescription gray_radiative_transfer_description() {
  return {Equation::GrayRadiativeTransfer,
          "gray_radiative_transfer",
          "(eps^2/c) I_t + eps mu I_x = sigma (a c T^4/2 - I), eps^2 C_v T_t = sigma (int I dmu - a c T^4) (reserved)",
          VelocityDomain{-1.0, 1.0, VelocityMeasure::Average},
          {"rho"},
          {},
          [](const ConfigNode&, const FormulaConstants&, Problem&) {},
          {}};
}

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
