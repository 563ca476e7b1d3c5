#include "classical/linear_transport/even_odd.hpp"

#include "classical/method_registry.hpp"

#include <Kokkos_Core.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/milne.hpp"
#include "classical/slab_setup.hpp"
#include "classical/solve.hpp"
#include "classical/views.hpp"
#include "core/error.hpp"

namespace kinetic::classical {

namespace {

// Face value of an invariant carried from node `up` towards `down` (`upup` behind `up`): upwind, or
// Lax-Wendroff with a van Leer limited correction  w_up + (1 - nu)/2 psi(w_down - w_up, w_up - w_upup).
KOKKOS_INLINE_FUNCTION double face_value(double upup, double up, double down, double nu, bool second) {
  return second ? up + 0.5 * (1.0 - nu) * van_leer(down - up, up - upup) : up;
}

// Ghost nodes (two per side; node i is stored at i+2). Periodic: wrap. Otherwise linear extrapolation if
// `extrapolate` (for central differences), else copies of the end node (limiter sees a flat state).
void fill_ghosts(const View2& a, int nodes, int m, bool periodic, bool extrapolate) {
  Kokkos::parallel_for("eo_ghosts", m, KOKKOS_LAMBDA(const int p) {
    const int first = 2, last = nodes + 1;
    if (periodic) {
      a(0, p) = a(last - 1, p);
      a(1, p) = a(last, p);
      a(last + 1, p) = a(first, p);
      a(last + 2, p) = a(first + 1, p);
    } else if (extrapolate) {
      a(1, p) = 2.0 * a(first, p) - a(first + 1, p);
      a(0, p) = 2.0 * a(1, p) - a(first, p);
      a(last + 1, p) = 2.0 * a(last, p) - a(last - 1, p);
      a(last + 2, p) = 2.0 * a(last + 1, p) - a(last, p);
    } else {
      a(0, p) = a(1, p) = a(first, p);
      a(last + 1, p) = a(last + 2, p) = a(last, p);
    }
  });
}

class EvenOdd {
 public:
  EvenOdd(const Problem& p, const SlabGrid& grid, const Ordinates& ord, bool second_order, bool milne_inflow)
      : p_(p), grid_(grid), second_(second_order), nn_(grid.nodes()), m_(ord.size() / 2),
        phi_(std::min(1.0, 1.0 / p.eps)), r_("r", nn_ + 4, m_), j_("j", nn_ + 4, m_), wp_("wp", nn_ + 4, m_),
        wm_("wm", nn_ + 4, m_), sig_s_(to_view("sigma_s", tabulate_x(p.sigma_s, grid.node_coordinates()))),
        sig_a_(to_view("sigma_a", tabulate_x(p.sigma_a, grid.node_coordinates()))), f_left_("fl", m_),
        f_right_("fr", m_), has_source_(!is_zero(p.source)) {
    for (int q = 0; q < m_; ++q) {  // positive ordinates are the upper half of the ascending nodes
      mu_host_.push_back(ord.v[m_ + q]);
      a_host_.push_back(2.0 * ord.w[m_ + q]);
    }
    mu_ = to_view("mu", mu_host_);
    a_ = to_view("a", a_host_);
    if (milne_inflow) milne_ = milne_boundary_weights(mu_host_, a_host_);
    if (has_source_) {
      g_even_ = View2("g_even", nn_, m_);
      g_odd_ = View2("g_odd", nn_, m_);
    }
    auto r = Kokkos::create_mirror_view(r_);
    auto j = Kokkos::create_mirror_view(j_);
    for (int i = 0; i < nn_; ++i)
      for (int q = 0; q < m_; ++q) {
        const double plus = p.initial.f(0, grid.node(i), mu_host_[q]), minus = p.initial.f(0, grid.node(i), -mu_host_[q]);
        r(i + 2, q) = p.initial.macroscopic ? p.initial.macro.rho(0, grid.node(i), 0) : 0.5 * (plus + minus);
        j(i + 2, q) = p.initial.macroscopic ? 0.0 : 0.5 * (plus - minus) / p.eps;
      }
    Kokkos::deep_copy(r_, r);
    Kokkos::deep_copy(j_, j);
  }

