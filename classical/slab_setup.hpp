#pragma once
// Shared set-up of the 1-D slab linear-transport solvers: the node/cell grid, the discrete ordinates,
// tabulation of the problem's formulas on host arrays (kernels never evaluate formulas), and the loop that
// marches a solver to each output time, shortening the last step so every snapshot lands exactly on time.
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/problem.hpp"
#include "core/quadrature.hpp"
#include "core/result_file.hpp"

namespace kinetic::classical {

// Uniform grid on [x_left, x_right] with `cells` cells. Nodes x_i = x_left + i dx carry densities; cell
// centres x_{i+1/2} carry micro quantities. Periodic grids drop the node x_right (it equals x_left).
struct SlabGrid {
  int cells = 0;
  bool periodic = false;
  double x_left = 0.0, dx = 0.0;

  SlabGrid(const Problem& problem, int cells);
  int nodes() const { return periodic ? cells : cells + 1; }
  double node(int i) const { return x_left + i * dx; }
  double centre(int c) const { return x_left + (c + 0.5) * dx; }
  std::vector<double> node_coordinates() const;
  std::vector<double> centre_coordinates() const;
};

// Discrete ordinates with measure-scaled weights (sum_k w_k h(v_k) = <h>), plus the numbers the time-step
// rules need: vmax = max |v_k| and v2 = <v^2> (1/3 on [-1,1] with the average measure).
struct Ordinates {
  std::vector<double> v, w;
  double vmax = 0.0, v2 = 0.0;
  int size() const { return static_cast<int>(v.size()); }
};
// `double_gauss`: n/2 Gauss-Legendre nodes on each half range instead of n on the whole range. Slab problems
// with boundaries have f jumping in v at v = 0 at the walls; a half-range rule integrates both sides
// exactly, so velocity averages converge fast in n there (the whole-range rule converges only algebraically).
Ordinates make_ordinates(const Problem& problem, int n, bool double_gauss = false);

// Formula tabulations. `xs` are points in space; the result of tabulate_xv is row-major (point, ordinate).
std::vector<double> tabulate_x(const Formula& formula, const std::vector<double>& xs, double t = 0.0);
std::vector<double> tabulate_xv(const Formula& formula, double t, const std::vector<double>& xs,
                                const std::vector<double>& vs);
// Initial density <f0>(x) at the points (from f0(x,v) with the given ordinates).
std::vector<double> initial_density(const Problem& problem, const Ordinates& ord, const std::vector<double>& xs);

// True if the formula is the constant 0 (so a solver can skip it).
bool is_zero(const Formula& formula);
// True if the formula does not depend on t (tabulate once).
bool is_time_independent(const Formula& formula);

// Rejects problems a linear-transport slab solver cannot run (wrong equation, 2-D, boundary kinds other
// than periodic/inflow, even ordinate count) with an InputError naming the method.
void check_linear_transport(const Problem& problem, const ConfigNode& section, const std::string& method, int nv);
// Refuses grids whose arrays cannot fit in this machine's memory: `arrays` doubles of nx x nv each (the
// estimate is said in bytes, naming nx).
void check_grid_size(const ConfigNode& section, const Problem& problem, long nx, long nv, int arrays = 8);
// The section's `dt` if given (InputError naming it unless > 0), else the method's own step.
double configured_step(const ConfigNode& section, double own_step);
// The AP schemes' `milne_inflow` option assumes boundary layers far below the grid (eps/sigma_s << dx):
// a warning on stderr when that does not hold, or when the problem has no inflow boundary.
void warn_milne_inflow(const Problem& problem, const SlabGrid& grid, bool milne_inflow, const std::string& method);

// The result attributes every discrete-ordinate AP scheme writes (method, transport, nx, nv, dt, milne_inflow),
// the node coordinates, and the ordinates when f is saved; warns about milne_inflow as above.
struct SlabRun {
  std::string method, transport;
  long nx = 0, nv = 0;
  double dt = 0.0;
  bool save_f = false, milne_inflow = false;
};
void record_slab_run(ResultData& data, const SlabRun& run, const Problem& problem, const SlabGrid& grid,
                     const Ordinates& ord);

// The attributes a classical run ends with (its time steps, its wall time since `start`), then the result
// file is written.
void finish_run(ResultWriter& writer, long steps, std::chrono::steady_clock::time_point start);

// Marches from t = 0 through every output time of the problem: calls step(t, dt) with dt <= dt_max (the
// last step before an output time is shortened to land on it) and snapshot(t) at each output time.
// Reports progress under `label`. Returns the number of steps taken.
long march_to_output_times(const Problem& problem, double dt_max, const std::string& label,
                           const std::function<void(double t, double dt)>& step,
                           const std::function<void(double t)>& snapshot);
// The same with a step that may change with time (dt_at(t): the largest step from t, e.g. from the current
// opacities).
long march_to_output_times(const Problem& problem, const std::function<double(double t)>& dt_at,
                           const std::string& label, const std::function<void(double t, double dt)>& step,
                           const std::function<void(double t)>& snapshot);

}  // namespace kinetic::classical
