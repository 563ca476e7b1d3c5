// APNN for gray radiative transfer, micro-macro decomposition ("apnn_grte_v1"; the slides' "APNNs for GRTE").
// The equations (core/equations/gray_radiative_transfer.cpp), with <.> = (1/2) int_{-1}^{1} . dmu:
//   (eps^2/c) I_t + eps mu I_x = sigma (a c T^4/2 - I) + Q/2,     eps^2 C_v T_t = sigma (2 <I> - a c T^4).
// Write I = rho + eps g with rho = <I> and <g> = 0. The average of the transport equation is
//   (eps^2/c) rho_t + eps^2 <mu g_x> = sigma (a c T^4/2 - rho) + Q/2;
// adding half the material equation removes the stiff exchange (this is where the factor 2 between rho and
// int I dmu enters) and dividing by eps^2 leaves the macro equation
//   macro:   (1/c) rho_t + <mu g_x> + (1/2) C_v T_t - Q/(2 eps^2) = 0.
// The transport equation minus its average, divided by eps, is the micro equation
//   micro:   (eps^2/c) g_t + eps (mu g_x - <mu g_x>) + mu rho_x + sigma g = 0,
// and the material equation stays as it is
//   energy:  eps^2 C_v T_t - sigma (2 rho - a c T^4) = 0.
// As eps -> 0 the loss tends to that of the equilibrium diffusion limit: energy forces 2 rho = a c T^4, micro
// g = -mu rho_x / sigma, and macro becomes (1/c) rho_t + (1/2) C_v T_t = ((1/(3 sigma)) rho_x)_x, i.e. (times 2)
// (a T^4 + e(T))_t = ((c/(3 sigma)) (a T^4)_x)_x with e_t = C_v T_t. No term has a 1/eps factor.
// Networks rho(t, x), g~(t, x, mu), T(t, x); g = g~ - <g~> (exact projection), or with transform g: relative
// g = rho (g~ - <g~>), the anisotropy relative to rho. Why: with g absolute, an error of g of the hot region's
// size (~1e-3, where rho ~ 0.2) is a radiation flux <mu g> into a cold slab whose rho is 1e-9, and it heats
// the slab ahead of a Marshak front (measured: T 0.015-0.035 keV where the reference keeps 0.010, the front
// 15 % ahead at 1 ns); relative, the flux vanishes where rho does. Positivity by construction:
// T = T0(x) exp(t o) (transform "initial": T(0) = T0 exactly) or exp(o); rho likewise with rho0 = <I0>
// (I0 = a c T0^4/2 unless initial.I is given).
// Material laws are formulas of T (opacity "30/T^3"), kept differentiable (GrteModel::material).
// residual_scaling: opacity divides micro and energy by sigma (held fixed): the Marshak wave's sigma = 30/T^3
// runs from 30 to 3e7, and unscaled those two terms are ~1e11 where the material is cold, drowning the rest.
// Loss terms: macro, micro, energy (interior); bc (incoming I at walls: inflow a c T_b^4/2, vacuum 0,
// reflecting I(mu) = I(-mu), zero_gradient I_x = 0; periodic: equal ends); ic_rho, ic_T (zero with the
// "initial" transforms), ic_I = rho + eps g - I0 at t = 0; balance (GrteModel, F = <mu g>; off by default).
#include "core/error.hpp"
#include "neural/gray_radiative_transfer/grte_model.hpp"
#include "neural/method_registry.hpp"

namespace kinetic::neural {
namespace {

class ApnnGrteV1 : public GrteModel {
 public:
  ApnnGrteV1(const Problem& problem, const NeuralOptions& options) : GrteModel(problem, options) {
    const VelocityColumns vc = velocity_columns();
    w_pos_ = vc.w_pos, w_neg_ = vc.w_neg;
    g_ = register_module("g", FieldNet(options.networks.at("g"), std::vector<double>{0, problem.x_left, -1.0},
                                       std::vector<double>{problem.t_end, problem.x_right, 1.0}, 0, 1, period()));
    this->to(topt_.device(), topt_.dtype().toScalarType());
  }

  void resample(PointSampler& sampler, int factor) override {
    auto c = sample_collocation(sampler, factor);
    it_ = c.t, ix_ = c.x, bt_ = c.boundary_t, x0_ = c.initial_x;
    sample_balance(sampler, factor);
  }

  int interior_term_count() const override { return 3; }  // macro, micro, energy

  std::vector<ResidualTerm> residual_terms(Derivatives mode) override {
    const auto& r = problem_.radiation;
    const double eps = problem_.eps, e2 = eps * eps;
    Jet T = T_jet(it_, ix_, mode);
    Jet rho = rho_jet(it_, ix_, mode, &T);
    Jet g = g_jet(it_, ix_, mode, rho);
    auto v = full_v_.unsqueeze(0);
    auto sigma = material(r.opacity, it_, ix_, T.v), cv = material(r.heat_capacity, it_, ix_, T.v);
    auto vgx = v * g.x;
    auto vgx_mean = torch::matmul(vgx, full_w_);
    auto macro = rho.t / r.c + vgx_mean + 0.5 * cv * T.t - macro_source(it_, ix_);
    auto micro = (e2 / r.c) * g.t + eps * (vgx - vgx_mean.unsqueeze(1)) + v * rho.x.unsqueeze(1) +
                 sigma.unsqueeze(1) * g.v;
    auto energy = e2 * cv * T.t - sigma * (2 * rho.v - r.a * r.c * T.v.pow(4));
    micro = opacity_scaled(micro, sigma), energy = energy_scaled(energy, sigma, T, rho);
    return {mean_square(macro), quadrature_mean_square(micro, full_w_), mean_square(energy), boundary_term(),
            initial_rho_term(x0_), initial_T_term(x0_), initial_I_term(), balance_term()};
  }