  void step(double t, double dt) {
    if (has_source_) set_source(t);
    relax(dt);
    transport(dt);
    if (!grid_.periodic) inflow_nodes(t + dt);
  }

  std::vector<double> density() const {
    auto r = Kokkos::create_mirror_view(r_);
    Kokkos::deep_copy(r, r_);
    std::vector<double> rho(nn_, 0.0);
    for (int i = 0; i < nn_; ++i)
      for (int q = 0; q < m_; ++q) rho[i] += a_host_[q] * r(i + 2, q);
    return rho;
  }

  // f(x_i, +-mu) = r +- eps j, in the ascending ordinate order of the full quadrature (n_nodes x 2m).
  std::vector<double> distribution() const {
    auto r = Kokkos::create_mirror_view(r_);
    auto j = Kokkos::create_mirror_view(j_);
    Kokkos::deep_copy(r, r_);
    Kokkos::deep_copy(j, j_);
    std::vector<double> f(static_cast<std::size_t>(nn_) * 2 * m_);
    for (int i = 0; i < nn_; ++i)
      for (int q = 0; q < m_; ++q) {
        f[static_cast<std::size_t>(i) * 2 * m_ + m_ + q] = r(i + 2, q) + p_.eps * j(i + 2, q);
        f[static_cast<std::size_t>(i) * 2 * m_ + m_ - 1 - q] = r(i + 2, q) - p_.eps * j(i + 2, q);
      }
    return f;
  }

 private:
  void set_source(double t) {
    auto ge = Kokkos::create_mirror_view(g_even_);
    auto go = Kokkos::create_mirror_view(g_odd_);
    for (int i = 0; i < nn_; ++i)
      for (int q = 0; q < m_; ++q) {
        const double plus = p_.source(t, grid_.node(i), mu_host_[q]), minus = p_.source(t, grid_.node(i), -mu_host_[q]);
        ge(i, q) = 0.5 * (plus + minus);
        go(i, q) = 0.5 * (plus - minus);
      }
    Kokkos::deep_copy(g_even_, ge);
    Kokkos::deep_copy(g_odd_, go);
  }

  // Relaxation, implicit in the stiff terms (rho = sum_q a_q r_q is invariant under it):
  //   r* = rho + (r - rho) eps^2/(eps^2 + sigma_s dt) + dt (-sigma_a r + G_even)
  //   j* = [eps^2 j - dt (1 - eps^2 phi) mu (r*_{i+1} - r*_{i-1})/(2 dx) + eps dt G_odd] / (eps^2 + dt (sigma_s + eps^2 sigma_a))
  void relax(double dt) {
    const View2 r = r_, j = j_, ge = g_even_, go = g_odd_;
    const View1 a = a_, mu = mu_, sig_s = sig_s_, sig_a = sig_a_;
    const double eps = p_.eps, phi = phi_, dx = grid_.dx;
    const int m = m_;
    const bool has_source = has_source_;
    Kokkos::parallel_for("eo_relax_r", nn_, KOKKOS_LAMBDA(const int i) {
      double rho = 0.0;
      for (int q = 0; q < m; ++q) rho += a(q) * r(i + 2, q);
      const double keep = eps * eps / (eps * eps + sig_s(i) * dt);
      for (int q = 0; q < m; ++q) {
        const double old = r(i + 2, q);
        r(i + 2, q) = rho + (old - rho) * keep - dt * sig_a(i) * old + (has_source ? dt * ge(i, q) : 0.0);
      }
    });
    fill_ghosts(r_, nn_, m_, grid_.periodic, true);
    Kokkos::parallel_for("eo_relax_j", nn_, KOKKOS_LAMBDA(const int i) {
      const double denom = eps * eps + dt * (sig_s(i) + eps * eps * sig_a(i));
      for (int q = 0; q < m; ++q) {
        const double r_x = (r(i + 3, q) - r(i + 1, q)) / (2.0 * dx);
        double num = eps * eps * j(i + 2, q) - dt * (1.0 - eps * eps * phi) * mu(q) * r_x;
        if (has_source) num += eps * dt * go(i, q);
        j(i + 2, q) = num / denom;
      }
    });
  }

