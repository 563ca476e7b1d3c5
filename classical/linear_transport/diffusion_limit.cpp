#include "classical/linear_transport/diffusion_limit.hpp"

#include "classical/method_registry.hpp"

#include <Eigen/Sparse>
#include <Eigen/SparseLU>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>

#include "core/milne.hpp"
#include "classical/slab_setup.hpp"
#include "core/error.hpp"

namespace kinetic::classical {

namespace {

// The 1-D diffusion problem on the nodes. The implicit solves are tridiagonal (cyclic when periodic) and
// inherently sequential, so this solver works on the host with Eigen's sparse LU instead of Kokkos kernels;
// at ~1e3 unknowns a step costs microseconds.
class DiffusionLimit {
 public:
  // extrapolation: the Milne boundary condition rho -+ q (eps/sigma_s) rho_x = rho_b instead of rho = rho_b.
  DiffusionLimit(const Problem& p, const SlabGrid& grid, const Ordinates& ord, bool extrapolation)
      : p_(p), grid_(grid), ord_(ord) {
    const auto centres = grid.centre_coordinates();
    const auto nodes = grid.node_coordinates();
    for (double x : centres) diffusion_.push_back(ord.v2 / p.sigma_s(0, x, 0));
    sigma_a_ = tabulate_x(p.sigma_a, nodes);
    rho_ = Eigen::Map<const Eigen::VectorXd>(initial_density(p, ord, nodes).data(), grid.nodes());
    has_source_ = !is_zero(p.source);
    if (!grid.periodic) {
      // Half-range nodes mu_j = v_k > 0 with weights a_j = 2 w_k (the average measure on [-1, 1]).
      std::vector<double> mu, a;
      for (int k = 0; k < ord.size(); ++k)
        if (ord.v[k] > 0) {
          mu.push_back(ord.v[k]);
          a.push_back(2.0 * ord.w[k]);
        }
      milne_ = milne_boundary_weights(mu, a);
      mu_ = mu;
      if (extrapolation) {
        const double q = milne_extrapolation_length(mu, a);
        lambda_left_ = q * p.eps / p.sigma_s(0, p.x_left, 0);
        lambda_right_ = q * p.eps / p.sigma_s(0, p.x_right, 0);
      }
      set_boundary_values(rho_, 0.0);
    }
  }

  const Eigen::VectorXd& density() const { return rho_; }

  // theta-scheme step: (I - theta dt L) rho^{n+1} = (I + (1-theta) dt L) rho^n + dt (theta S^{n+1} + (1-theta) S^n),
  // theta = 1/2 (Crank-Nicolson) or 1 (implicit Euler); Dirichlet rows carry the boundary values at t + dt.
  void step(double t, double dt, double theta) {
    if (dt != factored_dt_ || theta != factored_theta_) factor(dt, theta);
    Eigen::VectorXd rhs = rho_ + (1.0 - theta) * dt * apply_operator(rho_);
    if (has_source_) rhs += dt * (theta * mean_source(t + dt) + (1.0 - theta) * mean_source(t));
    if (!grid_.periodic) set_boundary_values(rhs, t + dt);
    rho_ = solver_->solve(rhs);
    if (solver_->info() != Eigen::Success) throw RunError("diffusion_limit: linear solve failed");
  }

 private:
  int neighbour(int i, int offset) const { return (i + offset + grid_.nodes()) % grid_.nodes(); }
  // D at the cell centre on the left/right of node i (periodic wrap; inflow uses interior nodes only).
  double d_left(int i) const { return diffusion_[(i - 1 + grid_.cells) % grid_.cells]; }
  double d_right(int i) const { return diffusion_[i % grid_.cells]; }
  bool dirichlet(int i) const { return !grid_.periodic && (i == 0 || i == grid_.cells); }

  // (L rho)_i = [D_{i+1/2} (rho_{i+1} - rho_i) - D_{i-1/2} (rho_i - rho_{i-1})] / dx^2 - sigma_a,i rho_i
  Eigen::VectorXd apply_operator(const Eigen::VectorXd& rho) const {
    const double h2 = grid_.dx * grid_.dx;
    Eigen::VectorXd out = Eigen::VectorXd::Zero(rho.size());
    for (int i = 0; i < grid_.nodes(); ++i) {
      if (dirichlet(i)) continue;
      out(i) = (d_right(i) * (rho(neighbour(i, 1)) - rho(i)) - d_left(i) * (rho(i) - rho(neighbour(i, -1)))) / h2 -
               sigma_a_[i] * rho(i);
    }
    return out;
  }

