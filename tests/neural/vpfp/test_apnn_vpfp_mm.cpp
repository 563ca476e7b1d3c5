// The micro-macro VPFP APNN (apnn_vpfp_mm): its residuals summed back give the kinetic equation (against
// finite differences of f), the micro residual has zero mass, every loss term vanishes on the uniform
// equilibrium, the loss has a finite eps -> 0 limit, f(0) = f0 holds exactly under the initial and layer
// transforms, and bad keys are refused. The registry's conformance tests cover the rest (tangent = autograd,
// Adam lowers every term, bit-identical resume).
#include <torch/torch.h>
#undef CHECK
#include <catch2/catch.hpp>

#include <cmath>

#include "core/error.hpp"
#include "core/random_quadrature.hpp"
#include "neural/training/model.hpp"
#include "neural/training/sampler.hpp"
#include "neural/vpfp/micro_macro.hpp"
#include "../model_helpers.hpp"
#include "vpfp_test_setup.hpp"

using namespace kinetic;
using namespace kinetic::neural;
using namespace kinetic::neural::testing;

namespace {

// Smooth fields with known derivatives: rho, E, eps(x) and q = a (v^2 - 1) + b v (zero mass under M0).
struct Fields {
  static double rho(double t, double x) { return 1 + 0.2 * std::cos(x + t); }
  static double rho_d(double t, double x) { return -0.2 * std::sin(x + t); }  // rho_t = rho_x
  static double E(double t, double x) { return 0.3 * std::sin(x - 0.5 * t); }
  static double E_x(double t, double x) { return 0.3 * std::cos(x - 0.5 * t); }
  static double E_t(double t, double x) { return -0.15 * std::cos(x - 0.5 * t); }
  static double eps(double x) { return 0.1 * (1.5 + std::cos(x)); }
  static double eps_x(double x) { return -0.1 * std::sin(x); }
  static double a(double t, double x) { return 0.4 * std::sin(x) * std::cos(t); }
  static double a_t(double t, double x) { return -0.4 * std::sin(x) * std::sin(t); }
  static double a_x(double t, double x) { return 0.4 * std::cos(x) * std::cos(t); }
  static double b(double t, double x) { return 0.2 * std::cos(2 * x) + 0.1 * t; }
  static double b_x(double, double x) { return -0.4 * std::sin(2 * x); }
  static double q(double t, double x, double v) { return a(t, x) * (v * v - 1) + b(t, x) * v; }
  static double f(double t, double x, double v) {
    const double e = E(t, x);
    return std::exp(-0.5 * v * v) / std::sqrt(2 * M_PI) * (rho(t, x) * std::exp(v * e - 0.5 * e * e) + eps(x) * q(t, x, v));
  }
};

// f_t + v f_x - ((v - E) f + f_v)_v / eps by central differences.
double kinetic_residual(double t, double x, double v) {
  const double h = 1e-5, hv = 1e-4, e = Fields::E(t, x);
  const double f_t = (Fields::f(t + h, x, v) - Fields::f(t - h, x, v)) / (2 * h);
  const double f_x = (Fields::f(t, x + h, v) - Fields::f(t, x - h, v)) / (2 * h);
  auto flux = [&](double u) { return (u - e) * Fields::f(t, x, u) + (Fields::f(t, x, u + hv) - Fields::f(t, x, u - hv)) / (2 * hv); };
  return f_t + v * f_x - (flux(v + hv) - flux(v - hv)) / (2 * hv) / Fields::eps(x);
}

std::shared_ptr<Model> mm_model(const std::string& problem, const std::string& extra = "") {
  return vpfp_model("apnn_vpfp_mm", problem, extra);
}

}  // namespace

