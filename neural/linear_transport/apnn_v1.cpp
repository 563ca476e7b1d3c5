// APNN v1: micro-macro model of linear transport (slides "APNN v1"; reference-facts "Micro-macro").
//   f = rho + eps g,  <g> = 0
//   macro:  rho_t + <v g_x> + sigma_a rho - <G> = 0
//   micro:  eps^2 g_t + eps (I - Pi)(v g_x) + v rho_x + (sigma_s + eps^2 sigma_a) g - eps (G - <G>) = 0
//   inflow: rho + eps g = f_L(t, v) at xL for v > 0, = f_R(t, v) at xR for v < 0;  periodic: equal ends
//   initial: rho = <f0>,  rho + eps g = f0
// Networks rho(t,x) (transform exp / softplus / t_exp) and g~(t,x,v). Mass conservation mechanism:
// g = g~ - <g~> exactly on the quadrature ("projection: exact"), or g = g~ with the soft penalty
// lambda <g~>^2 ("projection: soft", weight soft_mean).
#include <optional>

#include "core/error.hpp"
#include "core/quadrature.hpp"
#include "neural/linear_transport/corner_layer.hpp"
#include "neural/linear_transport/slab_models.hpp"
#include "neural/method_registry.hpp"
#include "neural/training/model.hpp"

namespace kinetic::neural {
namespace {

class ApnnV1 : public Model {
 public:
  ApnnV1(const Problem& problem, const NeuralOptions& options) : Model(problem, options) {
    const VelocityColumns vc = velocity_columns();
    v_ = vc.v, w_ = vc.w, w_pos_ = vc.w_pos, w_neg_ = vc.w_neg;
    if (options.milne_inflow) {  // inflow_condition: milne (slab_models.hpp)
      milne_pos_ = milne_inflow_weights(v_, w_pos_, problem.velocity.vmax);
      milne_neg_ = milne_inflow_weights(v_, w_neg_, problem.velocity.vmax);
    }
    const double t0 = 0, t1 = problem.t_end, x0 = problem.x_left, x1 = problem.x_right;
    std::vector<double> rho_lo = {t0, x0}, rho_hi = {t1, x1};
    std::vector<double> g_lo = {t0, x0, problem.velocity.vmin}, g_hi = {t1, x1, problem.velocity.vmax};
    append_random_range(rho_lo, rho_hi);  // random inputs: z1 ... zd follow (t, x) and (t, x, v)
    append_random_range(g_lo, g_hi);
    rho_ = register_module("rho", FieldNet(options.networks.at("rho"), rho_lo, rho_hi, 0, 1, period()));
    g_ = register_module("g", FieldNet(options.networks.at("g"), g_lo, g_hi, 0, 1, period()));
    this->to(topt_.device(), topt_.dtype().toScalarType());
    // corner_layer: the layer's D from this model's rule, whose macro residual has <v g_x> = sum_k w_k v_k g_x.
    if (options.corner_layer)
      layer_.emplace(problem, (w_.to(torch::kFloat64) * v_.to(torch::kFloat64).pow(2)).sum().item<double>(),
                     options.corner_layer_decay);
  }

  void resample(PointSampler& sampler, int factor) override {
    auto c = sample_collocation(sampler, factor);
    it_ = c.t, ix_ = c.x, bt_ = c.boundary_t, x0_ = c.initial_x;
    iz_ = c.z, bz_ = c.boundary_z, z0_ = c.initial_z;  // undefined without random inputs
  }

  // rho at points (t, x) and, with random inputs, their z (points x d).
  Jet rho_jet(const torch::Tensor& t, const torch::Tensor& x, Derivatives mode, const torch::Tensor& z = {}) {
    Jet rho = rho_transform(rho_->jet(with_random(torch::stack({t, x}, 1), z), mode), t, x);
    if (!layer_) return rho;
    return rho + CornerLayer::density((*layer_)(t, x, z), rho.has_tangents());
  }

  // g (or g~ when soft) on (points x ordinates) and <g~> (points).
  std::pair<Jet, torch::Tensor> g_jet(const torch::Tensor& t, const torch::Tensor& x, Derivatives mode,
                                      const torch::Tensor& z = {}) {
    const long n = t.size(0), K = v_.size(0);
    auto raw = g_->jet(with_random(stack_inputs(t.unsqueeze(1), x.unsqueeze(1), v_.unsqueeze(0)), z), mode);
    Jet g = map_linear(raw, [&](const torch::Tensor& a) { return a.view({n, K}); });
    auto mean = torch::matmul(g.v, w_);
    if (options_.exact_projection) g = zero_mean(g, w_);
    if (layer_)  // g's layer -(v/sigma) L_x has <g> = 0 (symmetric ordinates)
      g = g + layer_->flux((*layer_)(t.unsqueeze(1), x.unsqueeze(1), z), v_.unsqueeze(0), g.has_tangents());
    return {g, mean};
  }

