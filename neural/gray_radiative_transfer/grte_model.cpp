#include "neural/gray_radiative_transfer/grte_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/quadrature.hpp"

namespace kinetic::neural {

namespace {
// Relative step of the central difference in T of a material law.
constexpr double kMaterialStep = 1e-5;
// The balance term's slabs of [0, horizon], points in x (per batch factor) and wall times per slab.
constexpr int kBalanceSlabs = 8, kBalancePoints = 256, kBalanceTimes = 16;

// T = T_min + softplus(o): as cold as the data allow where o -> -inf, never colder.
Jet above_floor(double floor, const Jet& o) {
  Jet u = softplus(o);
  u.v = u.v + floor;
  return u;
}
}  // namespace

Jet positive_initial_lift(const torch::Tensor& t, const torch::Tensor& u0, const torch::Tensor& u0_x, const Jet& o) {
  auto u = u0 * torch::exp(t * o.v);
  if (!o.has_tangents()) return {u, {}, {}};
  return {u, u * (o.v + t * o.t), u * (u0_x / u0 + t * o.x)};
}

GrteModel::GrteModel(const Problem& problem, const NeuralOptions& options) : Model(problem, options) {
  const VelocityColumns vc = velocity_columns();
  full_v_ = vc.v, full_w_ = vc.w;
  const double t1 = problem.t_end, x0 = problem.x_left, x1 = problem.x_right;
  auto scalar_net = [&](const std::string& name) {
    return register_module(name, FieldNet(options.networks.at(name), std::vector<double>{0, x0},
                                          std::vector<double>{t1, x1}, 0, 1, period()));
  };
  rho_ = scalar_net("rho");
  T_ = scalar_net("T");
  if (options.rho_transform == "floor" || options.T_transform == "floor") floor_ = temperature_floor();
}

// The classical solutions keep T and T_r within the range of their data (tested: T stays in [T0, T_b] through
// the Marshak front), so the smallest temperature of the data bounds both from below: the initial T and T_r
// on 2001 points and the inflow temperatures at 101 times. T_r only where <I0> > 0: an intensity saved by the
// micro-macro scheme (I = rho + eps g) dips below 0 at a steep front (-1.6e-3 at the Marshak front at 0.1 ns,
// where rho is 2e-9), and such an undershoot is no temperature.
double GrteModel::temperature_floor() const {
  const auto& r = problem_.radiation;
  constexpr int kPoints = 2001, kTimes = 101;
  auto x = torch::linspace(problem_.x_left, problem_.x_right, kPoints, torch::dtype(torch::kFloat64)).to(topt_);
  auto T0 = initial_T(x).first;
  auto rho0 = initial_rho(x).first;
  auto Tr0 = torch::pow((2 / (r.a * r.c)) * rho0.masked_select(rho0 > 0), 0.25);
  double floor = T0.min().item<double>();
  if (Tr0.numel() > 0) floor = std::min(floor, Tr0.min().item<double>());
  auto t = torch::linspace(0, problem_.t_end, kTimes, torch::dtype(torch::kFloat64)).to(topt_);
  for (const RadiationSide* side : {&r.left, &r.right})
    if (side->kind == RadiationSide::Kind::Inflow)
      floor = std::min(floor, torch::pow((2 / (r.a * r.c)) * inflow_intensity(*side, t), 0.25).min().item<double>());
  if (!(floor > 0))
    throw InputError(fmt::format("neural.transforms: floor needs positive initial and inflow temperatures (their "
                                 "minimum is {})", floor));
  return floor;
}

std::vector<std::pair<std::string, torch::Tensor>> GrteModel::fields(const torch::Tensor& t, const torch::Tensor& x) {
  const auto& r = problem_.radiation;
  auto rho = density(t, x);
  auto T_r = torch::pow((2 / (r.a * r.c)) * rho, 0.25);
  return {{"rho", rho}, {"T", T_jet(t, x, Derivatives::None).v}, {"T_r", T_r}};
}

std::map<std::string, std::vector<double>> GrteModel::result_series(const std::vector<double>& /*x*/) {
  torch::NoGradGuard no_grad;
  constexpr int kTimes = 401;
  std::vector<double> ts(kTimes);
  for (int i = 0; i < kTimes; ++i) ts[i] = problem_.t_end * i / (kTimes - 1);
  auto t = torch::tensor(ts, torch::kFloat64).to(topt_);
  auto series = [&](const torch::Tensor& u) {
    auto h = u.to(torch::kCPU, torch::kFloat64).contiguous();
    return std::vector<double>(h.data_ptr<double>(), h.data_ptr<double>() + kTimes);
  };
  // The walls' energy fluxes 2 F of (C_v T + 2 rho/c)_t + (2 F)_x = Q/eps^2 (F = wall_flux): positive to the
  // right, so 2 (F(xL) - F(xR)) is the energy entering per unit time.
  std::map<std::string, std::vector<double>> out{
      {"wall_t", ts},
      {"wall_flux_left", series(2 * wall_flux(t, torch::full_like(t, problem_.x_left)))},
      {"wall_flux_right", series(2 * wall_flux(t, torch::full_like(t, problem_.x_right)))}};
  const auto& probes = problem_.radiation.probes;
  if (probes.empty()) return out;
  out["probe_t"] = ts, out["probe_x"] = probes;
  for (std::size_t k = 0; k < probes.size(); ++k)
    out["probe_T_" + std::to_string(k)] = series(T_jet(t, torch::full_like(t, probes[k]), Derivatives::None).v);
  return out;
}

Jet GrteModel::rho_jet(const torch::Tensor& t, const torch::Tensor& x, Derivatives mode, const Jet* T_given) {
  Jet o = rho_->jet(torch::stack({t, x}, 1), mode);
  if (options_.rho_transform == "exp") return exp_pos(o);
  if (options_.rho_transform == "floor") {
    // rho = a c T_r^4/2 with T_r = floor + softplus(o): the radiation temperature never below the data's
    const auto& r = problem_.radiation;
    const Jet Tr = above_floor(floor_, o);
    auto rho = 0.5 * r.a * r.c * Tr.v.pow(4);
    if (!o.has_tangents()) return {rho, {}, {}};
    auto d = 2 * r.a * r.c * Tr.v.pow(3);
    return {rho, d * Tr.t, d * Tr.x};
  }
  if (options_.rho_transform == "equilibrium") {
    // rho = (a c T^4/2) exp(o): the network gives the ratio to the local equilibrium, so rho is as small as
    // a c T^4/2 wherever the material is cold (the Marshak wave's slab: 4e-10 at T = 0.01 keV), whatever o is.
    const auto& r = problem_.radiation;
    const Jet T = T_given ? *T_given : T_jet(t, x, mode);
    auto rho = 0.5 * r.a * r.c * T.v.pow(4) * torch::exp(o.v);
    if (!o.has_tangents()) return {rho, {}, {}};
    return {rho, rho * (4 * T.t / T.v + o.t), rho * (4 * T.x / T.v + o.x)};
  }
  auto [rho0, rho0_x] = initial_rho(x);
  return positive_initial_lift(t, rho0, rho0_x, o);
}

Jet GrteModel::T_jet(const torch::Tensor& t, const torch::Tensor& x, Derivatives mode) {
  Jet o = T_->jet(torch::stack({t, x}, 1), mode);
  if (options_.T_transform == "exp") return exp_pos(o);
  if (options_.T_transform == "floor") return above_floor(floor_, o);
  auto [T0, T0_x] = initial_T(x);
  return positive_initial_lift(t, T0, T0_x, o);
}

torch::Tensor GrteModel::material(const Formula& q, const torch::Tensor& t, const torch::Tensor& x,
                                  const torch::Tensor& T) const {
  if (q.is_constant()) return torch::full_like(T, q(0, 0, 0));
  auto T0 = T.detach().to(torch::kCPU, torch::kFloat64).contiguous();
  auto xs = x.detach().to(torch::kCPU, torch::kFloat64).contiguous();
  auto ts = t.detach().to(torch::kCPU, torch::kFloat64).contiguous();
  auto value = torch::empty_like(T0), slope = torch::zeros_like(T0);
  const double *pT = T0.data_ptr<double>(), *px = xs.data_ptr<double>(), *pt = ts.data_ptr<double>();
  double *pv = value.data_ptr<double>(), *ps = slope.data_ptr<double>();
  const bool of_T = (q.used_vars() & Formula::Var::Temperature) != 0;
  for (long i = 0; i < T0.numel(); ++i) {
    pv[i] = q(pt[i], px[i], 0, 0, pT[i]);
    if (of_T) {
      const double h = kMaterialStep * std::max(1e-3, std::abs(pT[i]));
      ps[i] = (q(pt[i], px[i], 0, 0, pT[i] + h) - q(pt[i], px[i], 0, 0, pT[i] - h)) / (2 * h);
    }
  }
  auto out = value.to(topt_);
  if (of_T) out = out + slope.to(topt_) * (T - T.detach());
  return out;
}

torch::Tensor GrteModel::opacity_scaled(const torch::Tensor& residual, const torch::Tensor& sigma) const {
  // (temperature scales the same equations by 1/sigma; energy_scaled adds its own factor)
  if (options_.residual_scaling == "none") return residual;
  const auto scale = 1.0 / sigma.detach();
  return residual * (residual.dim() > scale.dim() ? scale.unsqueeze(1) : scale);
}

torch::Tensor GrteModel::energy_scaled(const torch::Tensor& residual, const torch::Tensor& sigma, const Jet& T,
                                       const Jet& rho) const {
  if (options_.residual_scaling != "temperature") return opacity_scaled(residual, sigma);
  const auto& r = problem_.radiation;
  auto T_r = torch::pow((2 / (r.a * r.c)) * rho.v.detach().clamp_min(0), 0.25);
  auto T_hat = torch::maximum(T.v.detach(), T_r);
  return residual / (sigma.detach() * 4 * r.a * r.c * T_hat.pow(3));
}

void GrteModel::sample_balance(PointSampler& sampler, int factor) {
  if (options_.weights.at("balance") == 0) return;
  const int n = factor * kBalancePoints, m = kBalanceSlabs * kBalanceTimes;
  auto stratified = [](const std::vector<double>& u, double lo, double width, int cells) {
    std::vector<double> out(u.size());
    for (std::size_t i = 0; i < u.size(); ++i) out[i] = lo + width * ((i % cells) + u[i]) / cells;
    return out;
  };
  balance_x_ = column(stratified(sampler.unit("balance", n, 1)[0], problem_.x_left, problem_.length(), n));
  // wall times: slab k holds entries k M .. k M + M - 1, one per sub-interval of width dt/M
  balance_s_ = column(stratified(sampler.unit("balance_time", m, 1)[0], 0.0, horizon(), m));
  if (problem_.radiation.source.is_constant() && problem_.radiation.source(0, 0, 0) == 0.0) return;
  // the source's double integral: slab k pairs x_i with one uniform time of the slab
  auto u = sampler.unit("balance_source", kBalanceSlabs * n, 1)[0];
  const double dt = horizon() / kBalanceSlabs;
  std::vector<double> t(u.size());
  for (std::size_t i = 0; i < u.size(); ++i) t[i] = dt * (static_cast<double>(i / n) + u[i]);
  balance_q_t_ = column(t);
}

ResidualTerm GrteModel::balance_term() {
  if (!balance_x_.defined()) return no_residual();
  const auto& r = problem_.radiation;
  const long n = balance_x_.size(0), K = kBalanceSlabs, M = kBalanceTimes;
  const double L = problem_.length(), dt = horizon() / K, h = L / n;
  auto tk = torch::linspace(0, horizon(), K + 1, topt_);
  auto t = tk.repeat_interleave(n), x = balance_x_.repeat({K + 1});
  Jet T = T_jet(t, x, Derivatives::None);
  auto rho = rho_jet(t, x, Derivatives::None, &T).v.view({K + 1, n});
  auto Tv = T.v.view({K + 1, n});
  auto T0 = Tv.slice(0, 0, K), T1 = Tv.slice(0, 1, K + 1), dT = T1 - T0;
  // e(T1) - e(T0) = dT int_0^1 C_v(T0 + s dT) ds, 3-point Gauss-Legendre (exact for C_v of degree <= 5)
  const Quadrature gauss = gauss_legendre(3, 0.0, 1.0);
  auto cv_mean = torch::zeros_like(dT);
  auto ts = t.view({K + 1, n}).slice(0, 0, K).reshape(-1), xs = x.view({K + 1, n}).slice(0, 0, K).reshape(-1);
  for (std::size_t q = 0; q < gauss.nodes.size(); ++q)
    cv_mean = cv_mean + gauss.weights[q] *
                            material(r.heat_capacity, ts, xs, (T0 + gauss.nodes[q] * dT).reshape(-1)).view({K, n});
  auto stored = (rho.slice(0, 1, K + 1) - rho.slice(0, 0, K)) / r.c + 0.5 * cv_mean * dT;
  auto balance = h * stored.sum(1);
  auto left = torch::full_like(balance_s_, problem_.x_left), right = torch::full_like(balance_s_, problem_.x_right);
  auto flux = (wall_flux(balance_s_, right) - wall_flux(balance_s_, left)).view({K, M});
  balance = balance + (dt / M) * flux.sum(1);
  if (balance_q_t_.defined())
    balance = balance - h * dt * macro_source(balance_q_t_, balance_x_.repeat({K})).view({K, n}).sum(1);
  return mean_square(balance / (dt * L));
}

torch::Tensor GrteModel::macro_source(const torch::Tensor& t, const torch::Tensor& x) const {
  const auto& q = problem_.radiation.source;
  if (q.is_constant() && q(0, 0, 0) == 0.0) return torch::zeros_like(t);
  return tabulate(q, t, x, torch::zeros({1}, topt_)) / (2 * problem_.eps * problem_.eps);
}

std::pair<torch::Tensor, torch::Tensor> GrteModel::initial_T(const torch::Tensor& x) const {
  return initial_profile(problem_.radiation.initial_T, x);
}

torch::Tensor GrteModel::initial_I(const torch::Tensor& x, const torch::Tensor& v) const {
  const auto& r = problem_.radiation;
  if (r.initial_I_given) return tabulate(r.initial_I, torch::zeros({1, 1}, topt_), x.unsqueeze(1), v.unsqueeze(0));
  auto T0 = tabulate(r.initial_T, torch::zeros({1}, topt_), x, torch::zeros({1}, topt_));
  return (0.5 * r.a * r.c * T0.pow(4)).unsqueeze(1).expand({x.size(0), v.size(0)});
}

std::pair<torch::Tensor, torch::Tensor> GrteModel::initial_rho(const torch::Tensor& x) const {
  return profile_with_derivative(
      [&](const torch::Tensor& xs) { return torch::matmul(initial_I(xs, full_v_), full_w_); }, x);
}

torch::Tensor GrteModel::inflow_intensity(const RadiationSide& side, const torch::Tensor& t) const {
  const auto& r = problem_.radiation;
  auto Tb = tabulate(side.temperature, t, torch::zeros({1}, topt_), torch::zeros({1}, topt_));
  return 0.5 * r.a * r.c * Tb.pow(4);
}

Derivatives GrteModel::wall_derivatives() const {
  const auto& r = problem_.radiation;
  const bool gradient = r.left.kind == RadiationSide::Kind::ZeroGradient ||
                        r.right.kind == RadiationSide::Kind::ZeroGradient;
  return gradient ? Derivatives::Tangent : Derivatives::None;
}

ResidualTerm GrteModel::initial_rho_term(const torch::Tensor& x0) {
  if (options_.rho_transform == "initial") return no_residual();  // holds by construction
  return mean_square(rho_jet(torch::zeros_like(x0), x0, Derivatives::None).v - initial_rho(x0).first);
}

ResidualTerm GrteModel::initial_T_term(const torch::Tensor& x0) {
  if (options_.T_transform == "initial") return no_residual();
  return mean_square(T_jet(torch::zeros_like(x0), x0, Derivatives::None).v - initial_T(x0).first);
}

void grte_defaults(NeuralOptions& o) {
  for (auto& [name, n] : o.networks) n.kind = "resnet", n.depth = 2, n.width = 64;
  o.n_interior = 512, o.n_boundary = 128, o.n_initial = 256;
  o.quadrature = 16;
  o.rho_transform = "initial", o.T_transform = "initial", o.r_transform = "exp";
}

void parse_grte_transforms(const ConfigNode& section, NeuralOptions& o, const std::vector<std::string>& extra_keys) {
  require_even_quadrature(section, o);
  o.periodic_features = section.get_bool("periodic_features", o.periodic_features);
  o.residual_scaling = section.get_choice("residual_scaling", {"none", "opacity", "temperature"}, o.residual_scaling);
  if (auto tr = section.optional_child("transforms")) {
    std::vector<std::string> keys = {"rho", "T"};
    keys.insert(keys.end(), extra_keys.begin(), extra_keys.end());
    tr->allow_only(keys);
    o.rho_transform = tr->get_choice("rho", {"initial", "exp", "equilibrium", "floor"}, o.rho_transform);
    o.T_transform = tr->get_choice("T", {"initial", "exp", "floor"}, o.T_transform);
    if (tr->has("r")) o.r_transform = tr->get_choice("r", {"exp", "initial"}, o.r_transform);
  }
}

void accept_grte_problem(const Problem& problem, const NeuralOptions& options) {
  if (problem.equation != Equation::GrayRadiativeTransfer)
    throw InputError(fmt::format("neural.method: {} is a method for gray_radiative_transfer (problem is {})",
                                 options.method, to_string(problem.equation)));
}

std::string grte_conformance_problem() {
  return "problem:\n  equation: gray_radiative_transfer\n  eps: 1.0e-2\n  time: {end: 0.1}\n  space: [0, 1]\n"
         "  opacity: \"10/T^3\"\n  heat_capacity: \"0.1 + 0.05*T\"\n  initial: {T: \"1 + 0.25*sin(pi*x)\"}\n"
         "  boundary: {left: {type: inflow, T: \"1.2\"}, right: {type: zero_gradient}}\n";
}

std::string grte_conformance_networks() {
  return "  networks: {kind: fc, width: 12, depth: 2, activation: tanh}\n"
         "  batch: {interior: 24, boundary: 16, initial: 16}\n  quadrature: 8\n  weights: {balance: 1}\n";
}

}  // namespace kinetic::neural
