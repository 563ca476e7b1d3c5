// APNN for Vlasov-Poisson-Fokker-Planck in the high-field scaling, mass-conservation based ("apnn_vpfp"; the
// slides' "APNNs for the VPFP system"). The equations (core/equations/vpfp.cpp), with E = -phi_x:
//   f_t + v f_x = (1/eps) ((v - E) f + f_v)_v,    -phi_xx = rho - h,    rho = int f dv.
// Write f = M0(v) g with M0 = exp(-v^2/2)/sqrt(2 pi). Then (v - E) f + f_v = M0 (g_v - E g) and
//   (1/M0) ((v - E) f + f_v)_v = g_vv - (v + E) g_v + v E g  =: L_E g,
// whose kernel is g ~ exp(v E - E^2/2), i.e. f ~ M(v; E), the Maxwellian shifted by the field. Multiplied by
// eps, the kinetic equation has no 1/eps factor:
//   kinetic:       eps (g_t + v g_x) - L_E g = 0          (mean over v in L^2(M0): Gauss-Hermite weights)
// and the mass conservation law (the Fokker-Planck operator conserves mass), the moment constraint and Poisson:
//   conservation:  rho_t + int v M0 g_x dv = 0
//   constraint:    rho - int M0 g dv = 0
//   poisson:       -phi_xx - (rho - h) = 0
// As eps -> 0 the kinetic term forces g = rho exp(v E - E^2/2) (with the constraint), int v f dv = rho E, and
// the conservation term becomes the drift-Poisson limit rho_t + (rho E)_x = 0 (asymptotic preservation).
// eps may vary in x (problem.eps_profile): the kinetic term takes eps(x) at each point.
// Velocity: K Gauss-Hermite nodes v_k (probabilists', weights w_k summing to 1: int M0 q dv ~ sum_k w_k q(v_k),
// exact for polynomials q of degree < 2K). The f network is a network of (t, x) with K outputs, g at the K
// nodes (the published f network takes v as an input; here v is collocated, and g_v, g_vv are those of the
// degree K-1 interpolant through the nodes, by the spectral differentiation matrix): K times fewer rows.
// The problem's velocity range only bounds the classical grid; the nodes are those of the Hermite rule.
// By construction: periodic in x (periodic features), g(0) = g0 = f0/M0 and rho(0) = rho0 = sum_k w_k g0_k
// (g = g0 + t o, rho = rho0 + t o), so there are no initial terms. phi is free (its constant is irrelevant); E = -phi_x and
// phi_xx by differentiating the tangent phi_x again (autograd).
// Output scales: the networks' outputs are O(1) at initialisation, the fields' changes are of the size of the
// initial charge perturbation delta = max |rho0 - h| (1e-2 for linear Landau damping), and a potential of
// that charge is delta (L/(2 pi))^2. So rho = rho0 + t delta o_rho, g = g0 + t delta o_f, phi = delta
// (L/(2 pi))^2 o_phi (delta = 1 without a perturbation). Measured on linear Landau damping at eps = 1 (1000
// Adam steps): without the scales the Poisson term stalled at the size of (rho - h)^2 and E was 100 % off.
// The residuals are divided by delta, so the loss terms read as squared relative errors (and the optimisers'
// absolute tolerances mean the same for every amplitude).
// Weights: kinetic is the slides' kappa_1 (120 kinetic, 150 intermediate, 500 high-field regime).
#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"
#include "core/random_quadrature.hpp"  // gauss_hermite_probabilists: the rule for the weight M0
#include "neural/method_registry.hpp"
#include "neural/training/model.hpp"
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