  // Hyperbolic step on w+ = r + j/s (speed s mu) and w- = r - j/s (speed -s mu), s = sqrt(phi):
  //   w+_i -= nu (F+_{i+1/2} - F+_{i-1/2}),  w-_i += nu (F-_{i+1/2} - F-_{i-1/2}),  nu = s mu dt/dx,
  // then r = (w+ + w-)/2, j = s (w+ - w-)/2.
  void transport(double dt) {
    const View2 r = r_, j = j_, wp = wp_, wm = wm_;
    const View1 mu = mu_;
    const double s = std::sqrt(phi_), dx = grid_.dx;
    const int m = m_;
    const bool second = second_;
    Kokkos::parallel_for("eo_invariants", nn_, KOKKOS_LAMBDA(const int i) {
      for (int q = 0; q < m; ++q) {
        wp(i + 2, q) = r(i + 2, q) + j(i + 2, q) / s;
        wm(i + 2, q) = r(i + 2, q) - j(i + 2, q) / s;
      }
    });
    fill_ghosts(wp_, nn_, m_, grid_.periodic, false);
    fill_ghosts(wm_, nn_, m_, grid_.periodic, false);
    Kokkos::parallel_for("eo_transport", nn_, KOKKOS_LAMBDA(const int i) {
      const int c = i + 2;
      for (int q = 0; q < m; ++q) {
        const double nu = s * mu(q) * dt / dx;
        const double fp_right = face_value(wp(c - 1, q), wp(c, q), wp(c + 1, q), nu, second);
        const double fp_left = face_value(wp(c - 2, q), wp(c - 1, q), wp(c, q), nu, second);
        const double fm_left = face_value(wm(c + 1, q), wm(c, q), wm(c - 1, q), nu, second);
        const double fm_right = face_value(wm(c + 2, q), wm(c + 1, q), wm(c, q), nu, second);
        const double plus = wp(c, q) - nu * (fp_right - fp_left);
        const double minus = wm(c, q) + nu * (fm_right - fm_left);
        r(c, q) = 0.5 * (plus + minus);
        j(c, q) = 0.5 * s * (plus - minus);
      }
    });
  }

  // Inflow nodes: the outgoing invariant from the transport step plus the data,
  //   left:  r - j/s = w-,  r + eps j = f_L  =>  j = (f_L - w-)/(1/s + eps),  r = f_L - eps j
  //   right: r + j/s = w+,  r - eps j = f_R  =>  j = (w+ - f_R)/(1/s + eps),  r = f_R + eps j
  void inflow_nodes(double t) {
    std::vector<double> fl(m_), fr(m_);
    for (int q = 0; q < m_; ++q) {
      fl[q] = p_.boundary.f_left(t, p_.x_left, mu_host_[q]);
      fr[q] = p_.boundary.f_right(t, p_.x_right, -mu_host_[q]);
    }
    if (!milne_.empty()) {
      replace_by_milne_value(fl, milne_);
      replace_by_milne_value(fr, milne_);
    }
    Kokkos::deep_copy(f_left_, host_view("fl", fl));
    Kokkos::deep_copy(f_right_, host_view("fr", fr));
    const View2 r = r_, j = j_;
    const View1 fl_v = f_left_, fr_v = f_right_;
    const double s = std::sqrt(phi_), eps = p_.eps;
    const int last = nn_ + 1;
    Kokkos::parallel_for("eo_inflow", m_, KOKKOS_LAMBDA(const int q) {
      const double w_minus = r(2, q) - j(2, q) / s;
      j(2, q) = (fl_v(q) - w_minus) / (1.0 / s + eps);
      r(2, q) = fl_v(q) - eps * j(2, q);
      const double w_plus = r(last, q) + j(last, q) / s;
      j(last, q) = (w_plus - fr_v(q)) / (1.0 / s + eps);
      r(last, q) = fr_v(q) + eps * j(last, q);
    });
  }

