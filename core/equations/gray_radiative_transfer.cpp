// Gray radiative transfer in a slab, diffusive scaling (direction cosine mu = v in [-1, 1]):
//   (eps^2/c) I_t + eps mu I_x = sigma(T, x) (a c T^4/2 - I) + Q(t, x)/2
//   eps^2 C_v(T, x) T_t       = sigma(T, x) (int_{-1}^{1} I dmu - a c T^4)
// rho = <I> = (1/2) int I dmu, T_r = (2 rho/(a c))^(1/4). Summing the mu-integral of the first equation and
// the second: eps^2 d/dt [ (1/c) int I dmu + e(T) ] + eps d/dx int mu I dmu = Q, e(T) = int_0^T C_v, so the
// total energy is conserved with periodic or reflecting walls. As eps -> 0, I -> a c T^4/2 and
//   (a T^4 + e(T))_t = ( (c/(3 sigma)) (a T^4)_x )_x     (equilibrium diffusion).
// Own keys:
//   a: 1, c: 1                   radiation constant, speed of light (e.g. 0.01372 GJ/(cm^3 keV^4), 29.9792458 cm/ns)
//   opacity: "10"                sigma(T, x) > 0 (e.g. "30/T^3")
//   heat_capacity: "0.1"         C_v(T, x) > 0
//   source: "0"                  Q(t, x), isotropic
//   initial: {T: "...", I: "..."}   T(x) > 0; I(x, v) optional (default: the equilibrium a c T^4 / 2)
//   initial: {from_result: run.h5, time: 0.1}   T and I of a saved run (core/initial_from_result.hpp)
//   boundary: {type: periodic}  or  {left: SIDE, right: SIDE}, SIDE = {type: inflow, T: "T_b(t)"} (isotropic
//             inflow at T_b > 0) | {type: vacuum} | {type: reflecting} | {type: zero_gradient}
//   probes: [0.0025]             points of [x_left, x_right] where T is also written against time (series
//                                probe_t, probe_x, probe_T_0, probe_T_1, ...; both sides write them)
#include <fmt/format.h>

#include <cmath>

#include "core/equations/equation_description.hpp"
#include "core/initial_from_result.hpp"