class ApnnVpfp : public Model {
 public:
  ApnnVpfp(const Problem& problem, const NeuralOptions& options) : Model(problem, options) {
    const int K = options.quadrature;
    const auto [nodes, weights] = gauss_hermite_probabilists(K);
    v_ = column(nodes), w_ = column(weights);
    auto D = torch::tensor(differentiation_matrix(nodes), torch::kFloat64).view({K, K}).to(topt_);
    Dt_ = D.t().contiguous(), D2t_ = torch::matmul(D, D).t().contiguous();
    const double xl = problem.x_left, xr = problem.x_right, t1 = problem.t_end;
    rho_ = register_module("rho", FieldNet(options.networks.at("rho"), std::vector<double>{0, xl},
                                           std::vector<double>{t1, xr}, 0, 1, period()));
    phi_ = register_module("phi", FieldNet(options.networks.at("phi"), std::vector<double>{0, xl},
                                           std::vector<double>{t1, xr}, 0, 1, period()));
    f_ = register_module("f", FieldNet(options.networks.at("f"), std::vector<double>{0, xl},
                                       std::vector<double>{t1, xr}, 0, 1, period(), K));
    this->to(topt_.device(), topt_.dtype().toScalarType());
    // Output scales from the initial charge (header): delta = max |rho0 - h| (1 without a perturbation).
    double delta = 0.0;
    for (int i = 0; i < 400; ++i) {
      const double x = xl + (xr - xl) * i / 400.0;
      auto xs = torch::full({1}, x, topt_);
      delta = std::max(delta, std::abs(initial_rho(xs).item<double>() - problem.plasma.background(0, x, 0)));
    }
    if (!(delta > 1e-12)) delta = 1.0;
    scale_ = delta, phi_scale_ = delta * std::pow((xr - xl) / (2 * M_PI), 2);
  }

  void resample(PointSampler& sampler, int factor) override {
    auto c = sample_collocation(sampler, factor);
    it_ = c.t, ix_ = c.x, x0_ = c.initial_x;
  }

  int interior_term_count() const override { return 4; }

  std::vector<ResidualTerm> residual_terms(Derivatives mode) override {
    const Derivatives d = mode == Derivatives::None ? Derivatives::Tangent : mode;
    Jet rho = rho_jet(it_, ix_, d), g = g_jet(it_, ix_, d);
    auto [phi_x, phi_xx] = potential_derivatives(it_, ix_);
    auto v = v_.unsqueeze(0), E = (-phi_x).unsqueeze(1);
    auto g_v = torch::matmul(g.v, Dt_), g_vv = torch::matmul(g.v, D2t_);
    auto eps = tabulate(problem_.plasma.eps_profile, it_, ix_, torch::zeros({1}, topt_)).unsqueeze(1);
    auto h = tabulate(problem_.plasma.background, it_, ix_, torch::zeros({1}, topt_));
    auto kinetic = eps * (g.t + v * g.x) - (g_vv - (v + E) * g_v + v * E * g.v);
    auto conservation = rho.t + torch::matmul(g.x, v_ * w_);
    auto constraint = rho.v - torch::matmul(g.v, w_);
    auto poisson = -phi_xx - (rho.v - h);
    // Relative to the perturbation scale delta, so that the loss reads as a squared relative error.
    const double r = 1.0 / scale_;
    return {quadrature_mean_square(r * kinetic, w_), mean_square(r * conservation), mean_square(r * constraint),
            mean_square(r * poisson), initial_f_term()};
  }

  torch::Tensor density(const torch::Tensor& t, const torch::Tensor& x) override {
    return rho_jet(t, x, Derivatives::None).v;
  }

  // rho and E = -phi_x (tangent propagation: no autograd, so it works under NoGradGuard).
  std::vector<std::pair<std::string, torch::Tensor>> fields(const torch::Tensor& t, const torch::Tensor& x) override {
    auto phi = phi_->jet(inputs(t, x), Derivatives::Tangent);
    return {{"rho", density(t, x)}, {"E", -phi_scale_ * phi.x.reshape(t.sizes())}};
  }

  // The electric energy (1/2) int E^2 dx at 201 times on [0, t_end] (trapezoidal on the periodic grid x,
  // whose last point repeats the first), as the classical solvers write it per step.
  std::map<std::string, std::vector<double>> result_series(const std::vector<double>& x) override {
    torch::NoGradGuard no_grad;
    const long n = static_cast<long>(x.size()) - 1;  // the periodic grid without its repeated end
    auto xs = torch::tensor(std::vector<double>(x.begin(), x.begin() + n), torch::kFloat64).to(topt_);
    const double dx = problem_.length() / n;
    std::vector<double> ts, energy;
    for (int i = 0; i <= 200; ++i) {
      const double t = problem_.t_end * i / 200.0;
      auto fields_at = fields(torch::full_like(xs, t), xs);
      const double w = 0.5 * dx * fields_at.at(1).second.pow(2).sum().item<double>();
      ts.push_back(t), energy.push_back(w);
    }
    return {{"series_t", ts}, {"electric_energy", energy}};
  }

