#include "classical/linear_transport/micro_macro.hpp"

#include "classical/method_registry.hpp"

#include <Kokkos_Core.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>

#include "classical/linear_transport/micro_macro_kernels.hpp"
#include "core/milne.hpp"
#include "classical/slab_setup.hpp"
#include "classical/linear_transport/uncollided.hpp"
#include "classical/solve.hpp"
#include "core/error.hpp"

namespace kinetic::classical {

double micro_macro_time_step(double cfl, double eps, double dx, double vmax, double v2, double sigma_min) {
  return cfl * (eps * dx / vmax + std::max(sigma_min, 0.0) * dx * dx / (2.0 * v2));
}

namespace {

// The scheme's state (rho on nodes, g on cells) and its two time integrators, built from the kernels of
// micro_macro_kernels.hpp. Formulas are tabulated here, on the host, at each stage time.
class MicroMacro {
 public:
  MicroMacro(const Problem& p, const SlabGrid& grid, const Ordinates& ord, bool second_order, bool ars222,
             bool first_collision, bool milne_inflow, bool fused)
      : p_(p), grid_(grid), ord_(ord), ars222_(ars222) {
    if (first_collision) uncollided_ = std::make_unique<Uncollided>(p);
    if (milne_inflow) {  // Milne weights of the incoming ordinates at each wall, in ordinate order
      std::vector<double> mu, a;
      std::vector<int> index;
      for (int k = 0; k < ord.size(); ++k)
        if (ord.v[k] > 0) mu.push_back(ord.v[k]), a.push_back(2.0 * ord.w[k]), index.push_back(k);
      const auto w = milne_boundary_weights(mu, a);
      milne_left_.assign(ord.size(), 0.0), milne_right_.assign(ord.size(), 0.0);
      for (std::size_t j = 0; j < index.size(); ++j) {
        milne_left_[index[j]] = w[j];
        milne_right_[ord.size() - 1 - index[j]] = w[j];  // symmetric ordinates: -v_k sits at nv - 1 - k
      }
    }
    f_.cells = grid.cells;
    f_.nodes = grid.nodes();
    f_.nv = ord.size();
    f_.k_pos = static_cast<int>(std::upper_bound(ord.v.begin(), ord.v.end(), 0.0) - ord.v.begin());
    f_.periodic = grid.periodic;
    f_.second_order = second_order;
    f_.fused = fused;
    f_.has_source = !is_zero(p.source) || uncollided_;
    f_.eps = p.eps;
    f_.dx = grid.dx;
    f_.v = to_view("v", ord.v);
    f_.w = to_view("w", ord.w);
    std::vector<double> wv(ord.size());
    for (int k = 0; k < ord.size(); ++k) wv[k] = ord.w[k] * ord.v[k];
    f_.wv = to_view("wv", wv);
    f_.sigma_s_cell = to_view("sigma_s", tabulate_x(p.sigma_s, grid.centre_coordinates()));
    f_.sigma_a_cell = to_view("sigma_a_cell", tabulate_x(p.sigma_a, grid.centre_coordinates()));
    f_.sigma_a_node = to_view("sigma_a_node", tabulate_x(p.sigma_a, grid.node_coordinates()));
    f_.f_left = View1("f_left", f_.nv);
    f_.f_right = View1("f_right", f_.nv);
    if (f_.has_source) {
      f_.source_cell = View2("source_cell", f_.cells, f_.nv);
      f_.source_mean_node = View1("source_mean_node", f_.nodes);
    }
    auto cell_array = [&](const std::string& name) { return View2(name, f_.cells + 4, f_.nv); };
    g_ = cell_array("g");
    g_new_ = cell_array("g_new");
    rho_ = View1("rho", f_.nodes);
    rho_new_ = View1("rho_new", f_.nodes);
    cell_flux_ = View1("cell_flux", f_.cells);
    if (ars222_) {
      e1_ = cell_array("E1");
      e2_ = cell_array("E2");
      g_stage_ = cell_array("g_stage");
      for (View1* x : {&rho_stage_, &er1_, &er2_, &ir2_, &ir3_}) *x = View1("macro_stage", f_.nodes);
    }
    initialise();
  }