  int interior_term_count() const override { return 2; }  // macro, micro

  std::vector<ResidualTerm> residual_terms(Derivatives mode) override {
    const double eps = problem_.eps, e2 = eps * eps;
    auto t = it_.unsqueeze(1), x = ix_.unsqueeze(1), v = v_.unsqueeze(0);
    Jet rho = rho_jet(it_, ix_, mode, iz_);
    auto [g, g_mean] = g_jet(it_, ix_, mode, iz_);
    auto sig_s = tabulate(problem_.sigma_s, t, x, torch::zeros({1, 1}, topt_), iz_);
    auto sig_a = tabulate(problem_.sigma_a, t, x, torch::zeros({1, 1}, topt_), iz_);
    auto G = tabulate(problem_.source, t, x, v, iz_);
    auto G_mean = torch::matmul(G, w_);
    auto vgx = v * g.x;
    auto vgx_mean = torch::matmul(vgx, w_);
    auto macro = rho.t + vgx_mean + sig_a.squeeze(1) * rho.v - G_mean;
    auto micro = e2 * g.t + eps * (vgx - vgx_mean.unsqueeze(1)) + v * rho.x.unsqueeze(1) +
                 (sig_s + e2 * sig_a) * g.v - eps * (G - G_mean.unsqueeze(1));
    return {mean_square(macro), quadrature_mean_square(micro, w_ / w_.sum()),
            options_.milne_inflow ? milne_boundary_term(mode) : boundary_term(), initial_rho_term(),
            initial_f_term(), mean_square(g_mean)};
  }

  // inflow_condition: milne (slab_models.hpp): rho -+ q (eps/sigma_s) rho_x = sum_k m_k f_in(v_k) at the walls,
  // q = sum_k m_k |v_k| (0.7104 V). On rho itself: a condition on rho + eps g at the wall would leave g free to
  // grow there (no interior point sees it), and the rows' mean could be met with the wrong density.
  ResidualTerm milne_boundary_term(Derivatives mode) {
    const double eps = problem_.eps;
    auto xl = torch::full_like(bt_, problem_.x_left), xr = torch::full_like(bt_, problem_.x_right);
    auto t = bt_.unsqueeze(1), v = v_.unsqueeze(0), zero = torch::zeros({1, 1}, topt_);
    Jet rl = rho_jet(bt_, xl, mode, bz_), rr = rho_jet(bt_, xr, mode, bz_);
    auto sl = tabulate(problem_.sigma_s, t, xl.unsqueeze(1), zero, bz_).reshape(-1);
    auto sr = tabulate(problem_.sigma_s, t, xr.unsqueeze(1), zero, bz_).reshape(-1);
    auto fl = torch::matmul(tabulate(problem_.boundary.f_left, t, xl.unsqueeze(1), v, bz_), milne_pos_);
    auto fr = torch::matmul(tabulate(problem_.boundary.f_right, t, xr.unsqueeze(1), v, bz_), milne_neg_);
    const double ql = (milne_pos_ * v_.abs()).sum().item<double>(), qr = (milne_neg_ * v_.abs()).sum().item<double>();
    return milne_wall_term(eps, rl, sl, fl, ql, rr, sr, fr, qr);
  }

  ResidualTerm boundary_term() {
    const double eps = problem_.eps;
    const auto none = Derivatives::None;
    auto xl = torch::full_like(bt_, problem_.x_left), xr = torch::full_like(bt_, problem_.x_right);
    auto rl = rho_jet(bt_, xl, none, bz_).v, rr = rho_jet(bt_, xr, none, bz_).v;
    auto gl = g_jet(bt_, xl, none, bz_).first.v, gr = g_jet(bt_, xr, none, bz_).first.v;
    if (problem_.periodic()) return mean_square(rl - rr) + quadrature_mean_square(gl - gr, w_ / w_.sum());
    // f = rho + eps g against the inflow data on the incoming ordinates only.
    auto t = bt_.unsqueeze(1), v = v_.unsqueeze(0);
    auto left = rl.unsqueeze(1) + eps * gl - tabulate(problem_.boundary.f_left, t, xl.unsqueeze(1), v, bz_);
    auto right = rr.unsqueeze(1) + eps * gr - tabulate(problem_.boundary.f_right, t, xr.unsqueeze(1), v, bz_);
    return two_sided_mean_square(0.5, left, w_pos_, right, w_neg_);
  }

  torch::Tensor f0() const {
    return tabulate(problem_.initial.f, torch::zeros({1, 1}, topt_), x0_.unsqueeze(1), v_.unsqueeze(0), z0_);
  }

  ResidualTerm initial_rho_term() {
    if (rho_initial_exact()) return no_residual();  // holds by construction
    auto t0 = torch::zeros_like(x0_);
    return mean_square(rho_jet(t0, x0_, Derivatives::None, z0_).v - torch::matmul(f0(), w_));
  }