  void factor(double dt, double theta) {
    const double h2 = grid_.dx * grid_.dx;
    std::vector<Eigen::Triplet<double>> entries;
    for (int i = 0; i < grid_.nodes(); ++i) {
      if (dirichlet(i)) {
        // rho_0 - l rho_x(0) = b,  rho_N + l rho_x(1) = b, with second-order one-sided differences
        // rho_x(0) ~ (-3 rho_0 + 4 rho_1 - rho_2)/(2 dx) (mirrored at the right end); l = 0: Dirichlet.
        const int inward = i == 0 ? 1 : -1;
        const double l = (i == 0 ? lambda_left_ : lambda_right_) / (2.0 * grid_.dx);
        entries.emplace_back(i, i, 1.0 + 3.0 * l);
        if (l > 0) {
          entries.emplace_back(i, i + inward, -4.0 * l);
          entries.emplace_back(i, i + 2 * inward, l);
        }
        continue;
      }
      const double c = theta * dt / h2;
      entries.emplace_back(i, i, 1.0 + c * (d_left(i) + d_right(i)) + theta * dt * sigma_a_[i]);
      entries.emplace_back(i, neighbour(i, 1), -c * d_right(i));
      entries.emplace_back(i, neighbour(i, -1), -c * d_left(i));
    }
    Eigen::SparseMatrix<double> m(grid_.nodes(), grid_.nodes());
    m.setFromTriplets(entries.begin(), entries.end());  // sums duplicates (2-node periodic grids)
    solver_ = std::make_unique<Eigen::SparseLU<Eigen::SparseMatrix<double>>>();
    solver_->compute(m);
    if (solver_->info() != Eigen::Success) throw RunError("diffusion_limit: factorisation failed");
    factored_dt_ = dt;
    factored_theta_ = theta;
  }

  // <G>(t, x_i) by the ordinates.
  Eigen::VectorXd mean_source(double t) const {
    Eigen::VectorXd s = Eigen::VectorXd::Zero(grid_.nodes());
    for (int i = 0; i < grid_.nodes(); ++i)
      for (int k = 0; k < ord_.size(); ++k) s(i) += ord_.w[k] * p_.source(t, grid_.node(i), ord_.v[k]);
    return s;
  }

  // rho_0 = sum_j W_j f_L(t, mu_j),  rho_N = sum_j W_j f_R(t, -mu_j)
  void set_boundary_values(Eigen::VectorXd& values, double t) const {
    double left = 0.0, right = 0.0;
    for (std::size_t j = 0; j < mu_.size(); ++j) {
      left += milne_[j] * p_.boundary.f_left(t, p_.x_left, mu_[j]);
      right += milne_[j] * p_.boundary.f_right(t, p_.x_right, -mu_[j]);
    }
    values(0) = left;
    values(grid_.cells) = right;
  }

