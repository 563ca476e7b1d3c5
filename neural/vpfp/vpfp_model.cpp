#include "neural/vpfp/vpfp_model.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"
#include "core/random_quadrature.hpp"  // gauss_hermite_probabilists: the rule for the weight M0
#include "neural/vpfp/initial_layer.hpp"

namespace kinetic::neural {
namespace {

// The differentiation matrix of polynomial interpolation on the nodes (barycentric form; weights in logs so
// that wide node sets do not overflow): (D q)_i = p'(v_i) for the interpolant p of q.
std::vector<double> differentiation_matrix(const std::vector<double>& v) {
  const int n = static_cast<int>(v.size());
  std::vector<double> log_w(n, 0.0), sign(n, 1.0), D(static_cast<std::size_t>(n) * n, 0.0);
  for (int j = 0; j < n; ++j)
    for (int k = 0; k < n; ++k)
      if (k != j) log_w[j] -= std::log(std::abs(v[j] - v[k])), sign[j] *= v[j] > v[k] ? 1.0 : -1.0;
  for (int i = 0; i < n; ++i) {
    double diagonal = 0.0;
    for (int j = 0; j < n; ++j) {
      if (j == i) continue;
      const double d = sign[j] * sign[i] * std::exp(log_w[j] - log_w[i]) / (v[i] - v[j]);
      D[static_cast<std::size_t>(i) * n + j] = d;
      diagonal -= d;
    }
    D[static_cast<std::size_t>(i) * n + i] = diagonal;
  }
  return D;
}

constexpr int kChargeSamples = 400;  // samples of rho0 - h for its maximum

}  // namespace

VpfpModel::VpfpModel(const Problem& problem, const NeuralOptions& options) : Model(problem, options) {
  const int K = options.quadrature;
  const auto [nodes, weights] = gauss_hermite_probabilists(K);
  v_ = column(nodes), w_ = column(weights);
  auto D = torch::tensor(differentiation_matrix(nodes), torch::kFloat64).view({K, K}).to(topt_);
  Dt_ = D.t().contiguous(), D2t_ = torch::matmul(D, D).t().contiguous();
  const double xl = problem.x_left, xr = problem.x_right, t1 = problem.t_end;
  const std::vector<double> lo{0, xl}, hi{t1, xr};
  rho_ = register_module("rho", FieldNet(options.networks.at("rho"), lo, hi, 0, 1, period()));
  phi_ = register_module("phi", FieldNet(options.networks.at("phi"), lo, hi, 0, 1, period()));
  f_ = register_module("f", FieldNet(options.networks.at("f"), lo, hi, 0, 1, period(), K));
  this->to(topt_.device(), topt_.dtype().toScalarType());

  // Output scales from the initial charge (header): delta = max |rho0 - h| (1 without a perturbation).
  auto xs = xl + (xr - xl) * torch::arange(kChargeSamples, topt_) / kChargeSamples;
  auto charge = initial_rho(xs) - tabulate(problem.plasma.background, torch::zeros({1}, topt_), xs,
                                           torch::zeros({1}, topt_));
  double delta = charge.abs().max().item<double>();
  if (!(delta > 1e-12)) delta = 1.0;
  scale_ = delta, phi_scale_ = delta * std::pow((xr - xl) / (2 * M_PI), 2);
}

void VpfpModel::resample(PointSampler& sampler, int factor) {
  auto c = sample_collocation(sampler, factor);
  it_ = c.t, ix_ = c.x, x0_ = c.initial_x;
}

std::vector<std::pair<std::string, torch::Tensor>> VpfpModel::fields(const torch::Tensor& t, const torch::Tensor& x) {
  auto phi = phi_->jet(inputs(t, x), Derivatives::Tangent);
  return {{"rho", density(t, x)}, {"E", -phi_scale_ * phi.x.reshape(t.sizes())}};
}

std::map<std::string, std::vector<double>> VpfpModel::result_series(const std::vector<double>& x) {
  torch::NoGradGuard no_grad;
  const long n = static_cast<long>(x.size()) - 1;  // the periodic grid without its repeated end
  auto xs = torch::tensor(std::vector<double>(x.begin(), x.begin() + n), torch::kFloat64).to(topt_);
  const double dx = problem_.length() / n;
  std::vector<double> ts, energy;
  for (int i = 0; i <= 200; ++i) {
    const double t = problem_.t_end * i / 200.0;
    auto fields_at = fields(torch::full_like(xs, t), xs);
    ts.push_back(t), energy.push_back(0.5 * dx * fields_at.at(1).second.pow(2).sum().item<double>());
  }
  return {{"series_t", ts}, {"electric_energy", energy}};
}

Jet VpfpModel::rho_jet(const torch::Tensor& t, const torch::Tensor& x, Derivatives mode) {
  auto o = scale_ * rho_->jet(inputs(t, x), mode);
  if (options_.rho_transform == "none") return o;
  auto [rho0, rho0_x] = profile_with_derivative([&](const torch::Tensor& xs) { return initial_rho(xs); }, x);
  return initial_lift(t, rho0, rho0_x, o);
}

Jet VpfpModel::kinetic_jet(const torch::Tensor& t, const torch::Tensor& x, Derivatives mode, const torch::Tensor& q0,
                           const torch::Tensor& q0_x, bool free_around_initial) {
  auto o = scale_ * f_->jet(inputs(t, x), mode);
  if (options_.f_transform == "initial") return initial_lift(t.unsqueeze(1), q0, q0_x, o);
  // A jet minus the t-independent q0.
  auto minus_q0 = [&](Jet a) {
    a.v = a.v - q0;
    if (a.has_tangents()) a.x = a.x - q0_x;
    return a;
  };
  if (options_.f_transform == "free") {
    if (!free_around_initial) return o;
    o.v = o.v + q0;
    if (o.has_tangents()) o.x = o.x + q0_x;
    return o;
  }
  // layer: with_initial_layer(q0, o', o0') = q0 + o' - exp(-t/eps) o0' with o' = G - q0 and o0' = G(0, x) - q0.
  auto o0 = scale_ * f_->jet(inputs(torch::zeros_like(t), x), mode);
  if (!free_around_initial) o = minus_q0(o), o0 = minus_q0(o0);
  auto [eps, eps_x] = initial_profile(problem_.plasma.eps_profile, x.reshape(-1));
  return with_initial_layer(q0, q0_x, o, o0, t.reshape({-1, 1}), eps.unsqueeze(1), eps_x.unsqueeze(1));
}

torch::Tensor VpfpModel::initial_g(const torch::Tensor& x) const {
  auto f0 = tabulate(problem_.initial.f, torch::zeros({1, 1}, topt_), x.unsqueeze(1), v_.unsqueeze(0));
  return f0 / maxwellian0(v_).unsqueeze(0);
}

VpfpModel::Potential VpfpModel::potential(const torch::Tensor& t, const torch::Tensor& x) {
  torch::AutoGradMode enable(true);
  auto X = inputs(t, x).detach().requires_grad_(true);
  auto phi = phi_->jet(X, Derivatives::Tangent);
  auto second = torch::autograd::grad({phi.x}, {X}, {torch::ones_like(phi.x)}, /*retain_graph=*/true,
                                      /*create_graph=*/true)[0];
  return {phi_scale_ * phi.x, phi_scale_ * second.select(1, 1), phi_scale_ * second.select(1, 0)};
}

torch::Tensor VpfpModel::interpolate(const torch::Tensor& q, const torch::Tensor& v) const {
  auto nodes = v_.unsqueeze(0);
  auto vv = v.reshape({-1, 1});
  // Lagrange basis l_k(v) = prod_{j != k} (v - v_j)/(v_k - v_j), in logs with signs (wide node sets).
  const long K = v_.size(0);
  auto diff = vv - nodes;                                            // (n x K): v - v_j
  auto node_diff = v_.unsqueeze(1) - nodes + torch::eye(K, topt_);  // (K x K): v_k - v_j, 1 on the diagonal
  auto log_den = torch::log(node_diff.abs()).sum(1), sign_den = torch::sign(node_diff).prod(1);
  auto exact = diff == 0;
  auto safe = torch::where(exact, torch::ones_like(diff), diff);
  auto log_num = torch::log(safe.abs()).sum(1, true) - torch::log(safe.abs());
  auto sign_num = torch::sign(safe).prod(1, true) / torch::sign(safe);
  auto basis = sign_num * sign_den.unsqueeze(0) * torch::exp(log_num - log_den.unsqueeze(0));
  // A v equal to a node: the basis is the unit vector there.
  basis = torch::where(exact.any(1, true), exact.to(basis.dtype()), basis);
  return (basis * q).sum(1);
}

void vpfp_defaults(NeuralOptions& o) {
  // The published networks: rho, phi [3, 128 x 5, 1] (t and x as cos, sin), f [4, 256 x 5, 1] (here K outputs).
  NetworkOptions small;
  small.kind = "fc", small.width = 128, small.depth = 5, small.activation = "tanh";
  NetworkOptions wide = small;
  wide.width = 256;
  o.networks = {{"rho", small}, {"phi", small}, {"f", wide}};
  o.n_interior = 512, o.n_initial = 256, o.n_boundary = 256;
  o.quadrature = 32;
  o.rho_transform = "initial";
  o.f_transform = "initial";
  o.derivatives = "tangent";  // K outputs: one tangent pass instead of K reverse passes
}

void parse_vpfp_options(const ConfigNode& section, NeuralOptions& o, const std::string& method) {
  if (auto tr = section.optional_child("transforms")) {
    tr->allow_only({"rho", "f"});
    if (tr->has("rho")) o.rho_transform = tr->get_choice("rho", {"initial", "none"});
    o.f_transform = tr->get_choice("f", {"initial", "free", "layer"}, "initial");
  }
  o.periodic_features = section.get_bool("periodic_features", o.periodic_features);
  if (o.quadrature < 4)
    section.fail("quadrature", fmt::format("{} needs >= 4 Gauss-Hermite nodes (got {})", method, o.quadrature));
}

void accept_vpfp_problem(const Problem& problem, const NeuralOptions& options, const std::string& method) {
  if (problem.equation != Equation::VPFP)
    throw InputError(fmt::format("neural.method: {} is a VPFP model (problem is {})", method,
                                 to_string(problem.equation)));
  if (!problem.plasma.fokker_planck)
    throw InputError(fmt::format("neural.method: {} needs the Fokker-Planck term (problem.fokker_planck: false is "
                                 "the Vlasov-Poisson system, which it does not model)",
                                 method));
  if (!options.periodic_features)
    throw InputError(
        fmt::format("neural.periodic_features: {} builds periodicity into its networks (must be true)", method));
  if (options.rho_transform != "initial" && options.rho_transform != "none")
    throw InputError(fmt::format("neural.transforms.rho: {} takes initial or none (got {})", method,
                                 options.rho_transform));
}

const char* const kVpfpConformanceProblem =
    "problem:\n  equation: vpfp\n  eps: 0.1\n  time: {end: 0.2}\n  space: [0, 12.566370614359172]\n"
    "  velocity: {range: [-8, 8]}\n  background: \"1\"\n"
    "  initial: {f: \"(1 + 0.3*cos(0.5*x))*exp(-v^2/2)/sqrt(2*pi)\"}\n  boundary: {type: periodic}\n"
    "  eps_profile: \"0.1 + 0.05*cos(0.5*x)\"\n  output_times: [0.2]\n";
const char* const kVpfpConformanceNetworks =
    "  networks: {kind: fc, width: 16, depth: 2, activation: tanh}\n  batch: {interior: 32, initial: 16, boundary: 16}\n"
    "  quadrature: 8\n";

}  // namespace kinetic::neural
