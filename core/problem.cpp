#include "core/problem.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/equations/equation_description.hpp"
#include "core/error.hpp"
#include "core/initial_from_result.hpp"

namespace kinetic {

std::string to_string(Equation e) { return describe(e).name; }

std::string to_string(BoundaryKind b) {
  switch (b) {
    case BoundaryKind::Periodic: return "periodic";
    case BoundaryKind::Inflow: return "inflow";
    case BoundaryKind::Dirichlet: return "dirichlet";
    case BoundaryKind::ZeroGradient: return "zero_gradient";
  }
  return "?";
}

Formula problem_formula(const ConfigNode& node, const std::string& key, unsigned vars, const std::string& fallback,
                        const FormulaConstants& constants) {
  const std::string text = node.get_scalar_text(key, fallback);
  const auto random = constants.find(kRandomInputsKey);
  if (random == constants.end()) return Formula::parse(text, vars, node.file() + ": " + node.key_path(key), constants);
  FormulaConstants named = constants;
  named.erase(kRandomInputsKey);
  return Formula::parse(text, vars, node.file() + ": " + node.key_path(key), named, static_cast<int>(random->second));
}

namespace {

using Constants = FormulaConstants;

// An interval written as [a, b]; must be non-empty and increasing.
std::pair<double, double> interval_at(const ConfigNode& node, const std::string& key) {
  const std::vector<double> v = node.get_doubles(key);
  if (v.size() != 2) node.fail(key, fmt::format("expected an interval [a, b], got {} numbers", v.size()));
  if (!(std::isfinite(v[0]) && std::isfinite(v[1]))) node.fail(key, "interval ends must be finite");
  if (!(v[1] > v[0])) node.fail(key, fmt::format("empty or reversed interval [{}, {}]", v[0], v[1]));
  return {v[0], v[1]};
}

MacroState macro_state_at(const ConfigNode& node, unsigned vars, const Constants& k) {
  node.allow_only({"rho", "u", "T"});
  MacroState s;
  s.rho = problem_formula(node, "rho", vars, "1", k);
  s.u = problem_formula(node, "u", vars, "0", k);
  s.T = problem_formula(node, "T", vars, "1", k);
  return s;
}

}  // namespace

Problem Problem::from_config(const ConfigNode& section) { return from_config(section, {}); }

Problem Problem::from_config(const ConfigNode& section, const std::vector<double>& z) {
  Problem p;
  std::vector<std::string> names;
  for (const auto& d : equation_descriptions()) names.push_back(d.name);
  const std::string eq = section.get_choice("equation", names);
  const EquationDescription* description = nullptr;
  for (const auto& d : equation_descriptions())
    if (d.name == eq) description = &d;
  p.equation = description->id;
  std::vector<std::string> allowed = {"equation", "dim", "eps", "time", "space", "velocity", "output_times",
                                      "constants", "random"};
  if (!description->own_initial_and_boundary) allowed.insert(allowed.end(), {"initial", "boundary"});
  allowed.insert(allowed.end(), description->keys.begin(), description->keys.end());
  section.allow_only(allowed);

  p.dim = static_cast<int>(section.get_int("dim", 1));
  if (p.dim != 1) section.fail("dim", fmt::format("only dim: 1 is implemented so far (got {})", p.dim));

  p.eps = section.get_double("eps");
  if (!(p.eps > 0.0) || !std::isfinite(p.eps))
    section.fail("eps", fmt::format("must be a finite number > 0 (got {})", p.eps));

  if (auto c = section.optional_child("constants")) {
    if (!c->is_map()) c->fail_here("expected a mapping name: value");
    for (const auto& k : c->keys()) {
      if (k == "eps" || k == "pi" || k == "t" || k == "x" || k == "v" || k == "z" || k == "T")
        c->fail(k, "this name is reserved");
      if (k.size() > 1 && k[0] == 'z' && k.find_first_not_of("0123456789", 1) == std::string::npos)
        c->fail(k, "names z1, z2, ... are reserved for the random inputs (problem.random)");
      p.constants[k] = c->get_double(k);
    }
  }
  // Formulas below may use eps and the constants by name (e.g. a manufactured source -v/eps).
  Constants k = p.constants;
  k["eps"] = p.eps;
  if (auto r = section.optional_child("random")) {
    p.random = RandomInputs::from_config(*r);
    const std::vector<double> nominal = p.random.nominal();
    if (!z.empty() && static_cast<int>(z.size()) != p.random.dim)
      throw RunError(fmt::format("a sample of {} random inputs for a problem with random.dim {}", z.size(),
                                 p.random.dim));
    for (int i = 0; i < p.random.dim; ++i) k[fmt::format("z{}", i + 1)] = z.empty() ? nominal[i] : z[i];
    if (z.empty()) k[kRandomInputsKey] = p.random.dim;  // variables of the formulas
    p.random_sample = z;
    p.definition = section;
  } else if (!z.empty()) {
    throw RunError("a sample of random inputs for a problem without problem.random");
  }

  const ConfigNode time = section.child("time");
  if (time.is_map()) {
    time.allow_only({"end"});
    p.t_end = time.get_double("end");
  } else {
    const auto [t0, t1] = interval_at(section, "time");
    if (t0 != 0.0) section.fail("time", "must start at 0");
    p.t_end = t1;
  }
  if (!(p.t_end > 0.0) || !std::isfinite(p.t_end))
    section.fail("time", fmt::format("end time must be > 0 (got {})", p.t_end));

  std::tie(p.x_left, p.x_right) = interval_at(section, "space");

  // Velocity defaults of the equation (slab transport averages over [-1,1]; BGK integrates over [-V,V]).
  p.velocity = description->velocity;
  if (auto vel = section.optional_child("velocity")) {
    vel->allow_only({"range", "measure"});
    if (vel->has("range")) std::tie(p.velocity.vmin, p.velocity.vmax) = interval_at(*vel, "range");
    if (vel->has("measure"))
      p.velocity.measure = vel->get_choice("measure", {"average", "integral"}) == "average"
                               ? VelocityMeasure::Average
                               : VelocityMeasure::Integral;
  }

  using V = Formula::Var;
  description->parse(section, k, p);  // the equation's own keys (linear transport: sigma_s, sigma_a, source)

  if (!description->own_initial_and_boundary) {
    const ConfigNode init = section.child("initial");
    init.allow_only({"f", "rho", "u", "T", "from_result", "time"});
    if (init.has("from_result")) {
      if (init.has("f") || init.has("rho")) init.fail_here("give either from_result, f, or rho/u/T");
      load_initial_from_result(init, p);
    } else if (init.has("f")) {
      if (init.has("rho") || init.has("u") || init.has("T"))
        init.fail_here("give either f, or the macroscopic rho/u/T, not both");
      p.initial.f = problem_formula(init, "f", V::X | V::V, "0", k);
    } else if (init.has("rho")) {
      p.initial.macroscopic = true;
      p.initial.macro = macro_state_at(init, V::X, k);
    } else {
      init.fail_here("needs f (a formula of x, v) or rho/u/T (formulas of x)");
    }

    const ConfigNode bc = section.child("boundary");
    const std::string type = bc.get_choice("type", {"periodic", "inflow", "dirichlet", "zero_gradient"});
    if (type == "periodic" || type == "zero_gradient") {
      bc.allow_only({"type"});
      p.boundary.kind = type == "periodic" ? BoundaryKind::Periodic : BoundaryKind::ZeroGradient;
    } else if (type == "inflow") {
      bc.allow_only({"type", "left", "right"});
      p.boundary.kind = BoundaryKind::Inflow;
      p.boundary.f_left = problem_formula(bc, "left", V::T | V::V, "0", k);
      p.boundary.f_right = problem_formula(bc, "right", V::T | V::V, "0", k);
    } else {
      bc.allow_only({"type", "left", "right"});
      p.boundary.kind = BoundaryKind::Dirichlet;
      p.boundary.left = macro_state_at(bc.child("left"), V::T, k);
      p.boundary.right = macro_state_at(bc.child("right"), V::T, k);
    }
  }

  p.output_times = section.get_doubles("output_times", {});
  for (double t : p.output_times)
    if (!(t > 0.0 && t <= p.t_end * (1 + 1e-12)))
      section.fail("output_times", fmt::format("time {} is outside (0, {}]", t, p.t_end));
  p.output_times.push_back(p.t_end);
  std::sort(p.output_times.begin(), p.output_times.end());
  // Merge times that coincide up to round-off (t_end may be listed explicitly).
  std::vector<double> merged;
  for (double t : p.output_times)
    if (merged.empty() || t - merged.back() > 1e-12 * p.t_end) merged.push_back(t);
  merged.back() = p.t_end;
  p.output_times = merged;

  return p;
}

Problem Problem::at_random_inputs(const std::vector<double>& z) const {
  if (!random.active() || !definition) throw RunError("at_random_inputs: the problem has no random inputs");
  return from_config(*definition, z);
}

}  // namespace kinetic