  const Problem& p_;
  SlabGrid grid_;
  Ordinates ord_;
  std::vector<double> diffusion_, sigma_a_, milne_, mu_;
  double lambda_left_ = 0.0, lambda_right_ = 0.0;  // Milne extrapolation distances q eps / sigma_s
  bool has_source_ = false;
  Eigen::VectorXd rho_;
  std::unique_ptr<Eigen::SparseLU<Eigen::SparseMatrix<double>>> solver_;
  double factored_dt_ = -1.0, factored_theta_ = -1.0;
};

}  // namespace

namespace {

struct DiffusionLimitOptions {
  long nx, nv, startup;
  double cfl;
  bool extrapolation;
};

// The keys of the section and whether the scheme can run the problem (everything `kinetic check` runs).
DiffusionLimitOptions parse_diffusion_limit(const Problem& problem, const ConfigNode& section) {
  section.allow_only({"method", "nx", "nv", "cfl", "dt", "startup_steps", "milne_extrapolation"});
  DiffusionLimitOptions o;
  o.nx = section.get_int("nx", 200);
  o.nv = section.get_int("nv", 32);
  o.cfl = section.get_double("cfl", 0.5);
  o.startup = section.get_int("startup_steps", 2);
  // eps > 0 near the limit: the O(eps) shift of the boundary layer (Milne extrapolation length) is built into
  // the boundary condition, which leaves an O(eps^2) model error (e.g. ~1e-6 at eps = 1e-3).
  o.extrapolation = section.get_bool("milne_extrapolation", false);
  if (o.nx < 2) section.fail("nx", "must be >= 2 (got " + std::to_string(o.nx) + ")");
  if (o.nv < 2) section.fail("nv", "must be >= 2 (got " + std::to_string(o.nv) + ")");
  if (!(o.cfl > 0.0)) section.fail("cfl", "must be > 0 (got " + std::to_string(o.cfl) + ")");
  if (o.startup < 0) section.fail("startup_steps", "must be >= 0 (got " + std::to_string(o.startup) + ")");
  configured_step(section, 1.0);  // a given dt must be > 0
  check_linear_transport(problem, section, "diffusion_limit", static_cast<int>(o.nv));
  check_grid_size(section, problem, o.nx, 1, 16);
  if (problem.velocity.vmin != -1.0 || problem.velocity.vmax != 1.0 ||
      problem.velocity.measure != VelocityMeasure::Average)
    throw InputError("classical method diffusion_limit: needs problem.velocity {range: [-1, 1], measure: average}");
  return o;
}

}  // namespace

void solve_diffusion_limit(const Problem& problem, const ConfigNode& section, ResultWriter& writer) {
  const DiffusionLimitOptions o = parse_diffusion_limit(problem, section);
  const long nx = o.nx, nv = o.nv, startup = o.startup;
  const double cfl = o.cfl;
  const bool extrapolation = o.extrapolation;
  // A reference for a kinetic problem only near the limit: say so rather than hand out a wrong reference
  // (e.g. a regime sweep of a config whose classical section is this method).
  if (problem.eps > 0.02)
    std::fprintf(stderr,
                 "warning: diffusion_limit models the kinetic solution with an O(eps%s) error; at eps = %g use a "
                 "kinetic method (micro_macro, even_odd, spectral) as the reference\n",
                 extrapolation ? "^1.5" : "", problem.eps);

  const SlabGrid grid(problem, static_cast<int>(nx));
  const Ordinates ord = make_ordinates(problem, static_cast<int>(nv));
  for (double x : grid.centre_coordinates())
    if (!(problem.sigma_s(0, x, 0) > 0.0))
      throw InputError("classical method diffusion_limit: needs sigma_s > 0 everywhere (D = <v^2>/sigma_s)");
  const double dt = configured_step(section, cfl * grid.dx);

  auto& data = writer.data();
  data.method = "diffusion_limit";
  data.number_attributes["nx"] = static_cast<double>(nx);
  data.number_attributes["nv"] = static_cast<double>(nv);
  data.number_attributes["dt"] = dt;
  data.number_attributes["milne_extrapolation"] = extrapolation ? 1.0 : 0.0;
  data.x = grid.node_coordinates();

  const auto start = std::chrono::steady_clock::now();
  DiffusionLimit scheme(problem, grid, ord, extrapolation);
  long taken = 0;
  const long steps = march_to_output_times(
      problem, dt, "diffusion_limit",
      [&](double t, double h) {
        if (taken++ < startup) {  // Rannacher start-up: two implicit-Euler half steps
          scheme.step(t, 0.5 * h, 1.0);
          scheme.step(t + 0.5 * h, 0.5 * h, 1.0);
        } else {
          scheme.step(t, h, 0.5);
        }
      },
      [&](double t) {
        const Eigen::VectorXd& rho = scheme.density();
        if (!rho.allFinite()) throw RunError("diffusion_limit: solution is not finite at t = " + std::to_string(t));
        writer.snapshot(t, {{"rho", std::vector<double>(rho.data(), rho.data() + rho.size())}});
      });
  finish_run(writer, steps, start);
}

namespace {
const bool registered = register_classical_method(
    {Equation::LinearTransport, "diffusion_limit",
     "the eps -> 0 limit rho_t = (D rho_x)_x, D = <v^2>/sigma_s (Crank-Nicolson, Rannacher start; optional "
     "Milne boundary shift)",
     [](const Problem& p, const ConfigNode& s) { parse_diffusion_limit(p, s); }, solve_diffusion_limit});
}  // namespace

}  // namespace kinetic::classical