  void step(double t, double dt) {
    if (ars222_)
      step_ars222(t, dt);
    else
      step_euler(t, dt);
  }

  // rho at time t (plus the uncollided density when the first-collision split is on).
  std::vector<double> density(double t) const {
    auto rho = to_vector(rho_);
    if (uncollided_)
      for (int i = 0; i < f_.nodes; ++i) rho[i] += uncollided_->mean(t, grid_.node(i));
    return rho;
  }

  // f = rho + eps g at the nodes, n_nodes x nv: g averaged from the two neighbouring cells, and at inflow
  // boundary nodes the incoming data itself.
  std::vector<double> distribution(double t) const {
    const auto rho = to_vector(rho_);
    auto g = Kokkos::create_mirror_view(g_);
    Kokkos::deep_copy(g, g_);
    const auto fl = to_vector(f_.f_left), fr = to_vector(f_.f_right);
    const int n = f_.cells, nv = f_.nv;
    std::vector<double> out(static_cast<std::size_t>(f_.nodes) * nv);
    for (int i = 0; i < f_.nodes; ++i)
      for (int k = 0; k < nv; ++k) {
        const int left = f_.periodic ? (i - 1 + n) % n : std::max(i - 1, 0);
        const int right = f_.periodic ? i : std::min(i, n - 1);
        double value = rho[i] + p_.eps * 0.5 * (g(left + 2, k) + g(right + 2, k));
        if (!f_.periodic && i == 0) value = ord_.v[k] > 0 ? fl[k] : rho[0] + p_.eps * g(2, k);
        if (!f_.periodic && i == n) value = ord_.v[k] < 0 ? fr[k] : rho[n] + p_.eps * g(n + 1, k);
        if (uncollided_) value += uncollided_->value(t, grid_.node(i), ord_.v[k]);
        out[static_cast<std::size_t>(i) * nv + k] = value;
      }
    return out;
  }

 private:
  // Lemou-Mieussens: g^{n+1} from (g^n, rho^n), then rho^{n+1} from (rho^n, g^{n+1}); first order in time.
  void step_euler(double t, double dt) {
    set_stage_data(t);
    mm::fill_ghosts(f_, g_, rho_);
    mm::micro_imex_euler(f_, dt, g_, rho_, g_new_, cell_flux_);
    mm::macro_euler(f_, dt, cell_flux_, rho_, rho_new_);
    finish_stage(t + dt, g_new_, rho_new_);
    std::swap(g_, g_new_);
    std::swap(rho_, rho_new_);
  }

