// BGK with one velocity dimension:  f_t + v f_x = (M[U] - f)/eps,  U = int (1, v, v^2/2) f dv,
// M[U] = rho/sqrt(2 pi T) exp(-(v - u)^2/(2T)). Moments integrate over v truncated to [-V, V] (V = 10).
// No keys of its own: the state enters through initial (rho, u, T) and the boundary states.
#include <cmath>

#include "core/equations/equation_description.hpp"

namespace kinetic {

namespace {

std::vector<double> bgk_residual(const Problem& p, const KineticSample& s) {
  double rho = 0.0, m = 0.0, e = 0.0;
  for (std::size_t k = 0; k < s.v.size(); ++k)
    rho += s.w[k] * s.f[k], m += s.w[k] * s.v[k] * s.f[k], e += s.w[k] * 0.5 * s.v[k] * s.v[k] * s.f[k];
  const double u = m / rho, T = 2.0 * e / rho - u * u;
  std::vector<double> r(s.v.size());
  for (std::size_t k = 0; k < s.v.size(); ++k) {
    const double maxwellian = rho / std::sqrt(2.0 * M_PI * T) * std::exp(-(s.v[k] - u) * (s.v[k] - u) / (2.0 * T));
    r[k] = s.f_t[k] + s.v[k] * s.f_x[k] - (maxwellian - s.f[k]) / p.eps;
  }
  return r;
}

}  // namespace

EquationDescription bgk_description() {
  return {Equation::BGK,
          "bgk",
          "f_t + v f_x = (M[U] - f)/eps, U = int (1, v, v^2/2) f dv (Euler limit, gamma = 3)",
          VelocityDomain{-10.0, 10.0, VelocityMeasure::Integral},
          {"rho", "momentum", "energy"},
          {},
          [](const ConfigNode&, const FormulaConstants&, Problem&) {},
          bgk_residual};
}

}  // namespace kinetic