namespace kinetic {

std::string to_string(RadiationSide::Kind kind) {
  switch (kind) {
    case RadiationSide::Kind::Periodic: return "periodic";
    case RadiationSide::Kind::Inflow: return "inflow";
    case RadiationSide::Kind::Vacuum: return "vacuum";
    case RadiationSide::Kind::Reflecting: return "reflecting";
    case RadiationSide::Kind::ZeroGradient: return "zero_gradient";
  }
  return "?";
}

namespace {

using V = Formula::Var;

// A formula that must be > 0: refused at the key if it is not, on 101 points of the domain (at `temperature`
// for formulas of T, and at t = 0).
void require_positive(const ConfigNode& node, const std::string& key, const Formula& f, const Problem& p,
                      const std::vector<double>& temperatures) {
  for (int i = 0; i <= 100; ++i) {
    const double x = p.x_left + p.length() * i / 100.0;
    for (double T : temperatures) {
      const double value = f(0.0, x, 0.0, 0.0, T);
      if (!(value > 0.0) || !std::isfinite(value))
        node.fail(key, fmt::format("must be > 0 (got {} at x = {}{})", value, x,
                                   f.used_vars() & V::Temperature ? fmt::format(", T = {}", T) : ""));
    }
  }
}

RadiationSide parse_side(const ConfigNode& node, const FormulaConstants& k, double t_end) {
  RadiationSide s;
  const std::string type = node.get_choice("type", {"inflow", "vacuum", "reflecting", "zero_gradient"});
  if (type == "inflow") {
    node.allow_only({"type", "T"});
    s.kind = RadiationSide::Kind::Inflow;
    s.temperature = problem_formula(node, "T", V::T, "1", k);
    for (int i = 0; i <= 100; ++i) {  // on 101 times of the run
      const double t = t_end * i / 100.0, T = s.temperature(t, 0, 0);
      if (!(T > 0.0) || !std::isfinite(T))
        node.fail("T", fmt::format("must be > 0 (got {} at t = {}); use type: vacuum for no inflow", T, t));
    }
    return s;
  }
  node.allow_only({"type"});
  s.kind = type == "vacuum" ? RadiationSide::Kind::Vacuum
           : type == "reflecting" ? RadiationSide::Kind::Reflecting
                                  : RadiationSide::Kind::ZeroGradient;
  return s;
}

void parse_gray_radiative_transfer(const ConfigNode& section, const FormulaConstants& constants, Problem& p) {
  GrayRadiation& r = p.radiation;
  r.a = section.get_double("a", 1.0);
  if (!(r.a > 0.0) || !std::isfinite(r.a)) section.fail("a", fmt::format("must be > 0 (got {})", r.a));
  r.c = section.get_double("c", 1.0);
  if (!(r.c > 0.0) || !std::isfinite(r.c)) section.fail("c", fmt::format("must be > 0 (got {})", r.c));
  FormulaConstants k = constants;  // the formulas may use a and c
  k["a"] = r.a, k["c"] = r.c;

  const ConfigNode init = section.child("initial");
  init.allow_only({"T", "I", "from_result", "time"});
  if (init.has("from_result")) {
    if (init.has("T") || init.has("I")) init.fail_here("give either from_result or T (and I), not both");
    load_grte_initial_from_result(init, p);
    require_positive(init, "from_result", r.initial_T, p, {0.0});
  } else {
    if (init.has("time")) init.fail("time", "only with from_result");
    r.initial_T = problem_formula(init, "T", V::X, "1", k);
    if (!init.has("T")) init.fail_here("needs T, the initial material temperature (a formula of x)");
    require_positive(init, "T", r.initial_T, p, {0.0});
    r.initial_I_given = init.has("I");
    if (r.initial_I_given) r.initial_I = problem_formula(init, "I", V::X | V::V, "0", k);
  }

  // Temperatures at which the material laws must hold: the initial and the boundary ones.
  std::vector<double> temperatures;
  for (int i = 0; i <= 20; ++i) temperatures.push_back(r.initial_T(0, p.x_left + p.length() * i / 20.0, 0));

  const ConfigNode bc = section.child("boundary");
  if (bc.has("type")) {
    bc.allow_only({"type"});
    bc.get_choice("type", {"periodic"});
    r.left.kind = r.right.kind = RadiationSide::Kind::Periodic;
    p.boundary.kind = BoundaryKind::Periodic;
  } else {
    bc.allow_only({"left", "right"});
    r.left = parse_side(bc.child("left"), k, p.t_end);
    r.right = parse_side(bc.child("right"), k, p.t_end);
    p.boundary.kind = BoundaryKind::Inflow;  // walls: each side's kind is in p.radiation
    for (const auto* side : {&r.left, &r.right})
      if (side->kind == RadiationSide::Kind::Inflow) temperatures.push_back(side->temperature(0, 0, 0));
  }

  r.opacity = problem_formula(section, "opacity", V::X | V::Temperature, "1", k);
  require_positive(section, "opacity", r.opacity, p, temperatures);
  r.heat_capacity = problem_formula(section, "heat_capacity", V::X | V::Temperature, "1", k);
  require_positive(section, "heat_capacity", r.heat_capacity, p, temperatures);
  r.source = problem_formula(section, "source", V::T | V::X, "0", k);
  r.probes = section.get_doubles("probes", {});
  for (double x : r.probes)
    if (!(x >= p.x_left && x <= p.x_right))
      section.fail("probes", fmt::format("{} is outside the space interval [{}, {}]", x, p.x_left, p.x_right));
}

// The intensity equation's residual at each ordinate, for the sample's I (f) and material temperature T.
std::vector<double> gray_radiative_transfer_residual(const Problem& p, const KineticSample& s) {
  const GrayRadiation& r = p.radiation;
  const double sigma = r.opacity(s.t, s.x, 0, 0, s.T), emission = 0.5 * r.a * r.c * std::pow(s.T, 4);
  const double q = 0.5 * r.source(s.t, s.x, 0), eps = p.eps;
  std::vector<double> out(s.v.size());
  for (std::size_t k = 0; k < s.v.size(); ++k)
    out[k] = eps * eps / r.c * s.f_t[k] + eps * s.v[k] * s.f_x[k] - sigma * (emission - s.f[k]) - q;
  return out;
}

}  // namespace

EquationDescription gray_radiative_transfer_description() {
  EquationDescription d{Equation::GrayRadiativeTransfer,
                        "gray_radiative_transfer",
                        "(eps^2/c) I_t + eps mu I_x = sigma (a c T^4/2 - I) + Q/2, eps^2 C_v T_t = sigma (int I dmu - "
                        "a c T^4)",
                        VelocityDomain{-1.0, 1.0, VelocityMeasure::Average},
                        {"rho", "T", "T_r"},
                        {"a", "c", "opacity", "heat_capacity", "source", "initial", "boundary", "probes"},
                        parse_gray_radiative_transfer,
                        gray_radiative_transfer_residual};
  d.own_initial_and_boundary = true;
  return d;
}

}  // namespace kinetic