  // ARS(2,2,2) IMEX Runge-Kutta (Ascher-Ruuth-Spiteri), second order, stiffly accurate, with the same
  // partition as Lemou-Mieussens: implicit = collision in g and the macro flux -<v D g> (which only needs the
  // stage's new g, so every stage is explicit in practice); explicit = micro transport, v rho_x, sources.
  //   gamma = 1 - 1/sqrt 2, delta = 1 - 1/(2 gamma)
  //   stage 2 (t + gamma dt): g2 = [eps^2 g + gamma dt E1] / (eps^2 + gamma dt sigma),  rho2 = rho + gamma dt (Er1 + Ir2)
  //   stage 3 (t + dt):       g3 = [eps^2 g + dt (delta E1 + (1-delta) E2) - (1-gamma) dt sigma g2] / (eps^2 + gamma dt sigma)
  //                           rho3 = rho + dt (delta Er1 + (1-delta) Er2 + (1-gamma) Ir2 + gamma Ir3)
  // In the limit eps -> 0 rho follows the explicit two-stage RK (c2 = gamma, b = (delta, 1-delta)) of the
  // 3-point heat scheme: second order, with the stability interval of forward Euler (same dt).
  void step_ars222(double t, double dt) {
    const double gamma = 1.0 - 1.0 / std::sqrt(2.0), delta = 1.0 - 1.0 / (2.0 * gamma);
    set_stage_data(t);
    mm::fill_ghosts(f_, g_, rho_);
    mm::macro_explicit(f_, rho_, er1_);
    mm::micro_explicit_stage(f_, g_, rho_, e1_, {dt, gamma, gamma, 0.0, 0.0, g_, e1_, {}, {}, g_stage_});
    mm::macro_flux(f_, g_stage_, ir2_);
    mm::combine(rho_stage_, rho_, gamma * dt, er1_, gamma * dt, ir2_);
    finish_stage(t + gamma * dt, g_stage_, rho_stage_);

    set_stage_data(t + gamma * dt);
    mm::fill_ghosts(f_, g_stage_, rho_stage_);
    mm::macro_explicit(f_, rho_stage_, er2_);
    mm::micro_explicit_stage(f_, g_stage_, rho_stage_, e2_,
                             {dt, gamma, delta, 1.0 - delta, 1.0 - gamma, g_, e1_, e2_, g_stage_, g_new_});
    mm::macro_flux(f_, g_new_, ir3_);
    mm::combine(rho_new_, rho_, delta * dt, er1_, (1.0 - delta) * dt, er2_, (1.0 - gamma) * dt, ir2_, gamma * dt, ir3_);
    finish_stage(t + dt, g_new_, rho_new_);
    std::swap(g_, g_new_);
    std::swap(rho_, rho_new_);
  }

  // Inflow boundary densities of a new stage from its g and the data at its time.
  void finish_stage(double t, const View2& g, const View1& rho) {
    if (f_.periodic) return;
    set_inflow(t);
    mm::boundary_densities(f_, g, rho);
  }

  // rho = <f0> on nodes, g = (f0 - <f0>)/eps on cells.
  void initialise() {
    Kokkos::deep_copy(rho_, host_view("rho0", initial_density(p_, ord_, grid_.node_coordinates())));
    const auto xc = grid_.centre_coordinates();
    const auto rho_c = initial_density(p_, ord_, xc);
    auto g = Kokkos::create_mirror_view(g_);
    Kokkos::deep_copy(g, 0.0);
    if (uncollided_) {  // the uncollided part carries the initial data; the collided part starts from 0
      Kokkos::deep_copy(rho_, 0.0);
    } else if (!p_.initial.macroscopic)  // data given as rho(x) only means f0 = rho0, isotropic: g = 0
      for (int c = 0; c < f_.cells; ++c)
        for (int k = 0; k < f_.nv; ++k) g(c + 2, k) = (p_.initial.f(0.0, xc[c], ord_.v[k]) - rho_c[c]) / p_.eps;
    Kokkos::deep_copy(g_, g);
    finish_stage(0.0, g_, rho_);
  }

  void set_stage_data(double t) {
    if (f_.has_source) set_source(t);
    if (!f_.periodic && !(time_independent_inflow_ && inflow_set_)) set_inflow(t);
  }

  void set_inflow(double t) {
    if (time_independent_inflow_ && inflow_set_) return;
    std::vector<double> fl(f_.nv, 0.0), fr(f_.nv, 0.0);
    for (int k = 0; k < f_.nv && !uncollided_; ++k) {  // the collided part enters with no data
      fl[k] = ord_.v[k] > 0 ? p_.boundary.f_left(t, p_.x_left, ord_.v[k]) : 0.0;
      fr[k] = ord_.v[k] < 0 ? p_.boundary.f_right(t, p_.x_right, ord_.v[k]) : 0.0;
    }
    if (!milne_left_.empty()) {
      replace_by_milne_value(fl, milne_left_);
      replace_by_milne_value(fr, milne_right_);
    }
    Kokkos::deep_copy(f_.f_left, host_view("fl", fl));
    Kokkos::deep_copy(f_.f_right, host_view("fr", fr));
    inflow_set_ = true;
  }