TEST_CASE("apnn_vpfp_mm: micro + m macro is the kinetic equation over M0, and the micro residual has zero mass",
          "[neural][vpfp]") {
  const int K = 8;
  const auto [nodes, weights] = gauss_hermite_probabilists(K);
  const std::vector<double> ts{0.1, 0.45, 0.9}, xs{0.4, 2.2, 5.1};
  const long n = static_cast<long>(ts.size());
  auto opt = torch::TensorOptions().dtype(torch::kFloat64);
  auto v = torch::tensor(nodes, opt), w = torch::tensor(weights, opt);
  std::vector<double> rho, rho_d, E, E_x, E_t, eps, eps_x, q, q_t, q_x, q_v, q_vv, expected;
  for (long i = 0; i < n; ++i) {
    const double t = ts[i], x = xs[i];
    rho.push_back(Fields::rho(t, x)), rho_d.push_back(Fields::rho_d(t, x));
    E.push_back(Fields::E(t, x)), E_x.push_back(Fields::E_x(t, x)), E_t.push_back(Fields::E_t(t, x));
    eps.push_back(Fields::eps(x)), eps_x.push_back(Fields::eps_x(x));
    for (const double vk : nodes) {
      q.push_back(Fields::q(t, x, vk));
      q_t.push_back(Fields::a_t(t, x) * (vk * vk - 1) + 0.1 * vk);
      q_x.push_back(Fields::a_x(t, x) * (vk * vk - 1) + Fields::b_x(t, x) * vk);
      q_v.push_back(2 * Fields::a(t, x) * vk + Fields::b(t, x));
      q_vv.push_back(2 * Fields::a(t, x));
      expected.push_back(kinetic_residual(t, x, vk) / (std::exp(-0.5 * vk * vk) / std::sqrt(2 * M_PI)));
    }
  }
  auto col = [&](const std::vector<double>& a) { return torch::tensor(a, opt).view({n, 1}); };
  auto nodal = [&](const std::vector<double>& a) { return torch::tensor(a, opt).view({n, K}); };
  const Jet rho_jet{torch::tensor(rho, opt), torch::tensor(rho_d, opt), torch::tensor(rho_d, opt)};
  const Jet q_jet{nodal(q), nodal(q_t), nodal(q_x)};
  const auto r = vpfp_micro_macro_residuals(rho_jet, q_jet, nodal(q_v), nodal(q_vv), col(E), col(E_x), col(E_t),
                                            col(eps), col(eps_x), v, w);
  auto m = torch::exp(v.unsqueeze(0) * col(E) - 0.5 * col(E) * col(E));
  auto sum = r.micro + m * r.macro.unsqueeze(1);
  auto exact = nodal(expected);
  // Central differences (nested in v) at h = 1e-4 .. 1e-5, divided by M0 at the nodes (|v| <= 4.7 for K = 8).
  const auto weight = torch::exp(-0.5 * v * v).unsqueeze(0);
  INFO("max |difference| M0 " << ((sum - exact) * weight).abs().max().item<double>() << ", max |terms| "
                              << exact.abs().max().item<double>());
  CHECK(((sum - exact) * weight).abs().max().item<double>() < 1e-6 * exact.abs().max().item<double>());
  // Not a trivial agreement: the fields are far from equilibrium and the macro part is O(1).
  CHECK(r.macro.abs().min().item<double>() > 1e-2);
  CHECK(r.micro.abs().max().item<double>() > 1e-1);
  // The micro residual lies in the range of I - Pi: zero mass (Gauss-Hermite exact up to the m factor).
  CHECK(torch::matmul(r.micro, w).abs().max().item<double>() < 1e-12);
}

TEST_CASE("apnn_vpfp_mm: every loss term vanishes on the uniform equilibrium f = M0, h = 1", "[neural][vpfp]") {
  auto model = mm_model(vpfp_problem(0.1, kMaxwellian));
  zero_outputs(*model);  // rho = 1, q = q0 = 0, phi = const
  for (const auto mode : {Derivatives::Tangent, Derivatives::Autograd})
    for (const auto& term : model->loss_terms(mode)) CHECK(term.item<double>() <= 1e-24);
  // A non-zero potential output puts a field on the uniform state.
  fill_parameter(*model, "phi.output.weight", 0.3);
  const auto terms = model->loss_terms(Derivatives::Tangent);
  CHECK(terms.at(0).item<double>() > 1e-6);  // micro: rho E_x (v (v - E) - 1) m != 0
  CHECK(terms.at(1).item<double>() > 1e-6);  // macro: rho E_x != 0
  CHECK(terms.at(2).item<double>() > 1e-6);  // poisson: E_x != 0
}

