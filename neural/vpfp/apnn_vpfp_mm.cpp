// APNN for Vlasov-Poisson-Fokker-Planck in the high-field scaling, micro-macro based ("apnn_vpfp_mm"; the
// slides name it beside the mass-conservation one). The equations, the velocity collocation (M0 q at
// Gauss-Hermite nodes, L_E, m(v; E) = M(v; E)/M0), the networks and the output scales: vpfp_model.hpp.
//
// Derivation. Q(f) = ((v - E) f + f_v)_v vanishes exactly on rho M(v; E), the local equilibrium, so write
//   f = rho M(v; E) + eps g,   int g dv = 0,
// whence rho = int f dv holds by construction and Q(f)/eps = Q(g): the kinetic equation reads
//   (rho M)_t + v (rho M)_x + eps g_t + v (eps g)_x = Q(g).            (eps may depend on x)
// Pi h = M int h dv projects onto the equilibria; Pi g_t = 0, int Q(g) dv = 0, int M dv = 1, int v M dv = E.
// Integrating in v (Pi) gives the macro equation, the rest ((I - Pi)) the micro equation:
//   macro:  rho_t + (rho E)_x + (eps int v g dv)_x = 0
//   micro:  eps g_t + (I - Pi)(v (eps g)_x) + (I - Pi)((rho M)_t + v (rho M)_x) - Q(g) = 0
// With M_t = (v - E) E_t M and M_x = (v - E) E_x M:
//   (I - Pi)(rho M)_t = rho (v - E) E_t M                              (its v-integral is already 0)
//   (I - Pi)(v (rho M)_x) = M ((v - E) rho_x + rho E_x (v (v - E) - 1))
// With g = M0 q (q at the nodes, <q> = sum_k w_k q_k = 0 by subtracting the mean from the network's output),
// Q(g) = M0 L_E q, and everything divided by M0 (micro_macro.hpp, which computes both):
//   micro:  eps q_t + v (eps q)_x - m <v (eps q)_x> + m (rho (v - E) E_t + (v - E) rho_x
//           + rho E_x (v (v - E) - 1)) - L_E q = 0                   (mean over v in L^2(M0), as apnn_vpfp)
//   macro:  rho_t + rho_x E + rho E_x + (eps <v q>)_x = 0
//   poisson: E_x - (rho - h) = 0,   E = -phi_x, E_x = -phi_xx, E_t = -phi_xt (the networks' derivatives)
// There is no 1/eps: as eps -> 0 the micro term gives L_E q = m (...), solvable because its right side has
// zero mass, and the macro term becomes the drift-Poisson limit rho_t + (rho E)_x = 0 (asymptotic
// preservation). Check (tests/neural/vpfp): (f_t + v f_x - Q(f)/eps)/M0 = micro + m macro, the two residuals
// summed back give the kinetic equation, measured against finite differences of f.
// Initial data: f0 = rho0 M(v; E(0)) + eps g0, so q0 = (f0/M0 - rho0 m(v; E(0)))/eps with E(0, x) the
// network's field at t = 0 (it tends to the field of the initial charge as the Poisson term falls; taking the
// network's makes f(0) = f0 hold exactly for any parameters). Transforms of q (vpfp_model.hpp, kinetic_jet, around 0): initial (q = q0 + t o), free (the
// ic_f term on f(0) - f0; weighted 0 in the high field, where f jumps within t ~ eps to rho M(v; E) and the
// limit's only initial datum is rho0, exact by construction) and layer. q0 is O(delta/eps): initial suits
// eps ~ 1, layer and free the smaller ones.
#include <fmt/format.h>

#include "neural/method_registry.hpp"
#include "neural/vpfp/micro_macro.hpp"
#include "neural/vpfp/vpfp_model.hpp"

namespace kinetic::neural {
namespace {

class ApnnVpfpMicroMacro : public VpfpModel {
 public:
  using VpfpModel::VpfpModel;

  int interior_term_count() const override { return 3; }

  std::vector<ResidualTerm> residual_terms(Derivatives mode) override {
    const Derivatives d = mode == Derivatives::None ? Derivatives::Tangent : mode;
    Jet rho = rho_jet(it_, ix_, d), q = q_jet(it_, ix_, d);
    const auto field = potential(it_, ix_);
    auto [eps_values, eps_x_values] = initial_profile(problem_.plasma.eps_profile, ix_);
    auto eps = eps_values.unsqueeze(1), eps_x = eps_x_values.unsqueeze(1);
    auto E = (-field.phi_x).unsqueeze(1), E_x = (-field.phi_xx).unsqueeze(1), E_t = (-field.phi_xt).unsqueeze(1);
    const auto r = vpfp_micro_macro_residuals(rho, q, torch::matmul(q.v, Dt_), torch::matmul(q.v, D2t_), E, E_x,
                                              E_t, eps, eps_x, v_, w_);
    auto h = tabulate(problem_.plasma.background, it_, ix_, torch::zeros({1}, topt_));
    auto poisson = E_x.squeeze(1) - (rho.v - h);
    // Relative to the perturbation scale delta, so that the loss reads as a squared relative error.
    const double s = 1.0 / scale_;
    return {quadrature_mean_square(s * r.micro, w_), mean_square(s * r.macro), mean_square(s * poisson),
            initial_f_term()};
  }

