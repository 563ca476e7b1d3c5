#include "classical/vpfp/high_field_limit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "classical/method_registry.hpp"
#include "classical/slab_setup.hpp"
#include "classical/views.hpp"
#include "core/error.hpp"
#include "core/quadrature.hpp"

namespace kinetic::classical::vpfp {

HighFieldOptions parse_high_field_limit(const Problem& problem, const ConfigNode& section) {
  section.allow_only({"method", "nx", "cfl", "dt"});
  if (problem.equation != Equation::VPFP) section.fail("method", "high_field_limit solves the vpfp equation only");
  if (problem.plasma.eps_varies)
    section.fail("method", "high_field_limit is the eps -> 0 limit everywhere: a problem with eps_profile has no "
                           "such limit (use ap_implicit_fp)");
  if (!problem.plasma.fokker_planck)
    section.fail("method", "high_field_limit is the limit of the Fokker-Planck system (problem.fokker_planck: false)");
  HighFieldOptions o;
  const long nx = section.get_int("nx", o.nx);
  if (nx < 8) section.fail("nx", fmt::format("must be >= 8 (got {})", nx));
  o.nx = static_cast<int>(nx);
  o.cfl = section.get_double("cfl", o.cfl);
  if (!(o.cfl > 0.0 && o.cfl <= 1.0)) section.fail("cfl", fmt::format("must be in (0, 1] (got {})", o.cfl));
  if (section.has("dt")) o.dt = configured_step(section, 1.0);
  return o;
}

HighFieldLimit::HighFieldLimit(const Problem& problem, const HighFieldOptions& options)
    : o_(options), nx_(options.nx), dx_(problem.length() / options.nx), poisson_(options.nx, problem.length()) {
  // The initial density int f0 dv, by a 200-point Gauss-Legendre rule on the velocity interval.
  const Quadrature q = gauss_legendre(200, problem.velocity.vmin, problem.velocity.vmax);
  x_.resize(nx_), h_.resize(nx_), rho_.assign(nx_, 0.0);
  for (int i = 0; i < nx_; ++i) {
    x_[i] = problem.x_left + (i + 0.5) * dx_;
    h_[i] = problem.plasma.background(0, x_[i], 0);
    for (int k = 0; k < q.size(); ++k) rho_[i] += q.weights[k] * problem.initial.f(0, x_[i], q.nodes[k]);
  }
  E_ = field_of(rho_);
}

std::vector<double> HighFieldLimit::field_of(const std::vector<double>& rho) {
  std::vector<double> q(nx_);
  for (int i = 0; i < nx_; ++i) q[i] = rho[i] - h_[i];
  return poisson_.field(q);
}

std::vector<double> HighFieldLimit::rate(const std::vector<double>& rho, const std::vector<double>& E) const {
  const int n = nx_;
  std::vector<double> slope(n), flux(n);  // flux[i]: through the face i + 1/2
  for (int i = 0; i < n; ++i)
    slope[i] = van_leer(rho[i] - rho[(i + n - 1) % n], rho[(i + 1) % n] - rho[i]);
  for (int i = 0; i < n; ++i) {
    const int ip = (i + 1) % n;
    const double u = 0.5 * (E[i] + E[ip]);
    flux[i] = u * (u > 0.0 ? rho[i] + 0.5 * slope[i] : rho[ip] - 0.5 * slope[ip]);
  }
  std::vector<double> out(n);
  for (int i = 0; i < n; ++i) out[i] = -(flux[i] - flux[(i + n - 1) % n]) / dx_;
  return out;
}

double HighFieldLimit::step_size() const {
  if (o_.dt > 0.0) return o_.dt;
  double emax = 1.0;
  for (double e : E_) emax = std::max(emax, std::abs(e));
  return o_.cfl * dx_ / emax;
}

void HighFieldLimit::step(double dt) {
  const auto k1 = rate(rho_, E_);
  std::vector<double> stage(nx_);
  for (int i = 0; i < nx_; ++i) stage[i] = rho_[i] + dt * k1[i];
  const auto k2 = rate(stage, field_of(stage));
  for (int i = 0; i < nx_; ++i) rho_[i] = 0.5 * (rho_[i] + stage[i] + dt * k2[i]);
  E_ = field_of(rho_);
}

double HighFieldLimit::mass() const {
  double m = 0.0;
  for (double r : rho_) m += r;
  return m * dx_;
}

double HighFieldLimit::electric_energy() const { return vpfp::electric_energy(E_, dx_); }

void solve_high_field_limit(const Problem& problem, const ConfigNode& section, ResultWriter& writer) {
  const HighFieldOptions o = parse_high_field_limit(problem, section);
  const auto start = std::chrono::steady_clock::now();
  HighFieldLimit solver(problem, o);
  auto& data = writer.data();
  data.method = "high_field_limit";
  data.x = solver.x();
  data.number_attributes["nx"] = o.nx;
  data.number_attributes["cfl"] = o.cfl;
  data.number_attributes["mass_initial"] = solver.mass();
  auto& series_t = data.series["series_t"];
  auto& energy = data.series["electric_energy"];
  series_t = {0.0}, energy = {solver.electric_energy()};
  const long steps = march_to_output_times(
      problem, [&](double) { return solver.step_size(); }, "vpfp high_field_limit",
      [&](double t, double dt) {
        solver.step(dt);
        series_t.push_back(t + dt), energy.push_back(solver.electric_energy());
      },
      [&](double t) {
        for (double r : solver.density())
          if (!std::isfinite(r)) throw RunError(fmt::format("vpfp high_field_limit: density not finite at t = {}", t));
        data.number_attributes["mass_final"] = solver.mass();
        writer.snapshot(t, {{"rho", solver.density()}, {"E", solver.field()}});
      });
  finish_run(writer, steps, start);
}

namespace {
const bool registered = register_classical_method(
    {Equation::VPFP, "high_field_limit",
     "drift-Poisson limit rho_t + (rho E)_x = 0, E_x = rho - h: limited upwind finite volumes, FFT Poisson, Heun",
     [](const Problem& p, const ConfigNode& s) { parse_high_field_limit(p, s); }, solve_high_field_limit});
}  // namespace

}  // namespace kinetic::classical::vpfp
