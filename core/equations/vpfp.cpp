// Vlasov-Poisson-Fokker-Planck in the high-field scaling, one space and one velocity dimension:
//   f_t + v f_x - (1/eps) phi_x f_v = (1/eps) (v f + f_v)_v,    -phi_xx = rho - h(x),    rho = int f dv.
// With E = -phi_x (so E_x = rho - h) the field and collision terms combine:
//   (1/eps) [ (v f + f_v)_v - E f_v ] = (1/eps) ((v - E) f + f_v)_v = (1/eps) (M (f/M)_v)_v,
//   M(v; E) = exp(-(v - E)^2/2)/sqrt(2 pi)      (since M (f/M)_v = f_v - f M_v/M = f_v + (v - E) f),
// so the local equilibrium is rho M(v; E), the Maxwellian shifted by the field. The right side conserves
// mass (it is a v-derivative), hence rho_t + (int v f dv)_x = 0, and as eps -> 0 (f -> rho M, int v M dv = E)
// the high-field limit is the drift-Poisson system  rho_t + (rho E)_x = 0,  E_x = rho - h.
// Periodic in x only: the Poisson problem then needs int (rho - h) dx = 0 (checked against f0), and E is
// taken with zero mean. Velocities are truncated to [vmin, vmax] with vmin < 0 < vmax (zero flux at the ends).
// Own keys:
//   initial: {f: "f0(x, v)"}          boundary: {type: periodic}
//   background: "1"                    h(x), the fixed background charge
//   eps_profile: "..."                 eps(x) > 0 for a mixing regime (formulas may use eps); default: eps
//   fokker_planck: true                false: the Vlasov-Poisson system (no collision term), for checks
#include <fmt/format.h>

#include <cmath>

#include "core/equations/equation_description.hpp"
#include "core/quadrature.hpp"

namespace kinetic {

namespace {

using V = Formula::Var;

// int int f0 dv dx and int h dx on the problem's domain: trapezoidal in x (periodic: spectrally accurate),
// 200-point Gauss-Legendre in v.
std::pair<double, double> total_charges(const Problem& p) {
  const int nx = 2000;
  const Quadrature q = gauss_legendre(200, p.velocity.vmin, p.velocity.vmax);
  double mass = 0.0, background = 0.0;
  for (int i = 0; i < nx; ++i) {
    const double x = p.x_left + p.length() * i / nx;
    for (int k = 0; k < q.size(); ++k) mass += q.weights[k] * p.initial.f(0, x, q.nodes[k]);
    background += p.plasma.background(0, x, 0);
  }
  return {mass * p.length() / nx, background * p.length() / nx};
}

void parse_vpfp(const ConfigNode& section, const FormulaConstants& k, Problem& p) {
  auto velocity_fail = [&](const std::string& key, const std::string& what) {
    if (auto vel = section.optional_child("velocity")) vel->fail(key, what);
    section.fail("velocity", what);
  };
  if (!(p.velocity.vmin < 0.0 && p.velocity.vmax > 0.0))
    velocity_fail("range", fmt::format("must contain v = 0 inside, e.g. [-V, V] with V > 0 (got [{}, {}])",
                                       p.velocity.vmin, p.velocity.vmax));
  if (p.velocity.measure != VelocityMeasure::Integral) velocity_fail("measure", "must be integral (rho = int f dv)");

  const ConfigNode bc = section.child("boundary");
  bc.allow_only({"type"});
  bc.get_choice("type", {"periodic"});
  p.boundary.kind = BoundaryKind::Periodic;

  const ConfigNode init = section.child("initial");
  init.allow_only({"f"});
  if (!init.has("f")) init.fail_here("needs f, the initial distribution (a formula of x, v)");
  p.initial.macroscopic = false;
  p.initial.f = problem_formula(init, "f", V::X | V::V, "0", k);

  PlasmaData& plasma = p.plasma;
  plasma.background = problem_formula(section, "background", V::X, "1", k);
  plasma.fokker_planck = section.get_bool("fokker_planck", true);
  plasma.eps_varies = section.has("eps_profile");
  plasma.eps_profile = plasma.eps_varies ? problem_formula(section, "eps_profile", V::X, "1", k)
                                         : Formula::constant(p.eps);
  for (int i = 0; i <= 200; ++i) {
    const double x = p.x_left + p.length() * i / 200.0;
    const double e = plasma.eps_profile(0, x, 0);
    if (!(e > 0.0) || !std::isfinite(e))
      section.fail("eps_profile", fmt::format("must be > 0 and finite (got {} at x = {})", e, x));
    for (double v : {p.velocity.vmin, 0.5 * (p.velocity.vmin + p.velocity.vmax), p.velocity.vmax}) {
      const double f = p.initial.f(0, x, v);
      if (!(f >= 0.0) || !std::isfinite(f))
        init.fail("f", fmt::format("must be >= 0 and finite (got {} at x = {}, v = {})", f, x, v));
    }
  }
  const auto [mass, background] = total_charges(p);
  if (!(std::abs(mass - background) <= 1e-6 * std::max(std::abs(mass), 1e-300)))
    section.fail("background", fmt::format("total charge int h dx = {} differs from the initial mass int int f0 dv "
                                           "dx = {} (relative {:.2e}): a periodic Poisson problem needs them equal",
                                           background, mass, std::abs(mass - background) / std::abs(mass)));
}

}  // namespace

EquationDescription vpfp_description() {
  return {Equation::VPFP,
          "vpfp",
          "f_t + v f_x - (1/eps) phi_x f_v = (1/eps)(v f + f_v)_v, -phi_xx = rho - h, E = -phi_x",
          VelocityDomain{-8.0, 8.0, VelocityMeasure::Integral},
          {"rho", "E"},
          {"initial", "boundary", "background", "eps_profile", "fokker_planck"},
          parse_vpfp,
          {},  // the kinetic residual needs f_v and E, which KineticSample does not carry
          true};
}

}  // namespace kinetic