  // f = M0(v) (rho m(v; E) + eps q(v)), q by the degree K-1 interpolant through the nodes.
  torch::Tensor distribution(const torch::Tensor& t, const torch::Tensor& x, const torch::Tensor& v) override {
    auto vs = v.reshape(-1);
    auto E = -phi_scale_ * phi_->jet(inputs(t, x), Derivatives::Tangent).x.reshape(-1);
    auto eps = initial_profile(problem_.plasma.eps_profile, x.reshape(-1)).first;
    auto q = interpolate(q_jet(t, x, Derivatives::None).v, vs);
    return maxwellian0(vs) * (density(t, x).reshape(-1) * torch::exp(vs * E - 0.5 * E * E) + eps * q);
  }

 private:
  // E(0, x) of the network at the points x, and (with tangents) its x-derivative -phi_xx(0, x).
  std::pair<torch::Tensor, torch::Tensor> initial_network_field(const torch::Tensor& x, bool with_derivative) {
    auto t0 = torch::zeros_like(x);
    if (!with_derivative)
      return {(-phi_scale_ * phi_->jet(inputs(t0, x), Derivatives::Tangent).x).reshape(-1), torch::Tensor()};
    const auto field = potential(t0, x);
    return {-field.phi_x, -field.phi_xx};
  }

  // q at the nodes under the transform, with its mean <q> removed (int g dv = 0 by construction). Around
  // q0 = (g0 - rho0 m(v; E(0)))/eps (header), whose x-derivative is
  //   q0_x = (g0_x - rho0_x m - rho0 m (v - E(0)) E_x(0))/eps - (eps_x/eps) q0.
  Jet q_jet(const torch::Tensor& t, const torch::Tensor& x, Derivatives mode) {
    torch::Tensor q0, q0_x;
    if (options_.f_transform == "free") {
      q0 = torch::zeros({x.numel(), v_.size(0)}, topt_), q0_x = q0;
    } else {
      const bool tangents = mode != Derivatives::None;
      auto [E0, E0_x] = initial_network_field(x, tangents);
      auto [g0, g0_x] = profile_with_derivative([&](const torch::Tensor& xs) { return initial_g(xs); }, x);
      auto [rho0, rho0_x] = profile_with_derivative([&](const torch::Tensor& xs) { return initial_rho(xs); }, x);
      auto [eps, eps_x] = initial_profile(problem_.plasma.eps_profile, x.reshape(-1));
      auto m = shifted_maxwellian(E0.unsqueeze(1));
      auto r0 = rho0.reshape({-1, 1}), e = eps.unsqueeze(1);
      q0 = (g0 - r0 * m) / e;
      if (tangents)
        q0_x = (g0_x - rho0_x.reshape({-1, 1}) * m - r0 * m * (v_.unsqueeze(0) - E0.unsqueeze(1)) * E0_x.unsqueeze(1)) / e -
               eps_x.unsqueeze(1) / e * q0;
      else
        q0_x = torch::zeros_like(q0);
    }
    auto q = kinetic_jet(t, x, mode, q0, q0_x, /*free_around_initial=*/false);
    return map_linear(q, [&](const torch::Tensor& u) { return u - torch::matmul(u, w_).unsqueeze(1); });
  }

  // ic_f (transform free): (f(0) - f0)/M0 = rho0 m(v; E(0)) + eps q(0) - f0/M0 at the initial points, relative
  // to delta.
  ResidualTerm initial_f_term() {
    if (options_.f_transform != "free") return no_residual();
    auto E = initial_network_field(x0_, false).first.unsqueeze(1);
    auto eps = initial_profile(problem_.plasma.eps_profile, x0_).first.unsqueeze(1);
    auto q = q_jet(torch::zeros_like(x0_), x0_, Derivatives::None).v;
    auto f = initial_rho(x0_).unsqueeze(1) * shifted_maxwellian(E) + eps * q;
    return quadrature_mean_square((f - initial_g(x0_)) / scale_, w_);
  }
};
const bool registered = register_neural_method(NeuralMethod::network_model(
    Equation::VPFP, "apnn_vpfp_mm",
    "APNN for VPFP (micro-macro): f = rho M(v; E) + eps g, networks rho(t, x), phi(t, x), g = M0 q at "
    "Gauss-Hermite nodes",
    {"rho", "phi", "f"}, {{"micro", 1}, {"macro", 1}, {"poisson", 1}, {"ic_f", 1}},
    {"transforms", "periodic_features"}, vpfp_defaults,
    [](const ConfigNode& section, NeuralOptions& o) { parse_vpfp_options(section, o, "apnn_vpfp_mm"); },
    [](const Problem& p, const NeuralOptions& o) { accept_vpfp_problem(p, o, "apnn_vpfp_mm"); },
    [](const Problem& p, const NeuralOptions& o) { return std::make_shared<ApnnVpfpMicroMacro>(p, o); },
    {kVpfpConformanceProblem, kVpfpConformanceNetworks + std::string("  transforms: {f: free}\n  weights: {poisson: 10, ic_f: 10}\n")}));

}  // namespace
}  // namespace kinetic::neural
