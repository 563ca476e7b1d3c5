// APNN for Vlasov-Poisson-Fokker-Planck in the high-field scaling, mass-conservation based ("apnn_vpfp"; the
// slides' "APNNs for the VPFP system", their Figure 2). The equations, the velocity collocation (f = M0 g at
// Gauss-Hermite nodes, L_E), the networks and the output scales: vpfp_model.hpp. Multiplied by eps, the kinetic
// equation has no 1/eps factor:
//   kinetic:       eps (g_t + v g_x) - L_E g = 0          (mean over v in L^2(M0): Gauss-Hermite weights)
// and the mass conservation law (the Fokker-Planck operator conserves mass), the moment constraint and Poisson:
//   conservation:  rho_t + int v M0 g_x dv = 0
//   constraint:    rho - int M0 g dv = 0
//   poisson:       -phi_xx - (rho - h) = 0
// As eps -> 0 the kinetic term forces g = rho exp(v E - E^2/2) (with the constraint), int v f dv = rho E, and
// the conservation term becomes the drift-Poisson limit rho_t + (rho E)_x = 0 (asymptotic preservation).
// eps may vary in x (problem.eps_profile): the kinetic term takes eps(x) at each point.
// By construction: periodic in x, g(0) = g0 = f0/M0 and rho(0) = rho0 = sum_k w_k g0_k (g = g0 + t o,
// rho = rho0 + t o), so there are no initial terms; or the other transforms of f (vpfp_model.hpp, kinetic_jet,
// around g0): free (ic_f), layer (the initial layer in closed form).
// Weights: kinetic is the slides' kappa_1 (120 kinetic, 150 intermediate, 500 high-field regime).
#include <fmt/format.h>

#include "neural/method_registry.hpp"
#include "neural/vpfp/vpfp_model.hpp"

namespace kinetic::neural {
namespace {

class ApnnVpfp : public VpfpModel {
 public:
  using VpfpModel::VpfpModel;

  std::vector<ResidualTerm> residual_terms(Derivatives mode) override {
    const Derivatives d = mode == Derivatives::None ? Derivatives::Tangent : mode;
    Jet rho = rho_jet(it_, ix_, d), g = g_jet(it_, ix_, d);
    const auto field = potential(it_, ix_);
    auto v = v_.unsqueeze(0), E = (-field.phi_x).unsqueeze(1);
    auto g_v = torch::matmul(g.v, Dt_), g_vv = torch::matmul(g.v, D2t_);
    auto eps = tabulate(problem_.plasma.eps_profile, it_, ix_, torch::zeros({1}, topt_)).unsqueeze(1);
    auto h = tabulate(problem_.plasma.background, it_, ix_, torch::zeros({1}, topt_));
    auto kinetic = eps * (g.t + v * g.x) - (g_vv - (v + E) * g_v + v * E * g.v);
    auto conservation = rho.t + torch::matmul(g.x, v_ * w_);
    auto constraint = rho.v - torch::matmul(g.v, w_);
    auto poisson = -field.phi_xx - (rho.v - h);
    // Relative to the perturbation scale delta, so that the loss reads as a squared relative error.
    const double r = 1.0 / scale_;
    return {quadrature_mean_square(r * kinetic, w_), mean_square(r * conservation), mean_square(r * constraint),
            mean_square(r * poisson), initial_f_term()};
  }

  // f at (t, x) for velocities v: M0(v) times the degree K-1 interpolant of g through the nodes.
  torch::Tensor distribution(const torch::Tensor& t, const torch::Tensor& x, const torch::Tensor& v) override {
    return maxwellian0(v.reshape(-1)) * interpolate(g_jet(t, x, Derivatives::None).v, v);
  }

 private:
  // g = f/M0 at the nodes, around g0 = f0/M0 (the transforms of vpfp_model.hpp; free: g = g0 + o).
  Jet g_jet(const torch::Tensor& t, const torch::Tensor& x, Derivatives mode) {
    auto [g0, g0_x] = profile_with_derivative([&](const torch::Tensor& xs) { return initial_g(xs); }, x);
    return kinetic_jet(t, x, mode, g0, g0_x, /*free_around_initial=*/true);
  }

  // ic_f (transform free): g(0, x) - g0(x) at the initial points, relative to delta.
  ResidualTerm initial_f_term() {
    if (options_.f_transform != "free") return no_residual();
    auto g = g_jet(torch::zeros_like(x0_), x0_, Derivatives::None).v;
    return quadrature_mean_square((g - initial_g(x0_)) / scale_, w_);
  }
};

const bool registered = register_neural_method(NeuralMethod::network_model(
    Equation::VPFP, "apnn_vpfp",
    "APNN for VPFP (mass-conservation based): networks rho(t, x), phi(t, x), f = M0 g at Gauss-Hermite nodes",
    {"rho", "phi", "f"}, {{"kinetic", 120}, {"conservation", 1}, {"constraint", 1}, {"poisson", 1}, {"ic_f", 1}},
    {"transforms", "periodic_features"}, vpfp_defaults,
    [](const ConfigNode& section, NeuralOptions& o) { parse_vpfp_options(section, o, "apnn_vpfp"); },
    [](const Problem& p, const NeuralOptions& o) { accept_vpfp_problem(p, o, "apnn_vpfp"); },
    [](const Problem& p, const NeuralOptions& o) { return std::make_shared<ApnnVpfp>(p, o); },
    {kVpfpConformanceProblem,
     kVpfpConformanceNetworks + std::string("  transforms: {f: free}\n  weights: {kinetic: 1, poisson: 10, ic_f: 10}\n")}));

}  // namespace
}  // namespace kinetic::neural
