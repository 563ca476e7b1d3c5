#include "classical/slab_setup.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/machine.hpp"
#include "core/progress.hpp"

namespace kinetic::classical {

SlabGrid::SlabGrid(const Problem& problem, int cells_)
    : cells(cells_), periodic(problem.periodic()), x_left(problem.x_left), dx(problem.length() / cells_) {}

std::vector<double> SlabGrid::node_coordinates() const {
  std::vector<double> xs(nodes());
  for (int i = 0; i < nodes(); ++i) xs[i] = node(i);
  return xs;
}

std::vector<double> SlabGrid::centre_coordinates() const {
  std::vector<double> xs(cells);
  for (int c = 0; c < cells; ++c) xs[c] = centre(c);
  return xs;
}

Ordinates make_ordinates(const Problem& problem, int n, bool double_gauss) {
  Ordinates o;
  const VelocityDomain& d = problem.velocity;
  if (double_gauss && d.vmin < 0.0 && d.vmax > 0.0) {
    for (const Quadrature& half : {gauss_legendre(n / 2, d.vmin, 0.0), gauss_legendre(n / 2, 0.0, d.vmax)})
      for (int k = 0; k < half.size(); ++k) {
        o.v.push_back(half.nodes[k]);
        o.w.push_back(half.weights[k] * d.measure_factor());
      }
  } else {
    const Quadrature q = velocity_quadrature(d, n);
    o.v = q.nodes;
    o.w = q.weights;
  }
  for (int k = 0; k < n; ++k) {
    o.vmax = std::max(o.vmax, std::abs(o.v[k]));
    o.v2 += o.w[k] * o.v[k] * o.v[k];
  }
  return o;
}

std::vector<double> tabulate_x(const Formula& formula, const std::vector<double>& xs, double t) {
  std::vector<double> out(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) out[i] = formula(t, xs[i], 0.0);
  return out;
}

std::vector<double> tabulate_xv(const Formula& formula, double t, const std::vector<double>& xs,
                                const std::vector<double>& vs) {
  std::vector<double> out(xs.size() * vs.size());
  for (std::size_t i = 0; i < xs.size(); ++i)
    for (std::size_t k = 0; k < vs.size(); ++k) out[i * vs.size() + k] = formula(t, xs[i], vs[k]);
  return out;
}

std::vector<double> initial_density(const Problem& problem, const Ordinates& ord, const std::vector<double>& xs) {
  if (problem.initial.macroscopic) return tabulate_x(problem.initial.macro.rho, xs);
  std::vector<double> rho(xs.size(), 0.0);
  for (std::size_t i = 0; i < xs.size(); ++i)
    for (int k = 0; k < ord.size(); ++k) rho[i] += ord.w[k] * problem.initial.f(0.0, xs[i], ord.v[k]);
  return rho;
}

bool is_zero(const Formula& formula) { return formula.is_constant() && formula(0.0, 0.0, 0.0) == 0.0; }

bool is_time_independent(const Formula& formula) { return (formula.used_vars() & Formula::T) == 0u; }

void check_linear_transport(const Problem& problem, const ConfigNode& section, const std::string& method, int nv) {
  auto reject = [&](const std::string& why) { throw InputError("classical method " + method + ": " + why); };
  if (problem.equation != Equation::LinearTransport)
    reject("solves linear_transport only (problem.equation is " + to_string(problem.equation) + ")");
  if (problem.dim != 1) reject("solves one space dimension only");
  if (problem.boundary.kind != BoundaryKind::Periodic && problem.boundary.kind != BoundaryKind::Inflow)
    reject("needs boundary type periodic or inflow (got " + to_string(problem.boundary.kind) + ")");
  if (nv % 2 != 0) section.fail("nv", "must be even (no ordinate at v = 0), got " + std::to_string(nv));
}

void finish_run(ResultWriter& writer, long steps, std::chrono::steady_clock::time_point start) {
  auto& attributes = writer.data().number_attributes;
  attributes["steps"] = static_cast<double>(steps);
  attributes["wall_time_s"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  writer.flush();
}

long march_to_output_times(const Problem& problem, double dt_max, const std::string& label,
                           const std::function<void(double, double)>& step,
                           const std::function<void(double)>& snapshot) {
  if (!(dt_max > 0.0) || !std::isfinite(dt_max)) throw RunError(label + ": time step is not positive");
  return march_to_output_times(problem, [dt_max](double) { return dt_max; }, label, step, snapshot);
}

long march_to_output_times(const Problem& problem, const std::function<double(double t)>& dt_at,
                           const std::string& label, const std::function<void(double, double)>& step,
                           const std::function<void(double)>& snapshot) {
  Progress progress(label, problem.t_end);
  double t = 0.0, dt_largest = 0.0;
  long steps = 0;
  for (double t_out : problem.output_times) {
    while (true) {
      const double dt_max = dt_at(t);
      if (!(dt_max > 0.0) || !std::isfinite(dt_max))
        throw RunError(fmt::format("{}: time step {} at t = {} is not positive", label, dt_max, t));
      // Steps shorter than this fraction of dt_max are merged into the previous one (round-off of t).
      const double merge = 1e-9 * dt_max;
      if (t_out - t <= merge) break;
      double dt = std::min(dt_max, t_out - t);
      if (t_out - (t + dt) <= merge) dt = t_out - t;
      step(t, dt);
      t += dt;
      ++steps;
      dt_largest = std::max(dt_largest, dt);
      progress.update(t);
    }
    t = t_out;
    snapshot(t);
  }
  std::ostringstream status;
  status << steps << " steps of dt <= " << dt_largest;
  progress.finish(status.str());
  return steps;
}

}  // namespace kinetic::classical

namespace kinetic::classical {

void check_grid_size(const ConfigNode& section, const Problem&, long nx, long nv, int arrays) {
  const double bytes = 8.0 * arrays * static_cast<double>(nx) * static_cast<double>(nv);
  const double memory = physical_memory_bytes();
  if (memory > 0 && bytes > 0.8 * memory)
    section.fail("nx", fmt::format("a grid of {} x {} needs about {:.3g} GB, more than this machine's {:.3g} GB", nx,
                                   nv, bytes / 1e9, memory / 1e9));
}

double configured_step(const ConfigNode& section, double own_step) {
  if (!section.has("dt")) return own_step;
  const double dt = section.get_double("dt");
  if (!(dt > 0.0)) section.fail("dt", "must be > 0 (got " + std::to_string(dt) + ")");
  return dt;
}

void record_slab_run(ResultData& data, const SlabRun& run, const Problem& problem, const SlabGrid& grid,
                     const Ordinates& ord) {
  data.method = run.method;
  data.text_attributes["transport"] = run.transport;
  data.number_attributes["nx"] = static_cast<double>(run.nx);
  data.number_attributes["nv"] = static_cast<double>(run.nv);
  data.number_attributes["dt"] = run.dt;
  data.number_attributes["milne_inflow"] = run.milne_inflow ? 1.0 : 0.0;
  data.x = grid.node_coordinates();
  if (run.save_f) data.v = ord.v;
  warn_milne_inflow(problem, grid, run.milne_inflow, run.method);
}

void warn_milne_inflow(const Problem& problem, const SlabGrid& grid, bool milne_inflow, const std::string& method) {
  if (!milne_inflow) return;
  if (problem.boundary.kind != BoundaryKind::Inflow) {
    std::fprintf(stderr, "warning: %s: milne_inflow has no effect without inflow boundaries\n", method.c_str());
    return;
  }
  const double mfp = problem.eps / std::min(problem.sigma_s(0, problem.x_left, 0), problem.sigma_s(0, problem.x_right, 0));
  if (mfp > 0.1 * grid.dx)
    std::fprintf(stderr,
                 "warning: %s: milne_inflow replaces the inflow data by its diffusion-limit boundary value, which "
                 "is right only for boundary layers far below the grid; here eps/sigma_s = %g vs dx = %g\n",
                 method.c_str(), mfp, grid.dx);
}

}  // namespace kinetic::classical
