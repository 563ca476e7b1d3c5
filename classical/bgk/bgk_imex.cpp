#include "classical/bgk/bgk_imex.hpp"

#include "classical/method_registry.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>

#include "classical/bgk/bgk_imex_kernels.hpp"
#include "classical/slab_setup.hpp"
#include "classical/solve.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"

namespace kinetic::classical {

namespace {

// Discrete equilibrium E[U] = M[U] + C^T (C C^T)^{-1} (U - C M[U]) of a primitive state on the host: the grid
// Maxwellian corrected to carry the exact moments U = (rho, rho u, rho u^2/2 + rho T/2). Used for initial
// data and Dirichlet ghost cells, so that a uniform equilibrium is reproduced exactly by the relaxation.
std::vector<double> discrete_equilibrium(const bgk::Primitive& q, const Quadrature& quad,
                                         const bgk::GramInverse& gram) {
  const int nv = quad.size();
  const bgk::Maxwellian M(q);
  std::vector<double> e(nv);
  double r[3] = {q.rho, q.rho * q.u, 0.5 * q.rho * (q.u * q.u + q.T)};
  for (int k = 0; k < nv; ++k) {
    const double v = quad.nodes[k], w = quad.weights[k];
    e[k] = M(v);
    r[0] -= w * e[k];
    r[1] -= w * v * e[k];
    r[2] -= w * 0.5 * v * v * e[k];
  }
  double lam[3];
  gram.apply(r, lam);
  for (int k = 0; k < nv; ++k) {
    const double v = quad.nodes[k];
    e[k] += quad.weights[k] * (lam[0] + lam[1] * v + lam[2] * 0.5 * v * v);
  }
  return e;
}

bgk::Primitive evaluate_state(const MacroState& s, double t, double x) {
  return {s.rho(t, x, 0.0), s.u(t, x, 0.0), s.T(t, x, 0.0)};
}

bool depends_on_time(const Formula& f) { return (f.used_vars() & Formula::T) != 0; }

std::string limiter_name(SlopeLimiter l) {
  switch (l) {
    case SlopeLimiter::None: return "none";
    case SlopeLimiter::Minmod: return "minmod";
    case SlopeLimiter::VanLeer: return "van_leer";
  }
  return "?";
}

}  // namespace

BgkImexOptions BgkImexOptions::from_config(const ConfigNode& section) {
  section.allow_only({"method", "nx", "nv", "cfl", "limiter", "time_scheme", "fused", "output_f", "threads"});
  BgkImexOptions o;
  const long nx = section.get_int("nx", o.nx);
  if (nx < 4) section.fail("nx", "must be >= 4 (got " + std::to_string(nx) + ")");
  const long nv = section.get_int("nv", o.nv);
  if (nv < 4 || nv % 2 != 0) section.fail("nv", "must be an even number >= 4 (got " + std::to_string(nv) + ")");
  o.nx = static_cast<int>(nx);
  o.nv = static_cast<int>(nv);
  o.cfl = section.get_double("cfl", o.cfl);
  if (!(o.cfl > 0.0 && o.cfl <= 1.0))
    section.fail("cfl", "must be in (0, 1] (got " + std::to_string(o.cfl) + ")");
  const std::string lim = section.get_choice("limiter", {"van_leer", "minmod", "none"}, "van_leer");
  o.limiter = lim == "none" ? SlopeLimiter::None : lim == "minmod" ? SlopeLimiter::Minmod : SlopeLimiter::VanLeer;
  o.time_scheme = section.get_choice("time_scheme", {"imex_euler", "ars222"}, "imex_euler") == "ars222"
                      ? TimeScheme::ARS222
                      : TimeScheme::ImexEuler;
  o.fused = section.get_bool("fused", o.fused);
  if (!o.fused && o.time_scheme != TimeScheme::ImexEuler)
    section.fail("fused", "the multi-pass kernels implement time_scheme imex_euler only");
  o.output_f = section.get_bool("output_f", o.output_f);
  const long threads = section.get_int("threads", o.threads);
  if (threads < 1 || threads > 256) section.fail("threads", "must be in 1 .. 256 (got " + std::to_string(threads) + ")");
  o.threads = static_cast<int>(threads);
  return o;
}

void BgkImexSolver::check_problem(const Problem& problem) {
  if (problem.equation != Equation::BGK)
    throw InputError("bgk_imex solves equation bgk, not " + to_string(problem.equation));
  if (problem.dim != 1) throw InputError("bgk_imex: only dim = 1 is implemented");
  if (problem.velocity.measure != VelocityMeasure::Integral)
    throw InputError("bgk_imex: problem.velocity.measure must be `integral` (BGK moments are int dv)");
  if (!(problem.eps > 0.0)) throw InputError("bgk_imex: problem.eps must be > 0");
}

BgkImexSolver::BgkImexSolver(const Problem& problem, const BgkImexOptions& options)
    : problem_(problem), options_(options) {
  check_problem(problem);
  const int nx = options.nx, nv = options.nv;
  if (nx < 4 || nv < 4 || nv % 2 != 0) throw InputError("bgk_imex: nx must be >= 4 and nv even, >= 4");

  quadrature_ = velocity_quadrature(problem.velocity, nv);
  first_positive_ = static_cast<int>(
      std::upper_bound(quadrature_.nodes.begin(), quadrature_.nodes.end(), 0.0) - quadrature_.nodes.begin());
  const auto round_up = [](int n) { return (n + bgk::kLanes - 1) / bgk::kLanes * bgk::kLanes; };
  slot_first_positive_ = round_up(first_positive_);
  offset_ = slot_first_positive_ - first_positive_;
  slots_ = slot_first_positive_ + round_up(nv - first_positive_);
  const int slots = slots_, offset = offset_;
  slot_vlo_ = std::min(quadrature_.nodes.front(), 0.0);
  slot_vhi_ = std::max(quadrature_.nodes.back(), 0.0);
  double vmax = 0.0;
  for (double v : quadrature_.nodes) vmax = std::max(vmax, std::fabs(v));
  gram_inverse_ = bgk::gram_inverse(quadrature_.nodes.data(), quadrature_.weights.data(), nv);

  dx_ = problem.length() / nx;
  stable_dt_ = options.cfl * dx_ / vmax;
  x_.resize(nx);
  for (int i = 0; i < nx; ++i) x_[i] = problem.x_left + (i + 0.5) * dx_;

  // Velocity grid and the moment map C (rows w, w v, w v^2/2).
  v_ = View1("bgk_imex::v", slots);  // zero-initialised: pad slots keep v = 0 and zero weights
  slope_coef_ = View1("bgk_imex::slope_coef", slots);
  cm_ = View2("bgk_imex::C", 3, slots);
  auto v_host = Kokkos::create_mirror_view(v_);
  auto cm_host = Kokkos::create_mirror_view(cm_);
  for (int k = 0; k < nv; ++k) {
    const double v = quadrature_.nodes[k], w = quadrature_.weights[k];
    v_host(k + offset) = v;
    cm_host(0, k + offset) = w;
    cm_host(1, k + offset) = w * v;
    cm_host(2, k + offset) = w * 0.5 * v * v;
  }
  Kokkos::deep_copy(v_, v_host);
  Kokkos::deep_copy(cm_, cm_host);

  f_ = View2("bgk_imex::f", nx + 4, slots);
  f_next_ = View2("bgk_imex::f_next", nx + 4, slots);
  ghost_ = View2("bgk_imex::ghost", 2, slots);
  ghost_host_ = Kokkos::create_mirror_view(ghost_);
  // Face fluxes as a whole-grid array: the Runge-Kutta stages, the multi-pass kernels and a fused Euler step
  // whose rows are too long for its in-block buffer read them from it.
  if (options.time_scheme == TimeScheme::ARS222 || !options.fused || !bgk::fluxes_inline(slots))
    scratch_flux_ = View2("bgk_imex::flux", nx + 1, slots);
  if (options.time_scheme == TimeScheme::ARS222) {
    stage_f_ = View2("bgk_imex::stage_f", nx + 4, slots);
    stage_flux_ = View2("bgk_imex::stage_flux", nx + 1, slots);
    stage_source_ = View2("bgk_imex::stage_source", nx, slots);
  }
  if (!options.fused) {
    scratch_equilibrium_ = View2("bgk_imex::equilibrium", nx, slots);
    scratch_cell_ = View2("bgk_imex::cell", nx, 3);
  }

  // Initial data on the host: the discrete equilibrium of (rho, u, T)(x), or the formula f(x, v).
  auto f_host = Kokkos::create_mirror_view(f_);
  for (int i = 0; i < nx; ++i) {
    if (problem.initial.macroscopic) {
      const bgk::Primitive q = evaluate_state(problem.initial.macro, 0.0, x_[i]);
      if (!(q.rho > 0.0) || !(q.T > 0.0))
        throw InputError("bgk_imex: initial rho and T must be > 0 (at x = " + std::to_string(x_[i]) + ")");
      const std::vector<double> e = discrete_equilibrium(q, quadrature_, gram_inverse_);
      for (int k = 0; k < nv; ++k) f_host(i + 2, k + offset) = e[k];
    } else {
      for (int k = 0; k < nv; ++k) f_host(i + 2, k + offset) = problem.initial.f(0.0, x_[i], quadrature_.nodes[k]);
    }
  }
  Kokkos::deep_copy(f_, f_host);

  const BoundaryData& b = problem.boundary;
  switch (b.kind) {
    case BoundaryKind::Dirichlet:
      for (const MacroState* s : {&b.left, &b.right})
        time_dependent_boundary_ = time_dependent_boundary_ || depends_on_time(s->rho) ||
                                   depends_on_time(s->u) || depends_on_time(s->T);
      break;
    case BoundaryKind::Inflow:
      time_dependent_boundary_ = depends_on_time(b.f_left) || depends_on_time(b.f_right);
      break;
    default:
      break;
  }
  tabulate_boundary_data(0.0);
}

// Ghost data of Dirichlet (discrete equilibrium of the boundary state) and inflow (the f formulas) at t.
void BgkImexSolver::tabulate_boundary_data(double t) {
  const BoundaryData& b = problem_.boundary;
  const int nv = options_.nv;
  if (b.kind == BoundaryKind::Dirichlet) {
    const bgk::Primitive ql = evaluate_state(b.left, t, problem_.x_left);
    const bgk::Primitive qr = evaluate_state(b.right, t, problem_.x_right);
    if (!(ql.rho > 0.0 && ql.T > 0.0 && qr.rho > 0.0 && qr.T > 0.0))
      throw InputError("bgk_imex: Dirichlet boundary rho and T must be > 0 (t = " + std::to_string(t) + ")");
    const std::vector<double> el = discrete_equilibrium(ql, quadrature_, gram_inverse_);
    const std::vector<double> er = discrete_equilibrium(qr, quadrature_, gram_inverse_);
    for (int k = 0; k < nv; ++k) {
      ghost_host_(0, k + offset_) = el[k];
      ghost_host_(1, k + offset_) = er[k];
    }
  } else if (b.kind == BoundaryKind::Inflow) {
    for (int k = 0; k < nv; ++k) {
      ghost_host_(0, k + offset_) = b.f_left(t, problem_.x_left, quadrature_.nodes[k]);
      ghost_host_(1, k + offset_) = b.f_right(t, problem_.x_right, quadrature_.nodes[k]);
    }
  } else {
    return;
  }
  Kokkos::deep_copy(ghost_, ghost_host_);
}

// Two ghost cells each side (storage 0,1 and nx+2,nx+3; interior 2..nx+1):
//   periodic: copies of the opposite end; zero_gradient: copies of the boundary cell;
//   dirichlet / inflow: the tabulated boundary data.
void BgkImexSolver::prepare_ghost_cells(const View2& f, double t) {
  if (time_dependent_boundary_) tabulate_boundary_data(t);
  const int nx = options_.nx;
  const View2 ghost = ghost_;
  const int kind = problem_.boundary.kind == BoundaryKind::Periodic       ? 0
                   : problem_.boundary.kind == BoundaryKind::ZeroGradient ? 1
                                                                          : 2;
  Kokkos::parallel_for(
      "bgk_imex::ghost_cells", Kokkos::RangePolicy<>(0, slots_), KOKKOS_LAMBDA(const int k) {
        double l0, l1, r0, r1;  // storage cells 0, 1, nx+2, nx+3
        if (kind == 0) {
          l0 = f(nx, k), l1 = f(nx + 1, k), r0 = f(2, k), r1 = f(3, k);
        } else if (kind == 1) {
          l0 = l1 = f(2, k);
          r0 = r1 = f(nx + 1, k);
        } else {
          l0 = l1 = ghost(0, k);
          r0 = r1 = ghost(1, k);
        }
        f(0, k) = l0;
        f(1, k) = l1;
        f(nx + 2, k) = r0;
        f(nx + 3, k) = r1;
      });
}

void BgkImexSolver::step(double dt) {
  if (!(dt > 0.0) || dt > stable_dt_ * (1.0 + 1e-12))
    throw RunError("bgk_imex: step " + std::to_string(dt) + " outside (0, stable_dt]");
  switch (options_.limiter) {
    case SlopeLimiter::None: step_with<bgk::NoSlope>(dt); break;
    case SlopeLimiter::Minmod: step_with<bgk::MinmodSlope>(dt); break;
    case SlopeLimiter::VanLeer: step_with<bgk::VanLeerSlope>(dt); break;
  }
  std::swap(f_, f_next_);
  t_ += dt;
  ++steps_;
}

// One step from f_ into f_next_.
//  imex_euler: explicit transport with Lax-Wendroff limited fluxes, then the implicit relaxation.
//  ars222: the IMEX Runge-Kutta scheme ARS(2,2,2) (Ascher, Ruuth, Spiteri 1997), gamma = 1 - 1/sqrt(2),
//    delta = 1 - 1/(2 gamma), with MUSCL fluxes T(f) = v f_x and Q(f) = (E[U(f)] - f)/eps:
//      f2 = f^n - gamma dt T(f^n) + gamma dt Q(f2)
//      f3 = f^n - dt [delta T(f^n) + (1 - delta) T(f2)] + dt [(1 - gamma) Q(f2) + gamma Q(f3)],  f^{n+1} = f3.
//    Both implicit stages are relaxations with step gamma dt (C Q = 0 fixes U first); the last stage is
//    f^{n+1} (stiffly accurate), so the scheme stays asymptotic preserving. dt Q(f2) is kept as
//    (f2 - f2*)/gamma, which never divides by eps.
template <class Limiter>
void BgkImexSolver::step_with(double dt) {
  const double eps = problem_.eps;
  prepare_ghost_cells(f_, t_);
  if (options_.time_scheme == TimeScheme::ImexEuler) {
    bgk::StepParams p{options_.nx, slots_, slot_first_positive_, dt / dx_, 1.0, eps / (eps + dt),
                      dt / (eps + dt), gram_inverse_, options_.threads, slot_vlo_, slot_vhi_, slope_coef_};
    bgk::face_slope_coefficients(v_, p);
    if (options_.fused) {
      bgk::fused_step<Limiter>(f_, f_next_, scratch_flux_, v_, cm_, p);
    } else {
      bgk::multipass_step<Limiter>(f_, f_next_, v_, cm_, p,
                                   {scratch_flux_, scratch_equilibrium_, scratch_cell_});
    }
    return;
  }
  const double gamma = 1.0 - 1.0 / std::sqrt(2.0), delta = 1.0 - 0.5 / gamma;
  bgk::StepParams p{options_.nx, slots_, slot_first_positive_, dt / dx_, 0.0,
                    eps / (eps + gamma * dt), gamma * dt / (eps + gamma * dt), gram_inverse_, options_.threads,
                    slot_vlo_, slot_vhi_, slope_coef_};
  bgk::face_slope_coefficients(v_, p);
  bgk::face_fluxes<Limiter>(f_, scratch_flux_, v_, p);
  bgk::StageInput second;
  second.base = f_;
  second.flux_a = second.flux_b = scratch_flux_;
  second.wa = gamma;
  second.source = second.source_out = stage_source_;
  second.so = (1.0 - gamma) / gamma;  // leaves (1 - gamma) dt Q(f2)
  bgk::relaxation_stage<false, false, true>(second, stage_f_, v_, cm_, p);

  prepare_ghost_cells(stage_f_, t_ + gamma * dt);
  bgk::face_fluxes<Limiter>(stage_f_, stage_flux_, v_, p);
  bgk::StageInput third;
  third.base = f_;
  third.flux_a = scratch_flux_;
  third.wa = delta;
  third.flux_b = stage_flux_;
  third.wb = 1.0 - delta;
  third.source = third.source_out = stage_source_;
  third.ws = 1.0;
  bgk::relaxation_stage<true, true, false>(third, f_next_, v_, cm_, p);
}

void BgkImexSolver::advance_to(double t_target) {
  const double remaining = t_target - t_;
  if (remaining <= 1e-12 * stable_dt_) return;
  // Equal steps that land exactly on t_target (no tiny last step).
  const long n = static_cast<long>(std::ceil(remaining / stable_dt_ * (1.0 - 1e-12)));
  const double dt = remaining / n;
  const double t0 = t_;
  for (long s = 0; s < n; ++s) step(dt);
  t_ = t0 + remaining;  // exact, whatever the rounding of the sum
}

BgkImexSolver::Moments BgkImexSolver::moments() const {
  const int nx = options_.nx, nv = slots_;  // pad slots have zero weights
  View2 out("bgk_imex::moments", nx, 5);
  const View2 f = f_, cm = cm_;
  Kokkos::parallel_for(
      "bgk_imex::output_moments", Kokkos::RangePolicy<>(0, nx), KOKKOS_LAMBDA(const int i) {
        double U[3] = {0.0, 0.0, 0.0};
        for (int k = 0; k < nv; ++k)
          for (int a = 0; a < 3; ++a) U[a] += cm(a, k) * f(i + 2, k);
        const bgk::Primitive q = bgk::primitive_from_conserved(U[0], U[1], U[2]);
        out(i, 0) = U[0];
        out(i, 1) = U[1];
        out(i, 2) = U[2];
        out(i, 3) = q.u;
        out(i, 4) = q.T;
      });
  auto host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), out);
  Moments m;
  for (std::vector<double>* field : {&m.rho, &m.momentum, &m.energy, &m.u, &m.T}) field->resize(nx);
  for (int i = 0; i < nx; ++i) {
    m.rho[i] = host(i, 0);
    m.momentum[i] = host(i, 1);
    m.energy[i] = host(i, 2);
    m.u[i] = host(i, 3);
    m.T[i] = host(i, 4);
  }
  return m;
}