  ResidualTerm initial_f_term() {
    auto t0 = torch::zeros_like(x0_);
    auto f = rho_jet(t0, x0_, Derivatives::None, z0_).v.unsqueeze(1) +
             problem_.eps * g_jet(t0, x0_, Derivatives::None, z0_).first.v;
    return quadrature_mean_square(f - f0(), w_ / w_.sum());
  }

  // With random inputs: the mean over z by the statistics rule (the fields are rho_mean, rho_std, ...).
  torch::Tensor density(const torch::Tensor& t, const torch::Tensor& x) override {
    if (random_dim() > 0) return fields(t, x).front().second;
    return rho_jet(t, x, Derivatives::None).v;
  }

  std::vector<std::pair<std::string, torch::Tensor>> fields(const torch::Tensor& t, const torch::Tensor& x) override {
    if (random_dim() == 0) return {{"rho", density(t, x)}};
    return random_statistics("rho", [&](const torch::Tensor& ts, const torch::Tensor& xs, const torch::Tensor& z) {
      return rho_jet(ts, xs, Derivatives::None, z).v;
    }, t, x);
  }

 private:
  torch::Tensor v_, w_, w_pos_, w_neg_;
  torch::Tensor milne_pos_, milne_neg_;  // inflow_condition: milne: Milne weights of the incoming ordinates
  FieldNet rho_{nullptr}, g_{nullptr};
  std::optional<CornerLayer> layer_;  // corner_layer: diffusion (corner_layer.hpp)
  torch::Tensor bt_, x0_;
  torch::Tensor bz_, z0_;  // random inputs of the boundary and initial points (if any)
};

}  // namespace

namespace {

// The published v1 setup (reference-facts.md): rho ResNet 5 x 128 with rho = exp(-o), g~ ResNet 5 x 256;
// 1024 interior / 512 wall / 1024 initial points.
//   transforms: {rho: exp | t_exp | initial | softplus | none}
//   projection: exact          exact: g = g~ - <g~> (<g> = 0 by construction) | soft: g = g~ and the loss
//                              term soft_mean = <g>^2 (the slides' soft constraint)
//   corner_layer: none         diffusion: rho and g carry the diffusion limit's corner layers (corner_layer.hpp)
//   inflow_condition: kinetic  milne: Milne's first-order condition on rho at the walls (slab_models.hpp)
// The soft_mean term's weight defaults to 1 with projection soft and to 0 with exact (the term vanishes by
// construction there); a weight for it is refused with exact.
void apnn_v1_defaults(NeuralOptions& o) {
  for (auto& [name, n] : o.networks) n.kind = "resnet", n.depth = 5, n.width = name == "rho" ? 128 : 256;
  o.n_interior = 1024, o.n_boundary = 512, o.n_initial = 1024;
  o.rho_transform = "exp";
}

void parse_apnn_v1_keys(const ConfigNode& section, NeuralOptions& o) {
  require_even_quadrature(section, o);
  parse_periodic_features(section, o);
  if (auto tr = section.optional_child("transforms")) {
    tr->allow_only({"rho"});
    o.rho_transform = parse_rho_transform(*tr, o.rho_transform);
  }
  o.exact_projection = section.get_choice("projection", {"exact", "soft"}, "exact") == "exact";
  parse_corner_layer(section, o);
  parse_inflow_condition(section, o);
  if (o.exact_projection) {
    if (auto w = section.optional_child("weights"); w && w->has("soft_mean"))
      w->fail("soft_mean", "weights the soft constraint <g>^2, which vanishes with projection: exact "
                           "(set projection: soft)");
    o.weights["soft_mean"] = 0.0;
  }
}

const bool registered = register_neural_method(NeuralMethod::network_model(
    Equation::LinearTransport, "apnn_v1",
    "APNN v1 (micro-macro): networks rho(t, x) and g(t, x, v), f = rho + eps g, <g> = 0", {"rho", "g"},
    {{"macro", 1}, {"micro", 1}, {"bc", 10}, {"ic_rho", 10}, {"ic_f", 10}, {"soft_mean", 1}},
    {"transforms", "projection", "periodic_features", "statistics", "corner_layer", "inflow_condition"}, apnn_v1_defaults, parse_apnn_v1_keys,
    [](const Problem& p, const NeuralOptions& o) {
      accept_slab_problem(p, o);
      if (o.corner_layer) CornerLayer::check_problem(p);  // refused at check, not only when training starts
    },
    [](const Problem& p, const NeuralOptions& o) { return std::make_shared<ApnnV1>(p, o); },
    {slab_conformance_problem("1.0e-8"), slab_conformance_networks() + "  projection: soft\n"}));

}  // namespace

}  // namespace kinetic::neural