TEST_CASE("apnn_vpfp_mm: the loss has a finite limit as eps -> 0", "[neural][vpfp]") {
  // The same networks at eps = 1e-6 and 1e-9 (transform free, q around 0): every term agrees to O(eps).
  const std::string f0 = "(1 + 0.3*cos(0.5*x))*" + kMaxwellian;
  auto a = mm_model(vpfp_problem(1e-6, f0), "  transforms: {f: free}\n");
  auto b = mm_model(vpfp_problem(1e-9, f0), "  transforms: {f: free}\n");
  check_same_loss_terms(*a, *b, 1e-14);
  for (const auto& term : b->loss_terms(Derivatives::Tangent))
    CHECK(term.item<double>() > 1e-8);  // every term is active (untrained networks)
}

TEST_CASE("apnn_vpfp_mm: f(0) = f0 exactly under the initial and layer transforms, at eps = 1 and 1e-3",
          "[neural][vpfp]") {
  // f0 = ((1 + 0.2 cos)(1 + 0.3 v + 0.1 v^2) - 0.1) M0 is not an equilibrium (q0 != 0). At the Gauss-Hermite
  // nodes f(0) = M0 (rho0 m(E(0)) + eps q0) = f0 for any parameters; between them q0 is interpolated (m is
  // not a polynomial), to 1e-9 here.
  const std::string f0 = "((1 + 0.2*cos(0.5*x))*(1 + 0.3*v + 0.1*v^2) - 0.1)*" + kMaxwellian;
  const auto [nodes, weights] = gauss_hermite_probabilists(12);
  auto opt = torch::TensorOptions().dtype(torch::kFloat64);
  auto exact_f = [](const torch::Tensor& x, const torch::Tensor& v) {
    return ((1 + 0.2 * torch::cos(0.5 * x)) * (1 + 0.3 * v + 0.1 * v * v) - 0.1) * torch::exp(-0.5 * v * v) /
           std::sqrt(2 * M_PI);
  };
  auto v_nodes = torch::tensor(nodes, opt).slice(0, 3, 9);  // six nodes, |v| <= 2.3
  auto x_nodes = torch::linspace(0.3, 11.0, v_nodes.size(0), opt);
  auto x_off = torch::tensor({0.3, 2.0, 7.7, 11.0}, opt), v_off = torch::tensor({-3.1, -0.4, 0.77, 2.5}, opt);
  for (const std::string transform : {"initial", "layer"})
    for (const double eps : {1.0, 1e-3}) {
      INFO(transform << ", eps " << eps);
      auto model = mm_model(vpfp_problem(eps, f0, "  eps_profile: \"eps*(1.5 + cos(0.5*x))\"\n"),
                            "  transforms: {f: " + transform + "}\n");
      const auto at_nodes = model->distribution(torch::zeros_like(x_nodes), x_nodes, v_nodes);
      CHECK((at_nodes - exact_f(x_nodes, v_nodes)).abs().max().item<double>() < 1e-12);
      const auto off = model->distribution(torch::zeros_like(x_off), x_off, v_off);
      CHECK((off - exact_f(x_off, v_off)).abs().max().item<double>() < 1e-9);
      // Not the initial data later on (the networks' outputs are not zero).
      CHECK((model->distribution(torch::full_like(x_off, 0.4), x_off, v_off) - exact_f(x_off, v_off))
                .abs().max().item<double>() > 1e-6);
      for (const auto& term : model->loss_terms(Derivatives::Tangent)) CHECK(std::isfinite(term.item<double>()));
    }
}

TEST_CASE("apnn_vpfp_mm: bad keys and problems are refused naming the key", "[neural][vpfp]") {
  const std::string f0 = "(1 + 0.3*cos(0.5*x))*" + kMaxwellian;
  CHECK_THROWS_WITH(mm_model(vpfp_problem(0.1, f0), "  transforms: {rho: exp}\n"),
                    Catch::Contains("neural.transforms.rho"));
  CHECK_THROWS_WITH(mm_model(vpfp_problem(0.1, f0), "  transforms: {f: parity}\n"),
                    Catch::Contains("neural.transforms.f"));
  CHECK_THROWS_WITH(mm_model(vpfp_problem(0.1, f0), "  quadrature: 2\n"), Catch::Contains("quadrature"));
  CHECK_THROWS_WITH(mm_model(vpfp_problem(0.1, f0), "  periodic_features: false\n"),
                    Catch::Contains("periodic_features"));
  CHECK_THROWS_WITH(mm_model(vpfp_problem(1.0, f0, "  fokker_planck: false\n")), Catch::Contains("fokker_planck"));
}