std::array<double, 3> BgkImexSolver::totals() const {
  const Moments m = moments();
  std::array<double, 3> total{0.0, 0.0, 0.0};
  for (int i = 0; i < options_.nx; ++i) {
    total[0] += dx_ * m.rho[i];
    total[1] += dx_ * m.momentum[i];
    total[2] += dx_ * m.energy[i];
  }
  return total;
}

std::vector<double> BgkImexSolver::distribution() const {
  auto host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), f_);
  const int nx = options_.nx, nv = options_.nv;
  std::vector<double> out(static_cast<std::size_t>(nx) * nv);
  for (int i = 0; i < nx; ++i)
    for (int k = 0; k < nv; ++k) out[static_cast<std::size_t>(i) * nv + k] = host(i + 2, k + offset_);
  return out;
}

void solve_bgk_imex(const Problem& problem, const ConfigNode& section, ResultWriter& writer) {
  const BgkImexOptions options = BgkImexOptions::from_config(section);
  ensure_kokkos_initialized();
  const auto start = std::chrono::steady_clock::now();
  BgkImexSolver solver(problem, options);

  ResultData& data = writer.data();
  data.method = "bgk_imex";
  data.x = solver.x();
  if (options.output_f) data.v = solver.velocity().nodes;
  data.text_attributes["limiter"] = limiter_name(options.limiter);
  data.text_attributes["time_scheme"] = options.time_scheme == TimeScheme::ARS222 ? "ars222" : "imex_euler";
  data.number_attributes["nx"] = options.nx;
  data.number_attributes["nv"] = options.nv;
  data.number_attributes["cfl"] = options.cfl;
  data.number_attributes["dt_cfl"] = solver.stable_dt();

  Progress progress("bgk_imex", problem.t_end);
  for (double t_out : problem.output_times) {
    // Output-sized chunks of CFL steps, reporting progress between them.
    while (solver.time() < t_out - 1e-12 * solver.stable_dt()) {
      const double chunk = std::min(t_out, solver.time() + 50.0 * solver.stable_dt());
      solver.advance_to(chunk);
      progress.update(solver.time(), "step " + std::to_string(solver.steps()));
    }
    const BgkImexSolver::Moments m = solver.moments();
    for (int i = 0; i < options.nx; ++i) {
      if (!(std::isfinite(m.rho[i]) && m.rho[i] > 0.0 && std::isfinite(m.T[i]) && m.T[i] > 0.0)) {
        std::ostringstream msg;
        msg << "bgk_imex: non-physical state (rho = " << m.rho[i] << ", T = " << m.T[i] << ") at x = "
            << solver.x()[i] << ", t = " << solver.time() << "; lower classical.cfl or refine the grid";
        throw RunError(msg.str());
      }
    }
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    data.number_attributes["steps"] = static_cast<double>(solver.steps());
    data.number_attributes["wall_time_s"] = elapsed;
    writer.snapshot(t_out, {{"rho", m.rho}, {"momentum", m.momentum}, {"energy", m.energy}, {"u", m.u},
                            {"T", m.T}},
                    options.output_f ? solver.distribution() : std::vector<double>{});
  }
  progress.finish("steps " + std::to_string(solver.steps()));
}

namespace {
const bool registered = register_classical_method(
    {Equation::BGK, "bgk_imex",
     "AP IMEX discrete-velocity scheme (limited upwind transport, implicit relaxation with conservative moment "
     "correction; IMEX Euler or ARS(2,2,2))",
     [](const Problem& problem, const ConfigNode& section) {
       const BgkImexOptions options = BgkImexOptions::from_config(section);
       BgkImexSolver::check_problem(problem);
       check_grid_size(section, problem, options.nx, options.nv);
     },
     solve_bgk_imex});
}  // namespace

}  // namespace kinetic::classical
