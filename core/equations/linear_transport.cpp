// Linear transport in the diffusive scaling:
//   eps f_t + v f_x = (sigma_s/eps)(<f> - f) - eps sigma_a f + eps G,   <h> = measure of v (default 1/2 int dv)
// Its own keys: sigma_s(x) > 0, sigma_a(x) >= 0, source G(t, x, v).
#include <fmt/format.h>

#include "core/equations/equation_description.hpp"

namespace kinetic {

namespace {

void parse_linear_transport(const ConfigNode& section, const FormulaConstants& k, Problem& p) {
  using V = Formula::Var;
  p.sigma_s = problem_formula(section, "sigma_s", V::X, "1", k);
  p.sigma_a = problem_formula(section, "sigma_a", V::X, "0", k);
  p.source = problem_formula(section, "source", V::T | V::X | V::V, "0", k);
  if (p.sigma_s.is_constant() && !(p.sigma_s(0, 0, 0) > 0.0))
    section.fail("sigma_s", fmt::format("must be > 0 (got {})", p.sigma_s(0, 0, 0)));
  if (p.sigma_a.is_constant() && p.sigma_a(0, 0, 0) < 0.0)
    section.fail("sigma_a", fmt::format("must be >= 0 (got {})", p.sigma_a(0, 0, 0)));
}

std::vector<double> linear_transport_residual(const Problem& p, const KineticSample& s) {
  double mean = 0.0;
  for (std::size_t k = 0; k < s.v.size(); ++k) mean += s.w[k] * s.f[k];
  const double eps = p.eps, sigma_s = p.sigma_s(s.t, s.x, 0), sigma_a = p.sigma_a(s.t, s.x, 0);
  std::vector<double> r(s.v.size());
  for (std::size_t k = 0; k < s.v.size(); ++k)
    r[k] = eps * s.f_t[k] + s.v[k] * s.f_x[k] - sigma_s / eps * (mean - s.f[k]) + eps * sigma_a * s.f[k] -
           eps * p.source(s.t, s.x, s.v[k]);
  return r;
}

}  // namespace

EquationDescription linear_transport_description() {
  EquationDescription d{Equation::LinearTransport, "linear_transport",
                        "eps f_t + v f_x = (sigma_s/eps)(<f> - f) - eps sigma_a f + eps G (diffusive scaling)",
                        VelocityDomain{-1.0, 1.0, VelocityMeasure::Average},
                        {"rho"},
                        {"sigma_s", "sigma_a", "source"},
                        parse_linear_transport,
                        linear_transport_residual};
  return d;
}

}  // namespace kinetic