  torch::Tensor wall_flux(const torch::Tensor& t, const torch::Tensor& x) override {  // <mu g>
    const Jet rho = relative_ ? rho_jet(t, x, Derivatives::None) : Jet{};  // (g_jet reads it only then)
    return torch::matmul(g_jet(t, x, Derivatives::None, rho).v, full_v_ * full_w_);
  }

 private:
  // g = g~ - <g~> on (points x ordinates); relative: times rho (the same points' jet, one value per point).
  Jet g_jet(const torch::Tensor& t, const torch::Tensor& x, Derivatives mode, const Jet& rho) {
    const long n = t.size(0), K = full_v_.size(0);
    auto raw = g_->jet(stack_inputs(t.unsqueeze(1), x.unsqueeze(1), full_v_.unsqueeze(0)), mode);
    Jet h = zero_mean(map_linear(raw, [&](const torch::Tensor& a) { return a.view({n, K}); }), full_w_);
    if (!relative_) return h;
    auto r = rho.v.unsqueeze(1);
    if (!h.has_tangents()) return {r * h.v, {}, {}};
    return {r * h.v, rho.t.unsqueeze(1) * h.v + r * h.t, rho.x.unsqueeze(1) * h.v + r * h.x};
  }

  // Incoming intensity at the walls against the boundary data (see the header).
  ResidualTerm boundary_term() {
    const auto& r = problem_.radiation;
    const double eps = problem_.eps;
    const Derivatives mode = wall_derivatives();
    auto xl = torch::full_like(bt_, problem_.x_left), xr = torch::full_like(bt_, problem_.x_right);
    Jet rl = rho_jet(bt_, xl, mode), rr = rho_jet(bt_, xr, mode);
    Jet gl = g_jet(bt_, xl, mode, rl), gr = g_jet(bt_, xr, mode, rr);
    if (problem_.periodic()) {
      auto Tl = T_jet(bt_, xl, Derivatives::None).v, Tr = T_jet(bt_, xr, Derivatives::None).v;
      return mean_square(rl.v - rr.v) + mean_square(Tl - Tr) + quadrature_mean_square(gl.v - gr.v, full_w_);
    }
    auto side = [&](const RadiationSide& s, const Jet& rho, const Jet& g) -> torch::Tensor {
      switch (s.kind) {
        case RadiationSide::Kind::Inflow:
          return rho.v.unsqueeze(1) + eps * g.v - inflow_intensity(s, bt_).unsqueeze(1);
        case RadiationSide::Kind::Vacuum: return rho.v.unsqueeze(1) + eps * g.v;
        case RadiationSide::Kind::Reflecting: return g.v - g.v.flip(1);  // I(mu) = I(-mu): rho cancels
        case RadiationSide::Kind::ZeroGradient: return rho.x.unsqueeze(1) + eps * g.x;
        case RadiationSide::Kind::Periodic: break;
      }
      throw RunError("apnn_grte_v1: a periodic side between walls");
    };
    return two_sided_mean_square(0.5, side(r.left, rl, gl), w_pos_, side(r.right, rr, gr), w_neg_);
  }

  ResidualTerm initial_I_term() {
    auto t0 = torch::zeros_like(x0_);
    Jet rho = rho_jet(t0, x0_, Derivatives::None);
    auto I = rho.v.unsqueeze(1) + problem_.eps * g_jet(t0, x0_, Derivatives::None, rho).v;
    return quadrature_mean_square(I - initial_I(x0_, full_v_), full_w_);
  }

  torch::Tensor w_pos_, w_neg_;
  bool relative_ = options_.g_transform == "relative";
  FieldNet g_{nullptr};
  torch::Tensor bt_, x0_;
};

const bool registered = register_neural_method(NeuralMethod::network_model(
    Equation::GrayRadiativeTransfer, "apnn_grte_v1",
    "APNN for gray radiative transfer (micro-macro): networks rho(t, x), g(t, x, mu), T(t, x), I = rho + eps g",
    {"rho", "g", "T"},
    {{"macro", 1}, {"micro", 1}, {"energy", 1}, {"bc", 10}, {"ic_rho", 10}, {"ic_T", 10}, {"ic_I", 10}, {"balance", 0}},
    {"transforms", "periodic_features", "residual_scaling"}, grte_defaults,
    [](const ConfigNode& section, NeuralOptions& o) {
      parse_grte_transforms(section, o, {"g"});
      if (auto tr = section.optional_child("transforms"))
        o.g_transform = tr->get_choice("g", {"plain", "relative"}, o.g_transform);
    },
    accept_grte_problem,
    [](const Problem& p, const NeuralOptions& o) { return std::make_shared<ApnnGrteV1>(p, o); },
    {grte_conformance_problem(), grte_conformance_networks() + "  transforms: {rho: exp, T: exp}\n"}));

}  // namespace
}  // namespace kinetic::neural
