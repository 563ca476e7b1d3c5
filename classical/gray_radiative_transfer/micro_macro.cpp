#include "classical/gray_radiative_transfer/micro_macro.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "classical/gray_radiative_transfer/probe_series.hpp"
#include "classical/gray_radiative_transfer/wall_flux_series.hpp"
#include "classical/method_registry.hpp"
#include "classical/solve.hpp"
#include "core/error.hpp"

namespace kinetic::classical::grte {

namespace {

using Kind = RadiationSide::Kind;

KOKKOS_INLINE_FUNCTION double minmod(double a, double b) {
  return a * b > 0.0 ? (fabs(a) < fabs(b) ? a : b) : 0.0;
}

// The incoming side's density in the Lemou-Mieussens boundary formula: 2 <I_in 1_{incoming}>.
bool algebraic_wall(Kind kind) { return kind == Kind::Inflow || kind == Kind::Vacuum || kind == Kind::ZeroGradient; }

}  // namespace

MicroMacroOptions parse_micro_macro(const Problem& problem, const ConfigNode& section) {
  section.allow_only({"method", "nx", "nv", "cfl", "dt", "transport", "save_f"});
  MicroMacroOptions o;
  const long nx = section.get_int("nx", o.nx), nv = section.get_int("nv", o.nv);
  if (nx < 4) section.fail("nx", fmt::format("must be >= 4 (got {})", nx));
  if (nv < 2 || nv % 2 != 0) section.fail("nv", fmt::format("must be even and >= 2 (no ordinate at mu = 0), got {}", nv));
  check_grid_size(section, problem, nx, nv, 3);
  o.nx = static_cast<int>(nx), o.nv = static_cast<int>(nv);
  o.cfl = section.get_double("cfl", o.cfl);
  if (!(o.cfl > 0.0 && o.cfl <= 1.0)) section.fail("cfl", fmt::format("must be in (0, 1] (got {})", o.cfl));
  if (section.has("dt")) o.dt = configured_step(section, 1.0);
  o.second_order = section.get_choice("transport", {"first_order", "second_order"}, "first_order") == "second_order";
  o.save_f = section.get_bool("save_f", o.save_f);
  if (problem.velocity.vmin != -1.0 || problem.velocity.vmax != 1.0 ||
      problem.velocity.measure != VelocityMeasure::Average)
    section.fail("method", "micro_macro (gray_radiative_transfer) needs problem.velocity {range: [-1, 1], measure: "
                           "average}");
  return o;
}

MicroMacro::MicroMacro(const Problem& problem, const MicroMacroOptions& options)
    : p_(problem), o_(options), material_(p_), grid_(p_, options.nx), ord_(make_ordinates(p_, options.nv)),
      nodes_(grid_.nodes()), cells_(options.nx), K_(options.nv) {
  ensure_kokkos_initialized();
  x_ = grid_.node_coordinates();
  xc_ = grid_.centre_coordinates();
  const GrayRadiation& r = p_.radiation;
  T_.resize(nodes_), e_.resize(nodes_), rho_.resize(nodes_);
  auto mean_intensity = [&](double x) {
    double m = 0.0;
    for (int k = 0; k < K_; ++k) m += ord_.w[k] * r.initial_I(0, x, ord_.v[k]);
    return m;
  };
  for (int i = 0; i < nodes_; ++i) {
    T_[i] = r.initial_T(0, x_[i], 0);
    e_[i] = material_.energy(T_[i], x_[i]);
    rho_[i] = r.initial_I_given ? mean_intensity(x_[i]) : material_.emission(T_[i]);
  }
  g_ = View2("grte::g", cells_, K_), g_new_ = View2("grte::g_new", cells_, K_), slope_ = View2("grte::slope", cells_, K_);
  auto gh = Kokkos::create_mirror_view(g_);
  for (int c = 0; c < cells_; ++c) {
    const double m = r.initial_I_given ? mean_intensity(xc_[c]) : 0.0;
    for (int k = 0; k < K_; ++k)
      gh(c, k) = r.initial_I_given ? (r.initial_I(0, xc_[c], ord_.v[k]) - m) / p_.eps : 0.0;
  }
  Kokkos::deep_copy(g_, gh);
  update_node_opacities();
  mu_ = to_view("grte::mu", ord_.v), w_ = to_view("grte::w", ord_.w);
  sigma_c_ = View1("grte::sigma", cells_), rho_v_ = View1("grte::rho", nodes_);
  ghost_left_ = View1("grte::ghost_left", K_), ghost_right_ = View1("grte::ghost_right", K_);
}

void MicroMacro::update_node_opacities() {
  sigma_nodes_.resize(nodes_);
  for (int i = 0; i < nodes_; ++i) sigma_nodes_[i] = material_.opacity(T_[i], x_[i]);
}

double MicroMacro::step_size(double t) const {
  if (o_.dt > 0.0) return o_.dt;
  const double sigma_min = material_.min_opacity(sigma_nodes_, t, x_.front(), x_.back()), dx = grid_.dx;
  return o_.cfl * (p_.eps * dx / ord_.vmax + sigma_min * dx * dx / (2.0 * ord_.v2)) / material_.c();
}

// Ghost rows of g beyond each wall for the upwind transport: mirrored (reflecting), copied (zero gradient),
// or the incoming data's (I_in - rho_wall)/eps (inflow, vacuum) for the incoming ordinates.
void MicroMacro::set_ghosts(double t) {
  if (grid_.periodic) return;
  const GrayRadiation& r = p_.radiation;
  auto g = g_;
  auto mu = mu_, gl = ghost_left_, gr = ghost_right_;
  const int K = K_, last = cells_ - 1;
  const double eps = p_.eps;
  auto incoming = [&](const RadiationSide& side) {
    return side.kind == Kind::Inflow ? material_.emission(side.temperature(t, 0, 0)) : 0.0;
  };
  const int kl = static_cast<int>(r.left.kind), kr = static_cast<int>(r.right.kind);
  const double il = incoming(r.left), ir = incoming(r.right), rho_l = rho_.front(), rho_r = rho_.back();
  const int reflecting = static_cast<int>(Kind::Reflecting), zero_gradient = static_cast<int>(Kind::ZeroGradient);
  Kokkos::parallel_for("grte::ghosts", K, KOKKOS_LAMBDA(const int k) {
    gl(k) = kl == reflecting ? g(0, K - 1 - k) : (kl == zero_gradient || mu(k) < 0.0) ? g(0, k) : (il - rho_l) / eps;
    gr(k) = kr == reflecting ? g(last, K - 1 - k)
                             : (kr == zero_gradient || mu(k) > 0.0) ? g(last, k) : (ir - rho_r) / eps;
  });
}

// g* = [(eps^2/c) g - dt eps (I - Pi)(mu D g) - dt mu (rho_{c+1} - rho_c)/dx] / (eps^2/c + dt sigma_c).
void MicroMacro::micro_step(double dt) {
  auto g = g_, gn = g_new_, s = slope_;
  auto mu = mu_, w = w_, sig = sigma_c_, rho = rho_v_, gl = ghost_left_, gr = ghost_right_;
  const int N = cells_, K = K_;
  const bool periodic = grid_.periodic, second = o_.second_order;
  const double eps = p_.eps, dx = grid_.dx, a2 = eps * eps / material_.c();
  // Limited slopes (second order); zero next to a wall, where only one ghost row exists.
  Kokkos::parallel_for("grte::slopes", N, KOKKOS_LAMBDA(const int c) {
    for (int k = 0; k < K; ++k) {
      if (!second || (!periodic && (c == 0 || c == N - 1))) {
        s(c, k) = 0.0;
        continue;
      }
      const int l = c == 0 ? N - 1 : c - 1, r = c == N - 1 ? 0 : c + 1;
      s(c, k) = minmod(g(c, k) - g(l, k), g(r, k) - g(c, k));
    }
  });
  Kokkos::parallel_for("grte::micro", N, KOKKOS_LAMBDA(const int c) {
    const int l = c - 1, r = c + 1;
    auto left = [&](int k) { return l >= 0 ? g(l, k) + 0.5 * s(l, k) : periodic ? g(N - 1, k) + 0.5 * s(N - 1, k) : gl(k); };
    auto right = [&](int k) { return r < N ? g(r, k) - 0.5 * s(r, k) : periodic ? g(0, k) - 0.5 * s(0, k) : gr(k); };
    // mu D g with upwind face values: mu > 0 takes each face from its left cell, mu < 0 from its right cell.
    auto transport = [&](int k) {
      return mu(k) > 0.0 ? mu(k) * ((g(c, k) + 0.5 * s(c, k)) - left(k)) / dx
                         : mu(k) * (right(k) - (g(c, k) - 0.5 * s(c, k))) / dx;
    };
    double mean = 0.0;
    for (int k = 0; k < K; ++k) mean += w(k) * transport(k);
    const int node_right = periodic && c == N - 1 ? 0 : c + 1;
    const double drho = (rho(node_right) - rho(c)) / dx, denominator = a2 + dt * sig(c);
    for (int k = 0; k < K; ++k)
      gn(c, k) = (a2 * g(c, k) - dt * eps * (transport(k) - mean) - dt * mu(k) * drho) / denominator;
  });
  std::swap(g_, g_new_);
}

double MicroMacro::incoming_density(bool left, double t) const {
  const RadiationSide& side = left ? p_.radiation.left : p_.radiation.right;
  if (side.kind == Kind::Inflow) return material_.emission(side.temperature(t, 0, 0));  // 2 <B 1_{in}> = B
  return 0.0;
}

void MicroMacro::step(double t, double dt) {
  const double eps = p_.eps, c = material_.c(), dx = grid_.dx;
  {  // opacity at the cell centres (from the mean node temperature), and the node densities, for the kernels
    auto sh = Kokkos::create_mirror_view(sigma_c_);
    for (int ci = 0; ci < cells_; ++ci) {
      const int right = grid_.periodic && ci == cells_ - 1 ? 0 : ci + 1;
      sh(ci) = material_.opacity(0.5 * (T_[ci] + T_[right]), xc_[ci]);
    }
    Kokkos::deep_copy(sigma_c_, sh);
    Kokkos::deep_copy(rho_v_, host_view("grte::rho_host", rho_));
  }
  set_ghosts(t);
  micro_step(dt);
  // Fluxes <mu g*> of every cell, and the rows next to the walls for the boundary formula.
  auto gh = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), g_);
  std::vector<double> flux(cells_, 0.0);
  for (int ci = 0; ci < cells_; ++ci)
    for (int k = 0; k < K_; ++k) flux[ci] += ord_.w[k] * ord_.v[k] * gh(ci, k);
  wall_fluxes_ = {2.0 * flux.front(), 2.0 * flux.back()};

  const GrayRadiation& r = p_.radiation;
  const double t_new = t + dt;
  for (int i = 0; i < nodes_; ++i) {
    const bool left_wall = !grid_.periodic && i == 0, right_wall = !grid_.periodic && i == nodes_ - 1;
    const double k_exchange = dt * sigma_nodes_[i] / (eps * eps);
    const RadiationSide* wall = left_wall ? &r.left : right_wall ? &r.right : nullptr;
    if (wall && algebraic_wall(wall->kind)) {
      // rho_wall = 2 <I_in 1_{incoming}> + 2 eps <g 1_{outgoing}> of the adjacent cell; zero gradient takes
      // the incoming intensity from that cell too, I = rho_cell + eps g.
      const int cell = left_wall ? 0 : cells_ - 1;
      const double rho_cell = 0.5 * (rho_[cell] + rho_[cell + 1]);
      double rho_wall = wall->kind == Kind::ZeroGradient ? 0.0 : incoming_density(left_wall, t_new);
      for (int k = 0; k < K_; ++k) {
        const bool outgoing = left_wall ? ord_.v[k] < 0.0 : ord_.v[k] > 0.0;
        if (outgoing) rho_wall += 2.0 * eps * ord_.w[k] * gh(cell, k);
        else if (wall->kind == Kind::ZeroGradient) rho_wall += 2.0 * ord_.w[k] * (rho_cell + eps * gh(cell, k));
      }
      rho_wall = std::max(rho_wall, 0.0);
      const double T_new = material_.solve_exchange(0.5, k_exchange, rho_wall, e_[i], T_[i], x_[i]);
      rho_[i] = rho_wall, T_[i] = T_new, e_[i] = material_.energy(T_new, x_[i]);
      continue;
    }
    // Flux divergence; a reflecting wall node is a half cell whose outer flux is the mirror of the inner one.
    double div;
    if (left_wall) div = 2.0 * flux[0] / dx;
    else if (right_wall) div = -2.0 * flux[cells_ - 1] / dx;
    else div = (flux[i] - flux[i == 0 ? cells_ - 1 : i - 1]) / dx;  // cell i right of node i (periodic wrap)
    const double R = rho_[i] - c * dt * div + c * dt * r.source(t, x_[i], 0) / (2.0 * eps * eps);
    const double T_new =
        material_.solve_exchange(0.5 * (1.0 + k_exchange * c), k_exchange, R, e_[i], T_[i], x_[i]);
    const double e_new = material_.energy(T_new, x_[i]);
    rho_[i] = R - 0.5 * c * (e_new - e_[i]);
    T_[i] = T_new, e_[i] = e_new;
  }
  update_node_opacities();
}