  // f at (t, x) for velocities v: M0(v) times the degree K-1 interpolant of g through the nodes.
  torch::Tensor distribution(const torch::Tensor& t, const torch::Tensor& x, const torch::Tensor& v) override {
    auto g = g_jet(t, x, Derivatives::None).v;  // (n x K)
    auto nodes = v_.unsqueeze(0);
    auto vv = v.reshape({-1, 1});
    // Lagrange basis l_k(v) = prod_{j != k} (v - v_j)/(v_k - v_j), in logs with signs (wide node sets).
    const long K = v_.size(0);
    auto diff = vv - nodes;                                             // (n x K): v - v_j
    auto node_diff = v_.unsqueeze(1) - nodes + torch::eye(K, topt_);   // (K x K): v_k - v_j, 1 on the diagonal
    auto log_den = torch::log(node_diff.abs()).sum(1), sign_den = torch::sign(node_diff).prod(1);
    auto exact = diff == 0;
    auto safe = torch::where(exact, torch::ones_like(diff), diff);
    auto log_num = torch::log(safe.abs()).sum(1, true) - torch::log(safe.abs());
    auto sign_num = torch::sign(safe).prod(1, true) / torch::sign(safe);
    auto basis = sign_num * sign_den.unsqueeze(0) * torch::exp(log_num - log_den.unsqueeze(0));
    // A v equal to a node: the basis is the unit vector there.
    auto hit = exact.any(1, true);
    basis = torch::where(hit, exact.to(basis.dtype()), basis);
    auto m0 = torch::exp(-0.5 * vv.squeeze(1) * vv.squeeze(1)) / std::sqrt(2 * M_PI);
    return m0 * (basis * g).sum(1);
  }

 private:
  static torch::Tensor inputs(const torch::Tensor& t, const torch::Tensor& x) {
    return torch::stack({t.reshape(-1), x.reshape(-1)}, 1);
  }

  Jet rho_jet(const torch::Tensor& t, const torch::Tensor& x, Derivatives mode) {
    auto o = scale_ * rho_->jet(inputs(t, x), mode);
    if (options_.rho_transform == "none") return o;
    auto [rho0, rho0_x] = profile_with_derivative([&](const torch::Tensor& xs) { return initial_rho(xs); }, x);
    return initial_lift(t, rho0, rho0_x, o);
  }

  // f: initial (default): g = g0(x, v_k) + t o_k on (points x K), the initial data exactly; free: g = g0(x_ref)
  // + o, the initial data by the ic_f term (the high-field regime's initial layer, where f jumps within a time
  // eps to the local equilibrium rho M(v; E), is then not forced through the networks' t-derivative; with ic_f
  // weighted 0, f(0) is left to the kinetic term, as in the limit, whose only initial datum is rho0);
  // layer: g = G - exp(-t/eps(x)) (G(0, x) - g0) with G = g0 + o, the initial data exactly and the initial
  // layer in closed form. Its leading part is the first Hermite mode (g_eq - g0 ~ v E g0), which L_0 damps at
  // rate 1, so the layer term itself solves eps g_t = L_0 g; for eps ~ 1 it is a smooth term that G absorbs.
  // Uniform in eps, so it fits the mixing regime, where eps(x) spans 1 .. 1e-3.
  Jet g_jet(const torch::Tensor& t, const torch::Tensor& x, Derivatives mode) {
    auto o = scale_ * f_->jet(inputs(t, x), mode);
    auto [g0, g0_x] = profile_with_derivative([&](const torch::Tensor& xs) { return initial_g(xs); }, x);
    if (options_.f_transform == "free")
      return Jet{g0 + o.v, o.has_tangents() ? o.t : torch::Tensor(), o.has_tangents() ? g0_x + o.x : torch::Tensor()};
    if (options_.f_transform == "layer") {
      auto o0 = scale_ * f_->jet(inputs(torch::zeros_like(t), x), mode);  // G(0, x) - g0
      auto [eps, eps_x] = initial_profile(problem_.plasma.eps_profile, x.reshape(-1));
      return with_initial_layer(g0, g0_x, o, o0, t.reshape({-1, 1}), eps.unsqueeze(1), eps_x.unsqueeze(1));
    }
    return initial_lift(t.unsqueeze(1), g0, g0_x, o);
  }

  // f0(x, v_k)/M0(v_k) at the points (points x K).
  torch::Tensor initial_g(const torch::Tensor& x) const {
    auto f0 = tabulate(problem_.initial.f, torch::zeros({1, 1}, topt_), x.unsqueeze(1), v_.unsqueeze(0));
    auto m0 = torch::exp(-0.5 * v_ * v_) / std::sqrt(2 * M_PI);
    return f0 / m0.unsqueeze(0);
  }

