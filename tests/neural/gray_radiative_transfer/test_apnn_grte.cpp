// The APNNs of gray radiative transfer (apnn_grte_v1: micro-macro, apnn_grte_v2: even-odd): the loss vanishes on an exact equilibrium,
// has a finite eps -> 0 limit (no 1/eps factor), and refuses bad keys. The registry's conformance tests cover
// the rest (tangent = autograd, J against differences, Adam lowers every term, bit-identical resume).
#include <torch/torch.h>
#undef CHECK
#include <catch2/catch.hpp>

#include <iomanip>
#include <sstream>

#include "core/error.hpp"
#include "neural/training/model.hpp"
#include "neural/training/sampler.hpp"
#include "../neural_test_problems.hpp"

using namespace kinetic;
using namespace kinetic::neural;
using namespace kinetic::neural::testing;

namespace {

// a c = 2 and T = 1 make rho = a c T^4/2 = 1: the zero-output networks (T = exp(0), rho = exp(0), g = 0) and
// the "initial" transforms with zero output (T = T0, rho = rho0) are then both the equilibrium T = 1, I = 1.
std::string grte_problem(double eps, const std::string& boundary, const std::string& opacity = "10/T^3") {
  std::ostringstream e;
  e << std::setprecision(17) << eps;
  return "problem:\n  equation: gray_radiative_transfer\n  eps: " + e.str() +
         "\n  time: {end: 0.1}\n  space: [0, 2]\n  a: 2\n  c: 1\n  opacity: \"" + opacity +
         "\"\n  heat_capacity: \"0.1 + 0.05*T\"\n  initial: {T: \"1\"}\n  boundary: " + boundary +
         "\n  output_times: [0.1]\n";
}

const std::vector<std::string> kMethods = {"apnn_grte_v1", "apnn_grte_v2"};

std::shared_ptr<Model> grte_model(const std::string& method, double eps, const std::string& boundary,
                                  const std::string& extra, uint64_t seed = 3) {
  auto s = make_setup(grte_problem(eps, boundary), tiny_neural(method, "  dtype: float64\n" + extra));
  torch::manual_seed(seed);
  auto model = make_model(s.problem, s.options);
  PointSampler sampler("uniform", 11);
  model->resample(sampler);
  return model;
}

void zero_outputs(Model& model) {
  torch::NoGradGuard no_grad;
  for (auto& p : model.named_parameters())
    if (p.key().find("output") != std::string::npos) p.value().zero_();
}

}  // namespace

TEST_CASE("grte APNNs: every loss term vanishes on an exact equilibrium", "[neural][grte]") {
  const std::vector<std::string> boundaries = {"{type: periodic}",
                                               "{left: {type: inflow, T: \"1\"}, right: {type: reflecting}}",
                                               "{left: {type: zero_gradient}, right: {type: inflow, T: \"1\"}}"};
  for (const auto& method : kMethods)
  for (const std::string kind : {"initial", "exp"})
    for (const auto& boundary : boundaries) {
      const std::string transforms = "{rho: " + kind + ", T: " + kind + (method == "apnn_grte_v2" ? ", r: " + kind : "") + "}";
      INFO(method << " " << transforms << " " << boundary);
      auto model = grte_model(method, 1e-3, boundary, "  transforms: " + transforms + "\n");
      zero_outputs(*model);
      for (const auto mode : {Derivatives::Tangent, Derivatives::Autograd})
        for (const auto& term : model->loss_terms(mode)) CHECK(term.item<double>() <= 1e-28);
      // Not trivially zero: a warmer material leaves the equilibrium.
      {
        torch::NoGradGuard no_grad;
        for (auto& p : model->named_parameters())
          if (p.key() == "T.output.bias") p.value().fill_(0.1);
      }
      const auto terms = model->loss_terms(Derivatives::Tangent);
      CHECK(terms.at(2).item<double>() > 1e-3);  // energy: sigma (2 rho - a c T^4) != 0
    }
}

TEST_CASE("grte APNNs: the loss has a finite limit as eps -> 0", "[neural][grte]") {
  // The same networks (seed) at eps = 1e-6 and 1e-9: every term agrees to O(eps) (relative 1e-5), so no term
  // carries a 1/eps factor, and the limit terms are those of the equilibrium diffusion system (model header).
  const std::string walls = "{left: {type: inflow, T: \"1.2\"}, right: {type: vacuum}}";
  for (const auto& method : kMethods) {
  INFO(method);
  const std::string extra = "  transforms: {rho: exp, T: exp}\n";
  auto a = grte_model(method, 1e-6, walls, extra), b = grte_model(method, 1e-9, walls, extra);
  const auto ta = a->loss_terms(Derivatives::Tangent), tb = b->loss_terms(Derivatives::Tangent);
  REQUIRE(ta.size() == tb.size());
  for (std::size_t i = 0; i < ta.size(); ++i) {
    INFO("term " << i);
    const double x = ta[i].item<double>(), y = tb[i].item<double>();
    CHECK(std::isfinite(y));
    CHECK(std::abs(x - y) <= 1e-5 * std::abs(y) + 1e-12);
  }
  CHECK(tb.at(0).item<double>() > 1e-6);  // macro, micro and energy are O(1) on random networks
  CHECK(tb.at(1).item<double>() > 1e-6);
  CHECK(tb.at(2).item<double>() > 1e-6);
  }
}

TEST_CASE("grte APNNs: bad keys are refused naming the key", "[neural][grte]") {
  const std::string periodic = "{type: periodic}";
  for (const auto& method : kMethods) {
    INFO(method);
    CHECK_THROWS_WITH(grte_model(method, 1e-3, periodic, "  transforms: {T: softplus}\n"),
                      Catch::Contains("neural.transforms.T"));
    CHECK_THROWS_WITH(grte_model(method, 1e-3, periodic, "  quadrature: 7\n"), Catch::Contains("neural.quadrature"));
  }
  CHECK_THROWS_WITH(grte_model("apnn_grte_v1", 1e-3, periodic, "  transforms: {r: exp}\n"), Catch::Contains("r"));
  CHECK_THROWS_WITH(grte_model("apnn_grte_v2", 1e-3, periodic, "  transforms: {r: softplus}\n"),
                    Catch::Contains("neural.transforms.r"));
}