  // G at cells (micro) and <G> at nodes (macro), at time t. With the first-collision split the macro source
  // also gets the scattering of the uncollided part, (sigma_s/eps^2) <u>; being isotropic it drops out of
  // the micro equation (G - <G>).
  // A time-independent G is tabulated once (cells x ordinates: 8e5 formula calls per step at 3200 x 128,
  // which made first-collision runs, whose uncollided part changes every step, 6.5x slower than plain ones);
  // only the uncollided part is then recomputed per step.
  void set_source(double t) {
    const bool fixed = is_time_independent(p_.source);
    if (source_set_ && fixed && !uncollided_) return;
    if (!source_set_ || !fixed) {
      const auto gc = tabulate_xv(p_.source, t, grid_.centre_coordinates(), ord_.v);
      const auto gn = tabulate_xv(p_.source, t, grid_.node_coordinates(), ord_.v);
      auto hc = Kokkos::create_mirror_view(f_.source_cell);
      for (int c = 0; c < f_.cells; ++c)
        for (int k = 0; k < f_.nv; ++k) hc(c, k) = gc[static_cast<std::size_t>(c) * f_.nv + k];
      Kokkos::deep_copy(f_.source_cell, hc);
      source_mean_.assign(f_.nodes, 0.0);
      for (int i = 0; i < f_.nodes; ++i)
        for (int k = 0; k < f_.nv; ++k) source_mean_[i] += ord_.w[k] * gn[static_cast<std::size_t>(i) * f_.nv + k];
    }
    std::vector<double> mean = source_mean_;
    if (uncollided_) {
      const double scattering = p_.sigma_s(0, 0, 0) / (p_.eps * p_.eps);
      for (int i = 0; i < f_.nodes; ++i) mean[i] += scattering * uncollided_->mean(t, grid_.node(i));
    }
    Kokkos::deep_copy(f_.source_mean_node, host_view("gm", mean));
    source_set_ = true;
  }