  // ic_f (transform free): g(0, x) - g0(x) at the initial points, relative to delta.
  ResidualTerm initial_f_term() {
    if (options_.f_transform != "free") return no_residual();
    auto g = g_jet(torch::zeros_like(x0_), x0_, Derivatives::None).v;
    return quadrature_mean_square((g - initial_g(x0_)) / scale_, w_);
  }

  // rho0 = int M0 g0 dv by the same Gauss-Hermite rule as the constraint, so that it holds at t = 0 exactly
  // (the problem's Gauss-Legendre rule on [-V, V] with K nodes misses int M0 dv by 3e-3 at K = 12).
  torch::Tensor initial_rho(const torch::Tensor& x) const { return torch::matmul(initial_g(x), w_); }

  // phi_x (tangent) and phi_xx (its x-derivative by autograd, kept in the graph for the parameter gradient).
  std::pair<torch::Tensor, torch::Tensor> potential_derivatives(const torch::Tensor& t, const torch::Tensor& x) {
    torch::AutoGradMode enable(true);
    auto X = inputs(t, x).detach().requires_grad_(true);
    auto phi = phi_->jet(X, Derivatives::Tangent);
    auto second = torch::autograd::grad({phi.x}, {X}, {torch::ones_like(phi.x)}, /*retain_graph=*/true,
                                        /*create_graph=*/true)[0];
    return {phi_scale_ * phi.x, phi_scale_ * second.select(1, 1)};
  }

  FieldNet rho_{nullptr}, phi_{nullptr}, f_{nullptr};
  torch::Tensor v_, w_, Dt_, D2t_, x0_;
  double scale_ = 1.0, phi_scale_ = 1.0;
};

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

void accept_vpfp_problem(const Problem& problem, const NeuralOptions& options) {
  if (problem.equation != Equation::VPFP)
    throw InputError(fmt::format("neural.method: apnn_vpfp is the VPFP model (problem is {})",
                                 to_string(problem.equation)));
  if (!problem.plasma.fokker_planck)
    throw InputError("neural.method: apnn_vpfp needs the Fokker-Planck term (problem.fokker_planck: false is the "
                     "Vlasov-Poisson system, which it does not model)");
  if (!options.periodic_features)
    throw InputError("neural.periodic_features: apnn_vpfp builds periodicity into its networks (must be true)");
  if (options.rho_transform != "initial" && options.rho_transform != "none")
    throw InputError(fmt::format("neural.transforms.rho: apnn_vpfp takes initial or none (got {})",
                                 options.rho_transform));
}

const bool registered = register_neural_method(NeuralMethod::network_model(
    Equation::VPFP, "apnn_vpfp",
    "APNN for VPFP (mass-conservation based): networks rho(t, x), phi(t, x), f = M0 g at Gauss-Hermite nodes",
    {"rho", "phi", "f"}, {{"kinetic", 120}, {"conservation", 1}, {"constraint", 1}, {"poisson", 1}, {"ic_f", 1}},
    {"transforms", "periodic_features"}, vpfp_defaults,
    [](const ConfigNode& section, NeuralOptions& o) {
      if (auto tr = section.optional_child("transforms")) {
        tr->allow_only({"rho", "f"});
        if (tr->has("rho")) o.rho_transform = tr->get_choice("rho", {"initial", "none"});
        o.f_transform = tr->get_choice("f", {"initial", "free", "layer"}, "initial");
      }
      o.periodic_features = section.get_bool("periodic_features", o.periodic_features);
      if (o.quadrature < 4) section.fail("quadrature", fmt::format("must be >= 4 Gauss-Hermite nodes (got {})", o.quadrature));
    },
    accept_vpfp_problem, [](const Problem& p, const NeuralOptions& o) { return std::make_shared<ApnnVpfp>(p, o); },
    {"problem:\n  equation: vpfp\n  eps: 0.1\n  time: {end: 0.2}\n  space: [0, 12.566370614359172]\n"
     "  velocity: {range: [-8, 8]}\n  background: \"1\"\n"
     "  initial: {f: \"(1 + 0.3*cos(0.5*x))*exp(-v^2/2)/sqrt(2*pi)\"}\n  boundary: {type: periodic}\n"
     "  eps_profile: \"0.1 + 0.05*cos(0.5*x)\"\n  output_times: [0.2]\n",
     "  quadrature: 8\n  transforms: {f: free}\n  weights: {kinetic: 1, poisson: 10, ic_f: 10}\n"}));

}  // namespace
}  // namespace kinetic::neural
