// APNN for gray radiative transfer, even-odd parity ("apnn_grte_v2"; the slides' "APNN based on even-odd
// decomposition" for the GRTE). For mu in (0, 1], with I(+-mu) the intensities of the two directions:
//   r = (I(mu) + I(-mu))/2,   j = (I(mu) - I(-mu))/(2 eps),   so I(+-mu) = r +- eps j.
// Half the sum and the difference / (2 eps) of the transport equation
// (eps^2/c) I_t + eps mu I_x = sigma (a c T^4/2 - I) + Q/2 at +mu and -mu give
//   r_eq:         (eps^2/c) r_t + eps^2 mu j_x - sigma (a c T^4/2 - r) - Q/2 = 0
//   j_eq:         (eps^2/c) j_t + mu r_x + sigma j = 0
// and with rho = <I> = (1/2) int_{-1}^{1} I dmu = int_0^1 r dmu =: <r>_+ the material equation and the
// conservation law (the r equation integrated over (0, 1] plus half the material equation, over eps^2):
//   energy:       eps^2 C_v T_t - sigma (2 rho - a c T^4) = 0
//   conservation: (1/c) rho_t + <mu j_x>_+ + (1/2) C_v T_t - Q/(2 eps^2) = 0
//   constraint:   rho - <r>_+ = 0
// These are the slides' equations with sigma0 = 1 (their j is sqrt(sigma0) times this one). As eps -> 0:
// r = a c T^4/2, j = -mu r_x/sigma, and the conservation law becomes the equilibrium diffusion equation
// (<mu^2>_+ = 1/3); no term carries 1/eps.
// Networks rho(t, x), T(t, x) (positive, GrteModel), r(t, x, mu) > 0 (r = exp(o), or r0 exp(t o) with the
// initial r0 exactly: transform "initial"), j(t, x, mu). Walls: the incoming intensity r + eps j (left, mu > 0)
// or r - eps j (right) against inflow a c T_b^4/2 or vacuum 0; reflecting j = 0; zero_gradient r_x +- eps j_x
// = 0; periodic: equal ends. Initial terms: ic_rho, ic_T (GrteModel), ic_r = r - r0 (zero with "initial"),
// ic_j = eps j - (I0(mu) - I0(-mu))/2; balance (GrteModel, F = <mu j>_+; off by default). residual_scaling:
// opacity divides r_eq, j_eq and energy by sigma (held fixed in the gradient), as in apnn_grte_v1.
#include "core/error.hpp"
#include "neural/gray_radiative_transfer/grte_model.hpp"
#include "neural/method_registry.hpp"

namespace kinetic::neural {
namespace {

class ApnnGrteV2 : public GrteModel {
 public:
  ApnnGrteV2(const Problem& problem, const NeuralOptions& options) : GrteModel(problem, options) {
    const auto positive = full_v_ > 0;
    mu_ = full_v_.masked_select(positive);
    wmu_ = (2 * full_w_).masked_select(positive);  // int_0^1 h dmu = sum_k wmu_k h(mu_k); sum wmu = 1
    auto angular_net = [&](const std::string& name) {
      return register_module(name, FieldNet(options.networks.at(name), std::vector<double>{0, problem.x_left, 0.0},
                                            std::vector<double>{problem.t_end, problem.x_right, 1.0}, 0, 1,
                                            period()));
    };
    r_ = angular_net("r");
    j_ = angular_net("j");
    this->to(topt_.device(), topt_.dtype().toScalarType());
  }

  void resample(PointSampler& sampler, int factor) override {
    auto c = sample_collocation(sampler, factor);
    it_ = c.t, ix_ = c.x, bt_ = c.boundary_t, x0_ = c.initial_x;
    sample_balance(sampler, factor);
  }

  int interior_term_count() const override { return 5; }  // r_eq, j_eq, energy, conservation, constraint

  std::vector<ResidualTerm> residual_terms(Derivatives mode) override {
    const auto& rad = problem_.radiation;
    const double eps = problem_.eps, e2 = eps * eps;
    Jet T = T_jet(it_, ix_, mode);
    Jet rho = rho_jet(it_, ix_, mode, &T);
    Jet r = r_jet(it_, ix_, mode), j = angular(j_, it_, ix_, mode);
    auto mu = mu_.unsqueeze(0);
    auto sigma = material(rad.opacity, it_, ix_, T.v), cv = material(rad.heat_capacity, it_, ix_, T.v);
    auto emission = 0.5 * rad.a * rad.c * T.v.pow(4);
    auto r_eq = (e2 / rad.c) * r.t + e2 * mu * j.x - sigma.unsqueeze(1) * (emission.unsqueeze(1) - r.v) -
                e2 * macro_source(it_, ix_).unsqueeze(1);  // = Q/2
    auto j_eq = (e2 / rad.c) * j.t + mu * r.x + sigma.unsqueeze(1) * j.v;
    auto energy = e2 * cv * T.t - sigma * (2 * rho.v - 2 * emission);
    // residual_scaling: the three equations with sigma, over sigma
    r_eq = opacity_scaled(r_eq, sigma), j_eq = opacity_scaled(j_eq, sigma);
    energy = energy_scaled(energy, sigma, T, rho);
    auto conservation = rho.t / rad.c + torch::matmul(mu * j.x, wmu_) + 0.5 * cv * T.t - macro_source(it_, ix_);
    auto constraint = rho.v - torch::matmul(r.v, wmu_);
    return {quadrature_mean_square(r_eq, wmu_), quadrature_mean_square(j_eq, wmu_), mean_square(energy),
            mean_square(conservation), mean_square(constraint), boundary_term(), initial_rho_term(x0_),
            initial_T_term(x0_), initial_r_term(), initial_j_term(), balance_term()};
  }