  const Problem& p_;
  SlabGrid grid_;
  bool second_;
  int nn_, m_;
  double phi_;
  View2 r_, j_, wp_, wm_;
  View1 sig_s_, sig_a_, f_left_, f_right_, mu_, a_;
  std::vector<double> mu_host_, a_host_;
  std::vector<double> milne_;  // milne_inflow: Milne weights of the half-range nodes
  bool has_source_;
  View2 g_even_, g_odd_;
};

}  // namespace

namespace {

struct EvenOddOptions {
  long nx, nv;
  double cfl;
  std::string transport;
  bool save_f, milne_inflow;
};

// The keys of the section and whether the scheme can run the problem (everything `kinetic check` runs).
EvenOddOptions parse_even_odd(const Problem& problem, const ConfigNode& section) {
  section.allow_only({"method", "nx", "nv", "cfl", "transport", "dt", "save_f", "milne_inflow"});
  EvenOddOptions o;
  o.nx = section.get_int("nx", 200);
  o.nv = section.get_int("nv", 32);
  o.cfl = section.get_double("cfl", 0.5);
  o.transport = section.get_choice("transport", {"first_order", "second_order"}, "first_order");
  o.save_f = section.get_bool("save_f", false);
  o.milne_inflow = section.get_bool("milne_inflow", false);
  if (o.nx < 4) section.fail("nx", "must be >= 4 (got " + std::to_string(o.nx) + ")");
  if (o.nv < 2) section.fail("nv", "must be >= 2 (got " + std::to_string(o.nv) + ")");
  if (!(o.cfl > 0.0)) section.fail("cfl", "must be > 0 (got " + std::to_string(o.cfl) + ")");
  configured_step(section, 1.0);  // a given dt must be > 0
  check_linear_transport(problem, section, "even_odd", static_cast<int>(o.nv));
  check_grid_size(section, problem, o.nx, o.nv);
  if (problem.velocity.vmin != -problem.velocity.vmax || problem.velocity.measure != VelocityMeasure::Average)
    throw InputError("classical method even_odd: needs a symmetric velocity range with measure average");
  return o;
}

}  // namespace

void solve_even_odd(const Problem& problem, const ConfigNode& section, ResultWriter& writer) {
  const EvenOddOptions o = parse_even_odd(problem, section);
  const long nx = o.nx, nv = o.nv;
  const double cfl = o.cfl;
  const std::string& transport = o.transport;
  const bool save_f = o.save_f, milne_inflow = o.milne_inflow;
  ensure_kokkos_initialized();

  const SlabGrid grid(problem, static_cast<int>(nx));
  const Ordinates ord = make_ordinates(problem, static_cast<int>(nv));
  const auto sigma = tabulate_x(problem.sigma_s, grid.node_coordinates());
  const double sigma_min = std::max(*std::min_element(sigma.begin(), sigma.end()), 1e-300);
  const double s = std::sqrt(std::min(1.0, 1.0 / problem.eps)), dx = grid.dx;
  const double dt =
      configured_step(section, cfl * std::min(dx / (s * ord.vmax), 2.0 / (ord.v2 / (sigma_min * dx * dx) + s / dx)));

  auto& data = writer.data();
  const auto start = std::chrono::steady_clock::now();
  record_slab_run(data, {"even_odd", transport, nx, nv, dt, save_f, milne_inflow}, problem, grid, ord);
  EvenOdd scheme(problem, grid, ord, transport == "second_order", milne_inflow);
  const auto marching = std::chrono::steady_clock::now();
  const long steps = march_to_output_times(
      problem, dt, "even_odd", [&](double t, double h) { scheme.step(t, h); },
      [&](double t) {
        const auto rho = scheme.density();
        for (double r : rho)
          if (!std::isfinite(r)) throw RunError("even_odd: solution is not finite at t = " + std::to_string(t));
        writer.snapshot(t, {{"rho", rho}}, save_f ? scheme.distribution() : std::vector<double>{});
      });
  const auto end = std::chrono::steady_clock::now();
  data.number_attributes["steps"] = static_cast<double>(steps);
  data.number_attributes["wall_time_s"] = std::chrono::duration<double>(end - start).count();
  data.number_attributes["march_time_s"] = std::chrono::duration<double>(end - marching).count();
  writer.flush();
}

namespace {
const bool registered = register_classical_method(
    {Equation::LinearTransport, "even_odd",
     "Jin-Pareschi-Toscani even-odd parity AP scheme (implicit relaxation, upwinded r +- j/sqrt(phi))",
     [](const Problem& p, const ConfigNode& s) { parse_even_odd(p, s); }, solve_even_odd});
}  // namespace

}  // namespace kinetic::classical