std::vector<double> MicroMacro::radiation_temperature() const {
  std::vector<double> out(nodes_);
  const double ac = material_.a() * material_.c();
  for (int i = 0; i < nodes_; ++i) out[i] = std::pow(std::max(2.0 * rho_[i], 0.0) / ac, 0.25);
  return out;
}

std::vector<double> MicroMacro::intensity() const {
  auto gh = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), g_);
  std::vector<double> out(static_cast<std::size_t>(nodes_) * K_);
  for (int i = 0; i < nodes_; ++i) {
    const int left = grid_.periodic ? (i + cells_ - 1) % cells_ : std::max(i - 1, 0);
    const int right = grid_.periodic ? i % cells_ : std::min(i, cells_ - 1);
    for (int k = 0; k < K_; ++k) out[i * K_ + k] = rho_[i] + p_.eps * 0.5 * (gh(left, k) + gh(right, k));
  }
  return out;
}

double MicroMacro::total_energy() const {
  double sum = 0.0;
  const double c = material_.c();
  for (int i = 0; i < nodes_; ++i) {
    const bool wall = !grid_.periodic && (i == 0 || i == nodes_ - 1);
    sum += (wall ? 0.5 : 1.0) * grid_.dx * (2.0 / c * rho_[i] + e_[i]);
  }
  return sum;
}

