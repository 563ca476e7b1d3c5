// The Gauss-Newton / Levenberg-Marquardt optimiser (neural/training/gauss_newton.hpp) and the residual form
// of every network model's loss (residual_term.hpp):
//   - each model's residual terms square-sum to its loss terms (to round-off), term by term;
//   - J v and J^T u, and the explicit J, match central finite differences of the residual on every model's
//     tiny conformance setup (float64), on the tangent and the autograd paths;
//   - on a residual linear in the parameters one undamped step reaches the least-squares solution;
//   - a step that would raise the loss is rejected, the parameters are left bit for bit, and lambda grows;
//   - the trainer's Gauss-Newton phase lowers the loss and resumes bit-identically (checkpointed state).
// LibTorch first: its glog CHECK macro is replaced by Catch's below.
#include <torch/torch.h>
#undef CHECK
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cmath>
#include <filesystem>

#include "core/progress.hpp"
#include "neural/method_registry.hpp"
#include "neural/nets/jet_tanh.hpp"
#include "neural/training/gauss_newton.hpp"
#include "neural/training/model.hpp"
#include "neural/training/sampler.hpp"
#include "neural/training/trainer.hpp"

using namespace kinetic;
using namespace kinetic::neural;
namespace fs = std::filesystem;

namespace {

struct Setup {
  Problem problem;
  NeuralOptions options;
};

Setup conformance_setup(const NeuralMethod& method, const std::string& extra) {
  const std::string yaml = method.conformance.problem + "neural:\n  method: " + method.name + "\n" +
                           method.conformance.neural + "  log_every: 1000\n" + extra;
  const auto config = ConfigNode::from_string(yaml, method.name + " conformance");
  Problem problem = Problem::from_config(config.child("problem"));
  return {problem, parse_options(config.child("neural"), problem.equation)};
}

std::vector<NeuralMethod> network_models() {
  std::vector<NeuralMethod> out;
  for (const auto& m : neural_methods())
    if (m.network_model()) out.push_back(m);
  return out;
}

// The weighted residual of a model on its current batch (what the trainer's Gauss-Newton phase uses).
torch::Tensor weighted_residual(Model& model, const NeuralMethod& m, const NeuralOptions& o, Derivatives mode) {
  auto terms = model.residual_terms(mode);
  std::vector<torch::Tensor> parts;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const double w = o.weights.at(m.terms[i].name);
    if (w != 0 && !terms[i].pieces.empty()) parts.push_back(std::sqrt(w) * terms[i].residual(model.tensor_options()));
  }
  return torch::cat(parts);
}

double max_abs(const torch::Tensor& a) { return a.abs().max().item<double>(); }

}  // namespace

TEST_CASE("every network model's residual terms square-sum to its loss terms", "[neural][gauss_newton]") {
  torch::set_num_threads(1);
  for (const auto& m : network_models()) {
    for (const auto mode : {Derivatives::Tangent, Derivatives::Autograd}) {
      INFO(m.name << (mode == Derivatives::Tangent ? " tangent" : " autograd"));
      auto s = conformance_setup(m, "  dtype: float64\n");
      torch::manual_seed(1);
      auto model = make_model(s.problem, s.options);
      PointSampler sampler("sobol", 5);
      model->resample(sampler, 1);
      const auto terms = model->residual_terms(mode);
      REQUIRE(terms.size() == m.terms.size());
      for (std::size_t i = 0; i < terms.size(); ++i) {
        const double value = terms[i].value(model->tensor_options()).item<double>();
        const double squares = terms[i].residual(model->tensor_options()).pow(2).sum().item<double>();
        INFO(m.terms[i].name << ": value " << value << ", sum of squares " << squares);
        CHECK(value > 0);
        CHECK(std::abs(squares - value) <= 1e-13 * value);
        CHECK(terms[i].size() == terms[i].residual(model->tensor_options()).numel());
      }
    }
  }
}

TEST_CASE("J v, J^T u and the explicit J match finite differences on every network model", "[neural][gauss_newton]") {
  torch::set_num_threads(1);
  for (const auto& m : network_models()) {
    for (const auto mode : {Derivatives::Tangent, Derivatives::Autograd}) {
      INFO(m.name << (mode == Derivatives::Tangent ? " tangent" : " autograd"));
      auto s = conformance_setup(m, "  dtype: float64\n");
      torch::manual_seed(2);
      auto model = make_model(s.problem, s.options);
      PointSampler sampler("sobol", 6);
      model->resample(sampler, 1);
      const auto params = model->parameters();
      TwiceDifferentiableJets twice;
      auto residual = [&] { return weighted_residual(*model, m, s.options, mode); };
      auto r = residual();
      ResidualJacobian J(r, params);
      const long P = J.cols(), N = J.rows();
      torch::manual_seed(3);
      auto v = torch::randn({P}, torch::kFloat64), u = torch::randn({N}, torch::kFloat64);
      // Every product first: the parameters are then moved for the differences (the graph holds them).
      const auto jv = J.times(v), jtu = J.transpose_times(u);
      const auto Jm = J.dense();
      // Central differences of r in the direction v: error O(h^2), h = 1e-5 (float64).
      const double h = 1e-5;
      add_to_parameters(params, h * v);
      auto rp = residual().detach().to(torch::kFloat64);
      add_to_parameters(params, -2 * h * v);
      auto rm = residual().detach().to(torch::kFloat64);
      add_to_parameters(params, h * v);
      auto fd = (rp - rm) / (2 * h);
      INFO("|J v| " << max_abs(jv) << ", |J v - fd| " << max_abs(jv - fd));
      CHECK(max_abs(jv) > 0);
      CHECK(max_abs(jv - fd) <= 1e-6 * max_abs(fd));
      // Adjoint identity u.(J v) = (J^T u).v.
      const double lhs = u.dot(jv).item<double>(), rhs = jtu.dot(v).item<double>();
      CHECK(std::abs(lhs - rhs) <= 1e-10 * (std::abs(lhs) + std::abs(rhs)));
      // The explicit J agrees with both products.
      CHECK(max_abs(Jm.mv(v) - jv) <= 1e-10 * max_abs(jv));
      CHECK(max_abs(Jm.t().mv(u) - jtu) <= 1e-10 * max_abs(jtu));
    }
  }
}