  const Problem& p_;
  SlabGrid grid_;
  Ordinates ord_;
  bool ars222_;
  mm::Fields f_;
  View2 g_, g_new_, e1_, e2_, g_stage_;
  View1 rho_, rho_new_, cell_flux_, rho_stage_, er1_, er2_, ir2_, ir3_;
  std::unique_ptr<Uncollided> uncollided_;
  bool time_independent_inflow_ = is_time_independent(p_.boundary.f_left) && is_time_independent(p_.boundary.f_right);
  bool inflow_set_ = false, source_set_ = false;
  std::vector<double> source_mean_;  // <G> at the nodes, without the uncollided part
  std::vector<double> milne_left_, milne_right_;  // milne_inflow: Milne weights of the incoming ordinates
};

}  // namespace

namespace {

struct MicroMacroOptions {
  long nx, nv;
  double cfl;
  std::string transport, integrator;
  bool save_f, first_collision, milne_inflow, fused, double_gauss;
};

// The keys of the section and whether the scheme can run the problem (everything `kinetic check` runs).
MicroMacroOptions parse_micro_macro(const Problem& problem, const ConfigNode& section) {
  section.allow_only({"method", "nx", "nv", "cfl", "transport", "time_integrator", "first_collision", "quadrature",
                      "dt", "save_f", "milne_inflow", "fused"});
  MicroMacroOptions o;
  o.nx = section.get_int("nx", 200);
  o.nv = section.get_int("nv", 32);
  o.cfl = section.get_double("cfl", 0.5);
  o.transport = section.get_choice("transport", {"first_order", "second_order"}, "first_order");
  o.integrator = section.get_choice("time_integrator", {"imex_euler", "ars222"}, "imex_euler");
  o.save_f = section.get_bool("save_f", false);
  o.first_collision = section.get_bool("first_collision", false);
  o.milne_inflow = section.get_bool("milne_inflow", false);
  // fused: false runs the generic micro kernel for every case (the benchmark's baseline, and a cross-check
  // of the row-pointer kernels that the source-free Euler steps use by default).
  o.fused = section.get_bool("fused", true);
  o.double_gauss = section.get_choice("quadrature", {"gauss", "double_gauss"}, "gauss") == "double_gauss";
  if (o.nx < 4) section.fail("nx", "must be >= 4 (got " + std::to_string(o.nx) + ")");
  if (o.nv < 2) section.fail("nv", "must be >= 2 (got " + std::to_string(o.nv) + ")");
  if (!(o.cfl > 0.0)) section.fail("cfl", "must be > 0 (got " + std::to_string(o.cfl) + ")");
  if (o.milne_inflow && o.first_collision) section.fail("milne_inflow", "cannot be combined with first_collision");
  configured_step(section, 1.0);  // a given dt must be > 0
  check_linear_transport(problem, section, "micro_macro", static_cast<int>(o.nv));
  check_grid_size(section, problem, o.nx, o.nv);
  if (problem.velocity.measure != VelocityMeasure::Average)
    throw InputError("classical method micro_macro: needs problem.velocity.measure average (<1> = 1)");
  return o;
}

}  // namespace

void solve_micro_macro(const Problem& problem, const ConfigNode& section, ResultWriter& writer) {
  const MicroMacroOptions o = parse_micro_macro(problem, section);
  const long nx = o.nx, nv = o.nv;
  const bool save_f = o.save_f, first_collision = o.first_collision, milne_inflow = o.milne_inflow;
  const std::string& transport = o.transport;
  const std::string& integrator = o.integrator;
  ensure_kokkos_initialized();

  const SlabGrid grid(problem, static_cast<int>(nx));
  const Ordinates ord = make_ordinates(problem, static_cast<int>(nv), o.double_gauss);
  const auto sigma = tabulate_x(problem.sigma_s, grid.centre_coordinates());
  const double sigma_min = *std::min_element(sigma.begin(), sigma.end());
  double dt = micro_macro_time_step(o.cfl, problem.eps, grid.dx, ord.vmax, ord.v2, sigma_min);
  if (integrator == "ars222") dt *= kArs222StepFactor;
  dt = configured_step(section, dt);

  auto& data = writer.data();
  data.text_attributes["time_integrator"] = integrator;
  data.number_attributes["first_collision"] = first_collision ? 1.0 : 0.0;
  data.text_attributes["quadrature"] = o.double_gauss ? "double_gauss" : "gauss";
  const auto start = std::chrono::steady_clock::now();
  record_slab_run(data, {"micro_macro", transport, nx, nv, dt, save_f, milne_inflow}, problem, grid, ord);
  MicroMacro scheme(problem, grid, ord, transport == "second_order", integrator == "ars222", first_collision,
                    milne_inflow, o.fused);
  const auto marching = std::chrono::steady_clock::now();
  const long steps = march_to_output_times(
      problem, dt, "micro_macro", [&](double t, double h) { scheme.step(t, h); },
      [&](double t) {
        const auto rho = scheme.density(t);
        for (double r : rho)
          if (!std::isfinite(r)) throw RunError("micro_macro: solution is not finite at t = " + std::to_string(t));
        writer.snapshot(t, {{"rho", rho}}, save_f ? scheme.distribution(t) : std::vector<double>{});
      });
  const auto end = std::chrono::steady_clock::now();
  data.number_attributes["steps"] = static_cast<double>(steps);
  data.number_attributes["wall_time_s"] = std::chrono::duration<double>(end - start).count();
  data.number_attributes["march_time_s"] = std::chrono::duration<double>(end - marching).count();
  writer.flush();
}

namespace {
const bool registered = register_classical_method(
    {Equation::LinearTransport, "micro_macro",
     "Lemou-Mieussens micro-macro AP scheme (staggered rho/g, implicit micro relaxation; first/second order, "
     "IMEX Euler or ARS(2,2,2), optional first-collision split)",
     [](const Problem& p, const ConfigNode& s) { parse_micro_macro(p, s); }, solve_micro_macro});

}  // namespace

}  // namespace kinetic::classical