void solve_micro_macro(const Problem& problem, const ConfigNode& section, ResultWriter& writer) {
  const MicroMacroOptions o = parse_micro_macro(problem, section);
  const auto start = std::chrono::steady_clock::now();
  MicroMacro scheme(problem, o);
  auto& data = writer.data();
  data.method = "micro_macro";
  data.x = scheme.x();
  if (o.save_f) data.v = scheme.ordinates().v;
  data.number_attributes["nx"] = o.nx;
  data.number_attributes["nv"] = o.nv;
  data.number_attributes["cfl"] = o.cfl;
  data.text_attributes["transport"] = o.second_order ? "second_order" : "first_order";
  const double energy0 = scheme.total_energy();
  ProbeSeries probes(problem, data.x);
  probes.record(0.0, scheme.temperature());
  WallFluxSeries walls(problem);  // its first record is the first step's flux, at t = dt
  const long steps = march_to_output_times(
      problem, [&](double t) { return scheme.step_size(t); }, "grte micro_macro",
      [&](double t, double dt) {
        scheme.step(t, dt);
        if (probes.due(t + dt)) probes.record(t + dt, scheme.temperature());
        if (walls.due(t + dt)) walls.record(t + dt, scheme.wall_fluxes());
      },
      [&](double t) {
        for (double T : scheme.temperature())
          if (!std::isfinite(T)) throw RunError(fmt::format("grte micro_macro: temperature not finite at t = {}", t));
        probes.record(t, scheme.temperature());
        if (t > 0.0) walls.record(t, scheme.wall_fluxes());  // (no flux before the first step)
        probes.write(data);  // the series so far go into every snapshot's file
        walls.write(data);
        writer.snapshot(t, {{"rho", scheme.density()}, {"T", scheme.temperature()}, {"T_r", scheme.radiation_temperature()}},
                        o.save_f ? scheme.intensity() : std::vector<double>{});
      });
  data.number_attributes["energy_initial"] = energy0;
  data.number_attributes["energy_final"] = scheme.total_energy();
  finish_run(writer, steps, start);
}

namespace {
const bool registered = register_classical_method(
    {Equation::GrayRadiativeTransfer, "micro_macro",
     "AP micro-macro scheme (Lemou-Mieussens type): implicit relaxation, exact nonlinear energy exchange by "
     "Newton per node, conservative; dt independent of eps",
     [](const Problem& p, const ConfigNode& s) { parse_micro_macro(p, s); }, solve_micro_macro});
}  // namespace

}  // namespace kinetic::classical::grte
