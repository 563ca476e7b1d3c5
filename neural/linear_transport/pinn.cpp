// PINN baseline for linear transport (slides "PINN"): one network f(t,x,v), least squares of the full
// residual multiplied by eps (the slides' form),
//   eps^2 f_t + eps v f_x - sigma_s (<f> - f) + eps^2 sigma_a f - eps^2 G = 0,
// plus inflow/periodic boundary and initial terms. As eps -> 0 the loss degenerates to the steady
// constraint f = <f> (not the diffusion limit): this model is expected to fail there.
#include "core/error.hpp"
#include "core/quadrature.hpp"
#include "neural/linear_transport/slab_models.hpp"
#include "neural/method_registry.hpp"
#include "neural/training/model.hpp"

namespace kinetic::neural {
namespace {

class Pinn : public Model {
 public:
  Pinn(const Problem& problem, const NeuralOptions& options) : Model(problem, options) {
    const VelocityColumns vc = velocity_columns();
    v_ = vc.v, w_ = vc.w, w_pos_ = vc.w_pos, w_neg_ = vc.w_neg;
    f_ = register_module("f", FieldNet(options.networks.at("f"),
                                       std::vector<double>{0, problem.x_left, problem.velocity.vmin},
                                       std::vector<double>{problem.t_end, problem.x_right, problem.velocity.vmax}, 0, 1,
                                       period()));
    this->to(topt_.device(), topt_.dtype().toScalarType());
  }

  void resample(PointSampler& sampler, int factor) override {
    auto c = sample_collocation(sampler, factor);
    it_ = c.t, ix_ = c.x, bt_ = c.boundary_t, x0_ = c.initial_x;
  }

  // f on (points x ordinates).
  Jet f_jet(const torch::Tensor& t, const torch::Tensor& x, Derivatives mode) {
    const long n = t.size(0), K = v_.size(0);
    Jet o = map_linear(f_->jet(stack_inputs(t.unsqueeze(1), x.unsqueeze(1), v_.unsqueeze(0)), mode),
                       [&](const torch::Tensor& a) { return a.view({n, K}); });
    if (options_.f_transform == "exp") return exp_neg(o);
    if (options_.f_transform == "softplus") return softplus(o);
    return o;
  }

  int interior_term_count() const override { return 1; }  // residual

  std::vector<ResidualTerm> residual_terms(Derivatives mode) override {
    const double eps = problem_.eps, e2 = eps * eps;
    auto t = it_.unsqueeze(1), x = ix_.unsqueeze(1), v = v_.unsqueeze(0);
    Jet f = f_jet(it_, ix_, mode);
    auto sig_s = tabulate(problem_.sigma_s, t, x, torch::zeros({1, 1}, topt_));
    auto sig_a = tabulate(problem_.sigma_a, t, x, torch::zeros({1, 1}, topt_));
    auto G = tabulate(problem_.source, t, x, v);
    auto rho = torch::matmul(f.v, w_).unsqueeze(1);
    auto res = e2 * f.t + eps * v * f.x - sig_s * (rho - f.v) + e2 * sig_a * f.v - e2 * G;
    auto wn = w_ / w_.sum();
    const auto none = Derivatives::None;
    auto xl = torch::full_like(bt_, problem_.x_left), xr = torch::full_like(bt_, problem_.x_right);
    auto fl = f_jet(bt_, xl, none).v, fr = f_jet(bt_, xr, none).v;
    ResidualTerm bc;
    if (problem_.periodic()) {
      bc = quadrature_mean_square(fl - fr, wn);
    } else {
      auto tb = bt_.unsqueeze(1);
      auto left = fl - tabulate(problem_.boundary.f_left, tb, xl.unsqueeze(1), v);
      auto right = fr - tabulate(problem_.boundary.f_right, tb, xr.unsqueeze(1), v);
      bc = two_sided_mean_square(0.5, left, w_pos_, right, w_neg_);
    }
    auto t0 = torch::zeros_like(x0_);
    auto f0 = tabulate(problem_.initial.f, t0.unsqueeze(1), x0_.unsqueeze(1), v);
    return {quadrature_mean_square(res, wn), bc, quadrature_mean_square(f_jet(t0, x0_, none).v - f0, wn)};
  }

  torch::Tensor density(const torch::Tensor& t, const torch::Tensor& x) override {
    return torch::matmul(f_jet(t, x, Derivatives::None).v, w_);
  }

 private:
  torch::Tensor v_, w_, w_pos_, w_neg_;
  FieldNet f_{nullptr};
  torch::Tensor bt_, x0_;
};

}  // namespace

namespace {

// The published PINN setup (reference-facts.md): f FC 4 x 256, swish, f = exp(-o); 1024 interior / 256 wall /
// 512 initial points; the rate decays x0.96 every 500 steps.
//   transforms: {f: exp | softplus | none}
void pinn_defaults(NeuralOptions& o) {
  o.networks["f"].width = 256, o.networks["f"].activation = "swish";
  o.n_interior = 1024, o.n_boundary = 256, o.n_initial = 512, o.optimizer.decay_every = 500;
  o.f_transform = "exp";
}

void parse_pinn_keys(const ConfigNode& section, NeuralOptions& o) {
  require_even_quadrature(section, o);
  parse_periodic_features(section, o);
  if (auto tr = section.optional_child("transforms")) {
    tr->allow_only({"f"});
    o.f_transform = tr->get_choice("f", {"exp", "softplus", "none"}, o.f_transform);
  }
}

const bool registered = register_neural_method(NeuralMethod::network_model(
    Equation::LinearTransport, "pinn",
    "PINN baseline: one network f(t, x, v), least squares of the eps-scaled residual (not AP: it fails as "
    "eps -> 0)",
    {"f"}, {{"residual", 1}, {"bc", 10}, {"ic", 10}}, {"transforms", "periodic_features"}, pinn_defaults,
    parse_pinn_keys, accept_slab_problem,
    [](const Problem& p, const NeuralOptions& o) { return std::make_shared<Pinn>(p, o); },
    {slab_conformance_problem("1.0"), slab_conformance_networks()}));

}  // namespace

}  // namespace kinetic::neural
