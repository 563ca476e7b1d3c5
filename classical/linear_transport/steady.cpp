#include "classical/linear_transport/steady.hpp"

#include "classical/method_registry.hpp"

#include <fmt/format.h>

#include <Eigen/Sparse>
#include <Eigen/SparseLU>
#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/error.hpp"
#include "core/quadrature.hpp"

namespace kinetic::classical {

std::vector<double> SteadyTransportSolution::trapezoid_weights() const {
  std::vector<double> w(x.size(), 0.0);
  for (std::size_t i = 0; i + 1 < x.size(); ++i) {
    const double h = x[i + 1] - x[i];
    w[i] += h / 2;
    w[i + 1] += h / 2;
  }
  return w;
}

std::vector<double> layer_graded_grid(double x_left, double x_right, int nx, double h0, double ratio) {
  const double length = x_right - x_left, h = length / nx;
  std::vector<double> widths;  // geometric cells h0, h0 r, ... below the uniform width, at each end
  for (double w = h0; w < h && h0 > 0; w *= ratio) widths.push_back(w);
  double layer = 0;
  for (double w : widths) layer += w;
  std::vector<double> x{x_left};
  if (widths.empty() || 2 * layer > length / 2) {  // nothing to grade (or a grid too coarse to do it)
    for (int i = 1; i <= nx; ++i) x.push_back(x_left + length * i / nx);
  } else {
    const double middle = length - 2 * layer;
    const int n_middle = std::max(1, static_cast<int>(std::lround(middle / h)));
    for (double w : widths) x.push_back(x.back() + w);
    const double x_mid = x.back();
    for (int i = 1; i <= n_middle; ++i) x.push_back(x_mid + middle * i / n_middle);
    for (auto w = widths.rbegin(); w != widths.rend(); ++w) x.push_back(x.back() + *w);
  }
  x.back() = x_right;
  return x;
}

SteadyTransportOptions parse_steady_options(const ConfigNode& section) {
  section.allow_only({"method", "nx", "nv", "grading"});
  SteadyTransportOptions o;
  o.nx = static_cast<int>(section.get_int("nx", o.nx));
  if (o.nx < 2) section.fail("nx", fmt::format("must be >= 2 (got {})", o.nx));
  o.nv = static_cast<int>(section.get_int("nv", o.nv));
  if (o.nv < 2 || o.nv % 2 != 0) section.fail("nv", fmt::format("must be even and >= 2 (got {})", o.nv));
  o.grading = section.get_choice("grading", {"auto", "none"}, "auto") == "auto";
  return o;
}

namespace {

void check_steady_problem(const Problem& p) {
  auto bad = [](const std::string& what) { throw InputError("classical method steady: " + what); };
  if (p.equation != Equation::LinearTransport)
    bad("needs equation linear_transport (got " + to_string(p.equation) + ")");
  if (p.dim != 1) bad("only 1-D slabs are supported");
  if (p.boundary.kind != BoundaryKind::Inflow)
    bad("needs inflow boundaries (got " + to_string(p.boundary.kind) + "): a steady periodic problem is singular");
  if (std::abs(p.velocity.vmin + p.velocity.vmax) > 1e-14 * p.velocity.vmax)
    bad("needs a symmetric velocity range [-a, a] (parity form)");
  const Formula* data[] = {&p.source, &p.boundary.f_left, &p.boundary.f_right};
  for (const Formula* f : data)
    if (f->used_vars() & Formula::T)
      bad("steady problems need time-independent data (formula '" + f->text() + "' uses t)");
}

double s_total(const Problem& p, double x) {
  return p.sigma_s(p.t_end, x, 0) + p.eps * p.eps * p.sigma_a(p.t_end, x, 0);
}

}  // namespace

SteadyTransportSolution solve_steady_transport(const Problem& p, const SteadyTransportOptions& o) {
  check_steady_problem(p);
  const double eps = p.eps, eps2 = eps * eps;
  const Quadrature quad = velocity_quadrature(p.velocity, o.nv);
  const int nv = quad.size(), K = nv / 2;
  std::vector<double> vk(K), wk(K);  // positive ordinates, ascending, and their weights
  for (int k = 0; k < K; ++k) {
    vk[k] = quad.nodes[K + k];
    wk[k] = quad.weights[K + k];
  }

  SteadyTransportSolution sol;
  const double t = p.t_end;  // data are time-independent (checked); any t gives the same values
  // Kinetic layers decay like exp(-s x/(eps v)): length l = eps v_min / s at the ends. Geometric cells from
  // h0 = 20 l/nx up to the uniform width, ratio 1 + 100/nx: both shrink as nx grows (second order), and every
  // layer is resolved whatever eps, so the reference has the exact discrete Milne boundary values.
  const double sb = std::max(s_total(p, p.x_left), s_total(p, p.x_right));
  const double h0 = o.grading && sb > 0 ? eps * vk[0] / sb * 20.0 / o.nx : 0.0;
  sol.x = layer_graded_grid(p.x_left, p.x_right, o.nx, h0, std::clamp(1.0 + 100.0 / o.nx, 1.01, 1.2));
  sol.layer_cells = static_cast<int>(sol.x.size()) - 1 - o.nx;
  const int n = static_cast<int>(sol.x.size()) - 1;
  const int unknowns = (n + 1) * (K + 1);
  const auto& x = sol.x;
  auto id = [K](int i, int c) { return i * (K + 1) + c; };  // c = 0: rho, c = 1 + k: r_k

  std::vector<Eigen::Triplet<double>> trip;
  trip.reserve(static_cast<std::size_t>(unknowns) * 6);
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(unknowns);
  // Boundary macro rows carry a 1/eps boundary flux: scaled by min(eps, 1) all their entries stay bounded.
  const double bscale = std::min(eps, 1.0);
  auto macro_scale = [&](int i) { return (i == 0 || i == n) ? bscale : 1.0; };

  // Face fluxes j_k = jc - a (r_{i+1} - r_i), a = v_k/(s h), jc = eps G_odd/s: added to row i with +, to i+1 with -.
  std::vector<double> jface_c(static_cast<std::size_t>(n) * K), jface_a(static_cast<std::size_t>(n) * K);
  for (int i = 0; i < n; ++i) {
    const double h = x[i + 1] - x[i], xm = (x[i] + x[i + 1]) / 2;
    const double s = p.sigma_s(t, xm, 0) + eps2 * p.sigma_a(t, xm, 0);
    if (!(s > 0))
      throw InputError(
          fmt::format("classical method steady: sigma_s + eps^2 sigma_a must be > 0 (got {} at x = {})", s, xm));
    for (int k = 0; k < K; ++k) {
      const double godd = (p.source(t, xm, vk[k]) - p.source(t, xm, -vk[k])) / 2;
      const double a = vk[k] / (s * h), jc = eps * godd / s;
      jface_a[i * K + k] = a;
      jface_c[i * K + k] = jc;
      for (int side = 0; side < 2; ++side) {  // side 0: row i (+ j), side 1: row i+1 (- j)
        const int row_node = i + side;
        const double sg = side == 0 ? 1.0 : -1.0;
        // even row:  eps^2 v_k (+-) j
        const double ce = sg * eps2 * vk[k];
        trip.emplace_back(id(row_node, 1 + k), id(i + 1, 1 + k), -ce * a);
        trip.emplace_back(id(row_node, 1 + k), id(i, 1 + k), ce * a);
        rhs[id(row_node, 1 + k)] -= ce * jc;
        // macro row: 2 w_k v_k (+-) j
        const double cm = sg * 2 * wk[k] * vk[k] * macro_scale(row_node);
        trip.emplace_back(id(row_node, 0), id(i + 1, 1 + k), -cm * a);
        trip.emplace_back(id(row_node, 0), id(i, 1 + k), cm * a);
        rhs[id(row_node, 0)] -= cm * jc;
      }
    }
  }

  for (int i = 0; i <= n; ++i) {
    const double V = (i == 0 ? 0.0 : (x[i] - x[i - 1]) / 2) + (i == n ? 0.0 : (x[i + 1] - x[i]) / 2);
    const double sig = p.sigma_s(t, x[i], 0), siga = p.sigma_a(t, x[i], 0);
    double mean_g = 0;
    for (int k = 0; k < K; ++k) {
      const double geven = (p.source(t, x[i], vk[k]) + p.source(t, x[i], -vk[k])) / 2;
      mean_g += 2 * wk[k] * geven;
      // even row: ... - V [sigma (rho - r_k) - eps^2 sigma_a r_k + eps^2 G_even] = 0
      trip.emplace_back(id(i, 1 + k), id(i, 0), -V * sig);
      trip.emplace_back(id(i, 1 + k), id(i, 1 + k), V * (sig + eps2 * siga));
      rhs[id(i, 1 + k)] += V * eps2 * geven;
    }
    // macro row: ... + V sigma_a rho - V <G> = 0
    trip.emplace_back(id(i, 0), id(i, 0), macro_scale(i) * V * siga);
    rhs[id(i, 0)] += macro_scale(i) * V * mean_g;
  }

  // Inflow: j_k(xL) = (f_L(v_k) - r_k)/eps enters row 0 with -, j_k(xR) = (r_k - f_R(-v_k))/eps row n with +.
  for (int k = 0; k < K; ++k) {
    const double fl = p.boundary.f_left(t, p.x_left, vk[k]), fr = p.boundary.f_right(t, p.x_right, -vk[k]);
    trip.emplace_back(id(0, 1 + k), id(0, 1 + k), eps * vk[k]);  // -eps^2 v (fL - r)/eps
    rhs[id(0, 1 + k)] += eps * vk[k] * fl;
    trip.emplace_back(id(n, 1 + k), id(n, 1 + k), eps * vk[k]);  // +eps^2 v (r - fR)/eps
    rhs[id(n, 1 + k)] += eps * vk[k] * fr;
    const double cm = 2 * wk[k] * vk[k] * bscale / eps;
    trip.emplace_back(id(0, 0), id(0, 1 + k), cm);
    rhs[id(0, 0)] += cm * fl;
    trip.emplace_back(id(n, 0), id(n, 1 + k), cm);
    rhs[id(n, 0)] += cm * fr;
  }

  Eigen::SparseMatrix<double> A(unknowns, unknowns);
  A.setFromTriplets(trip.begin(), trip.end());
  A.makeCompressed();
  Eigen::SparseLU<Eigen::SparseMatrix<double>, Eigen::COLAMDOrdering<int>> lu;
  lu.compute(A);
  if (lu.info() != Eigen::Success)
    throw RunError("classical method steady: sparse LU failed: " + lu.lastErrorMessage());
  Eigen::VectorXd u = lu.solve(rhs);
  u += lu.solve(rhs - A * u);  // one step of iterative refinement: the residual back to round-off
  if (!u.allFinite()) throw RunError("classical method steady: the solution is not finite");

  // Reconstruct f(+-v_k) = r_k +- eps j_k at the nodes (j: boundary data at the ends, interpolated inside).
  sol.v = quad.nodes;
  sol.w = quad.weights;
  sol.rho.resize(n + 1);
  sol.f.assign(static_cast<std::size_t>(n + 1) * nv, 0.0);
  auto jface = [&](int i, int k) {
    return jface_c[i * K + k] - jface_a[i * K + k] * (u[id(i + 1, 1 + k)] - u[id(i, 1 + k)]);
  };
  for (int i = 0; i <= n; ++i) {
    // rho = sum 2 w_k r_k rather than the rho unknown: where sigma_s dx is tiny the rho unknown is tied to the
    // r_k only through the weak collision term and carries the round-off of the O(1/dx) flux terms.
    sol.rho[i] = 0;
    for (int k = 0; k < K; ++k) {
      const double r = u[id(i, 1 + k)];
      sol.rho[i] += 2 * wk[k] * r;
      double j;
      if (i == 0) {
        j = (p.boundary.f_left(t, p.x_left, vk[k]) - r) / eps;
      } else if (i == n) {
        j = (r - p.boundary.f_right(t, p.x_right, -vk[k])) / eps;
      } else {
        const double hl = x[i] - x[i - 1], hr = x[i + 1] - x[i];
        j = (hr * jface(i - 1, k) + hl * jface(i, k)) / (hl + hr);
      }
      sol.f[static_cast<std::size_t>(i) * nv + K + k] = r + eps * j;
      sol.f[static_cast<std::size_t>(i) * nv + K - 1 - k] = r - eps * j;
    }
  }
  return sol;
}

void solve_steady(const Problem& problem, const ConfigNode& section, ResultWriter& writer) {
  const SteadyTransportOptions options = parse_steady_options(section);
  const auto start = std::chrono::steady_clock::now();
  const SteadyTransportSolution sol = solve_steady_transport(problem, options);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ResultData& d = writer.data();
  d.method = "steady";
  d.number_attributes["nx"] = options.nx;
  d.number_attributes["nv"] = options.nv;
  d.number_attributes["layer_cells"] = sol.layer_cells;
  d.number_attributes["wall_time_s"] = wall;
  d.x = sol.x;
  d.v = sol.v;
  // A steady solution: the same snapshot at every output time (time plays no role).
  for (double time : problem.output_times) writer.snapshot(time, {{"rho", sol.rho}}, sol.f);
}

namespace {
const bool registered = register_classical_method(
    {Equation::LinearTransport, "steady",
     "steady slab transport: even-odd parity finite volumes on a graded grid, one sparse LU solve",
     [](const Problem& problem, const ConfigNode& section) {
       parse_steady_options(section);
       check_steady_problem(problem);
     },
     solve_steady});
}  // namespace

}  // namespace kinetic::classical
