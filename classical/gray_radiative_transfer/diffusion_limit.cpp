#include "classical/gray_radiative_transfer/diffusion_limit.hpp"

#include <Eigen/SparseCore>
#include <Eigen/SparseLU>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "classical/gray_radiative_transfer/probe_series.hpp"
#include "classical/method_registry.hpp"
#include "core/error.hpp"

namespace kinetic::classical::grte {

namespace {
using Kind = RadiationSide::Kind;
constexpr int kMaxNewton = 50;
constexpr double kNewtonTolerance = 1e-12;  // max |dT|/T
// The default step is this multiple of the explicit diffusion bound: implicit Euler is stable for any step,
// and its O(dt) error at 10x the AP scheme's step stays below the spatial error of the Marshak fronts.
constexpr double kStepFactor = 10.0;
}  // namespace

DiffusionOptions parse_diffusion_limit(const Problem& problem, const ConfigNode& section) {
  section.allow_only({"method", "nx", "cfl", "dt"});
  DiffusionOptions o;
  const long nx = section.get_int("nx", o.nx);
  if (nx < 4) section.fail("nx", fmt::format("must be >= 4 (got {})", nx));
  check_grid_size(section, problem, nx, 1, 16);
  o.nx = static_cast<int>(nx);
  o.cfl = section.get_double("cfl", o.cfl);
  if (!(o.cfl > 0.0)) section.fail("cfl", fmt::format("must be > 0 (got {})", o.cfl));
  if (section.has("dt")) o.dt = configured_step(section, 1.0);
  for (const auto* side : {&problem.radiation.left, &problem.radiation.right})
    if (side->kind == Kind::Vacuum)
      section.fail("method", "diffusion_limit (gray_radiative_transfer): a vacuum wall (problem.boundary) has no "
                             "equilibrium-diffusion condition here; use micro_macro");
  if (!problem.radiation.source.is_constant() || problem.radiation.source(0, 0, 0) != 0.0)
    section.fail("method", "diffusion_limit (gray_radiative_transfer) needs problem.source 0");
  return o;
}

EquilibriumDiffusion::EquilibriumDiffusion(const Problem& problem, const DiffusionOptions& options)
    : p_(problem), o_(options), material_(p_), grid_(p_, options.nx), nodes_(grid_.nodes()) {
  x_ = grid_.node_coordinates();
  T_.resize(nodes_);
  for (int i = 0; i < nodes_; ++i) T_[i] = p_.radiation.initial_T(0, x_[i], 0);
}

double EquilibriumDiffusion::step_size(double t) const {
  if (o_.dt > 0.0) return o_.dt;
  std::vector<double> sigma(nodes_);
  for (int i = 0; i < nodes_; ++i) sigma[i] = material_.opacity(T_[i], x_[i]);
  const double sigma_min = material_.min_opacity(sigma, t, x_.front(), x_.back());
  return kStepFactor * o_.cfl * sigma_min * grid_.dx * grid_.dx / (2.0 / 3.0) / material_.c();
}

double EquilibriumDiffusion::weight(int i) const {
  const bool wall = !grid_.periodic && (i == 0 || i == nodes_ - 1);
  return wall ? 0.5 * grid_.dx : grid_.dx;
}

int EquilibriumDiffusion::step(double t, double dt) {
  const double a = material_.a(), dx = grid_.dx;
  const int n = nodes_, faces = grid_.periodic ? n : n - 1;
  // D at the faces between node f and node f + 1 (periodic: face n - 1 joins node n - 1 and node 0).
  std::vector<double> D(faces), E_old(n);
  for (int f = 0; f < faces; ++f) {
    const int r = (f + 1) % n;
    D[f] = material_.c() / (3.0 * material_.opacity(0.5 * (T_[f] + T_[r]), grid_.centre(f)));
  }
  for (int i = 0; i < n; ++i) E_old[i] = a * std::pow(T_[i], 4) + material_.energy(T_[i], x_[i]);
  // Dirichlet nodes: inflow walls.
  std::vector<char> fixed(n, 0);
  if (!grid_.periodic) {
    if (p_.radiation.left.kind == Kind::Inflow) fixed[0] = 1, T_[0] = p_.radiation.left.temperature(t + dt, 0, 0);
    if (p_.radiation.right.kind == Kind::Inflow) fixed[n - 1] = 1, T_[n - 1] = p_.radiation.right.temperature(t + dt, 0, 0);
  }
  std::vector<double> T = T_;
  Eigen::SparseLU<Eigen::SparseMatrix<double>> lu;
  for (int it = 1; it <= kMaxNewton; ++it) {
    std::vector<Eigen::Triplet<double>> entries;
    Eigen::VectorXd residual(n);
    auto phi = [&](int i) { return a * std::pow(T[i], 4); };
    auto dphi = [&](int i) { return 4.0 * a * std::pow(T[i], 3); };
    for (int i = 0; i < n; ++i) {
      if (fixed[i]) {
        residual[i] = 0.0;
        entries.emplace_back(i, i, 1.0);
        continue;
      }
      const double w = weight(i) / dt;
      double r = w * (a * std::pow(T[i], 4) + material_.energy(T[i], x_[i]) - E_old[i]);
      double diag = w * (dphi(i) + material_.heat_capacity(T[i], x_[i]));
      // The faces of node i: the right one (f = i) and the left one (f = i - 1), when they exist.
      const bool has_left = grid_.periodic || i > 0, has_right = grid_.periodic || i < n - 1;
      if (has_right) {
        const int j = (i + 1) % n;
        const double d = D[i] / dx;
        r -= d * (phi(j) - phi(i));
        diag += d * dphi(i);
        entries.emplace_back(i, j, -d * dphi(j));
      }
      if (has_left) {
        const int j = (i + n - 1) % n;
        const double d = D[(i + faces - 1) % faces] / dx;
        r -= d * (phi(j) - phi(i));
        diag += d * dphi(i);
        entries.emplace_back(i, j, -d * dphi(j));
      }
      residual[i] = r;
      entries.emplace_back(i, i, diag);
    }
    Eigen::SparseMatrix<double> J(n, n);
    J.setFromTriplets(entries.begin(), entries.end());
    lu.compute(J);
    if (lu.info() != Eigen::Success) throw RunError("grte diffusion_limit: the Newton matrix is singular");
    const Eigen::VectorXd delta = lu.solve(-residual);
    double change = 0.0;
    for (int i = 0; i < n; ++i) {
      const double next = std::max(T[i] + delta[i], 0.5 * T[i]);  // a Newton step never halves T or worse
      change = std::max(change, std::abs(next - T[i]) / T[i]);
      T[i] = next;
    }
    if (change <= kNewtonTolerance) {
      T_ = T;
      return it;
    }
  }
  throw RunError(fmt::format("grte diffusion_limit: Newton did not converge at t = {} (dt = {})", t, dt));
}

double EquilibriumDiffusion::total_energy() const {
  double sum = 0.0;
  for (int i = 0; i < nodes_; ++i)
    sum += weight(i) * (material_.a() * std::pow(T_[i], 4) + material_.energy(T_[i], x_[i]));
  return sum;
}

void solve_diffusion_limit(const Problem& problem, const ConfigNode& section, ResultWriter& writer) {
  const DiffusionOptions o = parse_diffusion_limit(problem, section);
  const auto start = std::chrono::steady_clock::now();
  EquilibriumDiffusion solver(problem, o);
  auto& data = writer.data();
  data.method = "diffusion_limit";
  data.x = solver.x();
  data.number_attributes["nx"] = o.nx;
  const double ac2 = 0.5 * problem.radiation.a * problem.radiation.c;
  long newton = 0;
  ProbeSeries probes(problem, data.x);
  probes.record(0.0, solver.temperature());
  const long steps = march_to_output_times(
      problem, [&](double t) { return solver.step_size(t); }, "grte diffusion_limit",
      [&](double t, double dt) {
        newton += solver.step(t, dt);
        if (probes.due(t + dt)) probes.record(t + dt, solver.temperature());
      },
      [&](double t) {
        const auto& T = solver.temperature();
        probes.record(t, T);
        probes.write(data);  // the series so far goes into every snapshot's file
        std::vector<double> rho(T.size());
        for (std::size_t i = 0; i < T.size(); ++i) rho[i] = ac2 * std::pow(T[i], 4);
        writer.snapshot(t, {{"rho", rho}, {"T", T}, {"T_r", T}});
      });
  data.number_attributes["newton_iterations"] = static_cast<double>(newton);
  finish_run(writer, steps, start);
}

namespace {
const bool registered = register_classical_method(
    {Equation::GrayRadiativeTransfer, "diffusion_limit",
     "equilibrium diffusion (a T^4 + e)_t = ((c/(3 sigma)) (a T^4)_x)_x, implicit Euler with Newton: the eps -> 0 "
     "reference",
     [](const Problem& p, const ConfigNode& s) { parse_diffusion_limit(p, s); }, solve_diffusion_limit});
}  // namespace

}  // namespace kinetic::classical::grte