  torch::Tensor wall_flux(const torch::Tensor& t, const torch::Tensor& x) override {  // <mu j>_+
    return torch::matmul(angular(j_, t, x, Derivatives::None).v, mu_ * wmu_);
  }

 private:
  // A network of (t, x, mu) on the positive nodes: (points x nodes).
  Jet angular(FieldNet& net, const torch::Tensor& t, const torch::Tensor& x, Derivatives mode) {
    const long n = t.size(0), K = mu_.size(0);
    auto raw = net->jet(stack_inputs(t.unsqueeze(1), x.unsqueeze(1), mu_.unsqueeze(0)), mode);
    return map_linear(raw, [&](const torch::Tensor& a) { return a.view({n, K}); });
  }

  // The initial even part r0 = (I0(mu) + I0(-mu))/2 and odd part (I0(mu) - I0(-mu))/2 at (x_i, mu_k).
  torch::Tensor initial_even(const torch::Tensor& x) const {
    return 0.5 * (initial_I(x, mu_) + initial_I(x, -mu_));
  }
  torch::Tensor initial_odd(const torch::Tensor& x) const { return 0.5 * (initial_I(x, mu_) - initial_I(x, -mu_)); }

  Jet r_jet(const torch::Tensor& t, const torch::Tensor& x, Derivatives mode) {
    Jet o = angular(r_, t, x, mode);
    if (options_.r_transform == "exp") return exp_pos(o);
    if (!o.has_tangents()) return positive_initial_lift(t.unsqueeze(1), initial_even(x), torch::Tensor(), o);
    auto [r0, r0_x] = profile_with_derivative([&](const torch::Tensor& xs) { return initial_even(xs); }, x);
    return positive_initial_lift(t.unsqueeze(1), r0, r0_x, o);
  }

  ResidualTerm boundary_term() {
    const auto& rad = problem_.radiation;
    const double eps = problem_.eps;
    const Derivatives mode = wall_derivatives();
    auto xl = torch::full_like(bt_, problem_.x_left), xr = torch::full_like(bt_, problem_.x_right);
    Jet rl = r_jet(bt_, xl, mode), rr = r_jet(bt_, xr, mode);
    Jet jl = angular(j_, bt_, xl, mode), jr = angular(j_, bt_, xr, mode);
    if (problem_.periodic()) {
      const auto none = Derivatives::None;
      return mean_square(rho_jet(bt_, xl, none).v - rho_jet(bt_, xr, none).v) +
             mean_square(T_jet(bt_, xl, none).v - T_jet(bt_, xr, none).v) + quadrature_mean_square(rl.v - rr.v, wmu_) +
             quadrature_mean_square(jl.v - jr.v, wmu_);
    }
    // sign +1: left wall, incoming I(mu) = r + eps j; -1: right wall, incoming I(-mu) = r - eps j.
    auto side = [&](const RadiationSide& s, const Jet& r, const Jet& j, double sign) -> torch::Tensor {
      switch (s.kind) {
        case RadiationSide::Kind::Inflow: return r.v + sign * eps * j.v - inflow_intensity(s, bt_).unsqueeze(1);
        case RadiationSide::Kind::Vacuum: return r.v + sign * eps * j.v;
        case RadiationSide::Kind::Reflecting: return j.v;  // I(mu) = I(-mu)
        case RadiationSide::Kind::ZeroGradient: return r.x + sign * eps * j.x;
        case RadiationSide::Kind::Periodic: break;
      }
      throw RunError("apnn_grte_v2: a periodic side between walls");
    };
    return two_sided_mean_square(0.5, side(rad.left, rl, jl, 1.0), wmu_, side(rad.right, rr, jr, -1.0), wmu_);
  }

  ResidualTerm initial_r_term() {
    if (options_.r_transform == "initial") return no_residual();  // holds by construction
    return quadrature_mean_square(r_jet(torch::zeros_like(x0_), x0_, Derivatives::None).v - initial_even(x0_), wmu_);
  }
  ResidualTerm initial_j_term() {
    auto j0 = angular(j_, torch::zeros_like(x0_), x0_, Derivatives::None).v;
    return quadrature_mean_square(problem_.eps * j0 - initial_odd(x0_), wmu_);
  }

  torch::Tensor mu_, wmu_;
  FieldNet r_{nullptr}, j_{nullptr};
  torch::Tensor bt_, x0_;
};

const bool registered = register_neural_method(NeuralMethod::network_model(
    Equation::GrayRadiativeTransfer, "apnn_grte_v2",
    "APNN for gray radiative transfer (even-odd parity): networks rho(t, x), T(t, x), r(t, x, mu), j(t, x, mu), "
    "I(+-mu) = r +- eps j",
    {"rho", "T", "r", "j"},
    {{"r_eq", 1}, {"j_eq", 1}, {"energy", 1}, {"conservation", 1}, {"constraint", 1}, {"bc", 10}, {"ic_rho", 10},
     {"ic_T", 10}, {"ic_r", 10}, {"ic_j", 10}, {"balance", 0}},
    {"transforms", "periodic_features", "residual_scaling"}, grte_defaults,
    [](const ConfigNode& section, NeuralOptions& o) { parse_grte_transforms(section, o, {"r"}); },
    accept_grte_problem, [](const Problem& p, const NeuralOptions& o) { return std::make_shared<ApnnGrteV2>(p, o); },
    {grte_conformance_problem(), grte_conformance_networks() + "  transforms: {rho: exp, T: exp, r: exp}\n"}));

}  // namespace
}  // namespace kinetic::neural
