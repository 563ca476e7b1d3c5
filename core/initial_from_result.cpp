#include "core/initial_from_result.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "core/error.hpp"
#include "core/interpolation.hpp"
#include "core/result_file.hpp"

namespace kinetic {

namespace {

// Row `name` of `r` at output index `it`, as an interpolant in x (clamped to the grid ends), bounded by its
// nodes' values: initial data stay positive and within the snapshot's range across steep fronts.
struct Profile {
  std::vector<double> x, y;
  double operator()(double at) const {
    at = std::clamp(at, x.front(), x.back());
    return interpolate_bounded(x, y, {at})[0];
  }
  double derivative(double at) const {
    const double h = 1e-5 * (x.back() - x.front());
    const double a = std::max(at - h, x.front()), b = std::min(at + h, x.back());
    return ((*this)(b) - (*this)(a)) / (b - a);
  }
};

// The snapshot a section names (from_result, time: default the last), checked against the problem's interval.
struct Snapshot {
  ResultData r;
  std::ptrdiff_t it = 0;
  std::string what;  // "run.h5 at t = 0.1", for the formulas' descriptions
  std::vector<double> row(const ConfigNode& section, const std::string& name) const {
    if (!r.fields.count(name)) section.fail("from_result", fmt::format("{} has no field {}", what, name));
    return r.field_at(name, it);
  }
};

Snapshot open_snapshot(const ConfigNode& section, const Problem& p) {
  Snapshot s;
  const std::string path = section.get_string("from_result");
  try {
    s.r = read_result(path);
  } catch (const InputError& e) {
    section.fail("from_result", e.what());
  }
  const ResultData& r = s.r;
  if (r.nt() == 0) section.fail("from_result", path + " holds no snapshot");
  s.it = static_cast<std::ptrdiff_t>(r.nt()) - 1;
  if (section.has("time")) {
    s.it = r.time_index(section.get_double("time"));
    if (s.it < 0) section.fail("time", fmt::format("{} has no output time {}", path, section.get_double("time")));
  }
  if (r.nx() < 2) section.fail("from_result", path + " has fewer than 2 space points");
  const double tol = 1e-9 * (p.x_right - p.x_left);
  if (r.x.front() > p.x_left + tol + (r.x[1] - r.x[0]) || r.x.back() < p.x_right - tol - (r.x[1] - r.x[0]))
    section.fail("from_result", fmt::format("{} covers [{}, {}], not the problem's space interval", path,
                                            r.x.front(), r.x.back()));
  s.what = fmt::format("{} at t = {}", path, r.t[s.it]);
  return s;
}

bool has_distribution(const Snapshot& s) { return !s.r.f.empty() && !s.r.v.empty(); }

// f(x, v) of the snapshot: per velocity node an interpolant in x; linear in v between nodes (constant outside).
Formula distribution(const Snapshot& s, const std::string& name) {
  const ResultData& r = s.r;
  auto table = std::make_shared<std::vector<Profile>>();
  const std::size_t nv = r.v.size();
  for (std::size_t k = 0; k < nv; ++k) {
    Profile pr{r.x, std::vector<double>(r.nx())};
    for (std::size_t i = 0; i < r.nx(); ++i) pr.y[i] = r.f[(s.it * r.nx() + i) * nv + k];
    table->push_back(std::move(pr));
  }
  auto v = std::make_shared<std::vector<double>>(r.v);
  return Formula::from_function(
      [table, v](double, double x, double vel, double) {
        const auto& vs = *v;
        if (vel <= vs.front()) return table->front()(x);
        if (vel >= vs.back()) return table->back()(x);
        const std::size_t k = std::upper_bound(vs.begin(), vs.end(), vel) - vs.begin();
        const double w = (vel - vs[k - 1]) / (vs[k] - vs[k - 1]);
        return (1 - w) * (*table)[k - 1](x) + w * (*table)[k](x);
      },
      name + " from " + s.what, Formula::Var::X | Formula::Var::V);
}

Formula profile(const Profile& q, const std::string& description) {
  return Formula::from_function([q](double, double x, double, double) { return q(x); }, description,
                                Formula::Var::X);
}

}  // namespace

void load_initial_from_result(const ConfigNode& section, Problem& p) {
  const Snapshot s = open_snapshot(section, p);
  const std::string& what = s.what;
  using V = Formula::Var;

  if (has_distribution(s)) {
    p.initial.macroscopic = false;
    p.initial.f = distribution(s, "f");
    return;
  }
  if (!s.r.fields.count("rho")) section.fail("from_result", what + " has neither f nor rho");
  const Profile rho{s.r.x, s.row(section, "rho")};
  if (p.equation == Equation::BGK) {
    if (!s.r.fields.count("momentum") || !s.r.fields.count("energy"))
      section.fail("from_result", what + " lacks momentum/energy for BGK initial data");
    const Profile m{s.r.x, s.row(section, "momentum")}, E{s.r.x, s.row(section, "energy")};
    p.initial.macroscopic = true;
    p.initial.macro.rho = profile(rho, "rho from " + what);
    p.initial.macro.u = Formula::from_function(
        [rho, m](double, double x, double, double) { return m(x) / rho(x); }, "u from " + what, V::X);
    // E = rho u^2/2 + rho T/2 (one velocity dimension).
    p.initial.macro.T = Formula::from_function(
        [rho, m, E](double, double x, double, double) {
          const double r0 = rho(x), u = m(x) / r0;
          return (2 * E(x) - r0 * u * u) / r0;
        },
        "T from " + what, V::X);
    return;
  }
  const double eps = p.eps;
  const Formula sigma = p.sigma_s;
  p.initial.macroscopic = false;
  p.initial.f = Formula::from_function(
      [rho, eps, sigma](double, double x, double v, double) {
        return rho(x) - eps / sigma(0, x, 0) * v * rho.derivative(x);
      },
      "rho - (eps/sigma_s) v rho_x from " + what, V::X | V::V);
}

void load_grte_initial_from_result(const ConfigNode& section, Problem& p) {
  const Snapshot s = open_snapshot(section, p);
  GrayRadiation& r = p.radiation;
  r.initial_T = profile(Profile{s.r.x, s.row(section, "T")}, "T from " + s.what);
  r.initial_I_given = true;
  if (has_distribution(s)) {
    r.initial_I = distribution(s, "I");
    return;
  }
  // Without the intensity: the isotropic I = rho (rho = <I>, the average over mu), exact at equilibrium and the
  // leading order of I = rho + O(eps) otherwise.
  const Profile rho{s.r.x, s.row(section, "rho")};
  r.initial_I = Formula::from_function([rho](double, double x, double, double) { return rho(x); },
                                       "isotropic I = rho from " + s.what, Formula::Var::X | Formula::Var::V);
}

}  // namespace kinetic
