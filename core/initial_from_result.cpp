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

// Row `name` of `r` at output index `it`, as an interpolant in x (clamped to the grid ends).
struct Profile {
  std::vector<double> x, y;
  double operator()(double at) const {
    at = std::clamp(at, x.front(), x.back());
    return interpolate(x, y, {at})[0];
  }
  double derivative(double at) const {
    const double h = 1e-5 * (x.back() - x.front());
    const double a = std::max(at - h, x.front()), b = std::min(at + h, x.back());
    return ((*this)(b) - (*this)(a)) / (b - a);
  }
};

}  // namespace

void load_initial_from_result(const ConfigNode& section, Problem& p) {
  const std::string path = section.get_string("from_result");
  ResultData r;
  try {
    r = read_result(path);
  } catch (const InputError& e) {
    section.fail("from_result", e.what());
  }
  if (r.nt() == 0) section.fail("from_result", path + " holds no snapshot");
  std::ptrdiff_t it = static_cast<std::ptrdiff_t>(r.nt()) - 1;
  if (section.has("time")) {
    it = r.time_index(section.get_double("time"));
    if (it < 0) section.fail("time", fmt::format("{} has no output time {}", path, section.get_double("time")));
  }
  if (r.nx() < 2) section.fail("from_result", path + " has fewer than 2 space points");
  const double tol = 1e-9 * (p.x_right - p.x_left);
  if (r.x.front() > p.x_left + tol + (r.x[1] - r.x[0]) || r.x.back() < p.x_right - tol - (r.x[1] - r.x[0]))
    section.fail("from_result", fmt::format("{} covers [{}, {}], not the problem's space interval", path,
                                            r.x.front(), r.x.back()));
  using V = Formula::Var;
  const std::string what = fmt::format("{} at t = {}", path, r.t[it]);

  if (!r.f.empty() && !r.v.empty()) {
    // Per velocity node, an interpolant in x; linear in v between nodes (constant outside).
    auto table = std::make_shared<std::vector<Profile>>();
    const std::size_t nv = r.v.size();
    for (std::size_t k = 0; k < nv; ++k) {
      Profile pr{r.x, std::vector<double>(r.nx())};
      for (std::size_t i = 0; i < r.nx(); ++i) pr.y[i] = r.f[(it * r.nx() + i) * nv + k];
      table->push_back(std::move(pr));
    }
    auto v = std::make_shared<std::vector<double>>(r.v);
    p.initial.macroscopic = false;
    p.initial.f = Formula::from_function(
        [table, v](double, double x, double vel, double) {
          const auto& vs = *v;
          if (vel <= vs.front()) return table->front()(x);
          if (vel >= vs.back()) return table->back()(x);
          const std::size_t k = std::upper_bound(vs.begin(), vs.end(), vel) - vs.begin();
          const double w = (vel - vs[k - 1]) / (vs[k] - vs[k - 1]);
          return (1 - w) * (*table)[k - 1](x) + w * (*table)[k](x);
        },
        "f from " + what, V::X | V::V);
    return;
  }
  if (!r.fields.count("rho")) section.fail("from_result", path + " has neither f nor rho");
  const Profile rho{r.x, r.field_at("rho", it)};
  if (p.equation == Equation::BGK) {
    if (!r.fields.count("momentum") || !r.fields.count("energy"))
      section.fail("from_result", path + " lacks momentum/energy for BGK initial data");
    const Profile m{r.x, r.field_at("momentum", it)}, E{r.x, r.field_at("energy", it)};
    p.initial.macroscopic = true;
    p.initial.macro.rho = Formula::from_function([rho](double, double x, double, double) { return rho(x); },
                                                 "rho from " + what, V::X);
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

}  // namespace kinetic
