// Conformance of every registered network model, present and future, driven by the registry (no hand list):
// each model runs on the tiny setup its registration gives (conformance_problem, conformance_neural), under
// which every loss term is active, and must
//   - return one finite, positive loss term per registered name;
//   - give the same terms and parameter gradients on the tangent and the autograd paths (float64);
//   - lower the weighted total with the trainer, and each term alone with a few Adam steps on it;
//   - resume from a checkpoint bit-identically.
// LibTorch first: its glog CHECK macro is replaced by Catch's below.
#include <torch/torch.h>
#undef CHECK
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>

#include "core/progress.hpp"
#include "neural/method_registry.hpp"
#include "neural/training/model.hpp"
#include "neural/training/sampler.hpp"
#include "neural/training/trainer.hpp"
#include "../conformance_setup.hpp"
#include "../loss_paths.hpp"

using namespace kinetic;
using namespace kinetic::neural;
namespace fs = std::filesystem;

namespace {

using testing::conformance_setup;
using testing::network_models;

std::vector<double> values(const std::vector<torch::Tensor>& terms) {
  std::vector<double> out;
  for (const auto& t : terms) out.push_back(t.item<double>());
  return out;
}

}  // namespace

TEST_CASE("the registry holds the network models with their loss terms and a conformance setup", "[neural][conformance]") {
  const auto models = network_models();
  REQUIRE(models.size() >= 4);  // pinn, apnn_v1, apnn_v2, apnn_bgk
  for (const auto& m : models) {
    INFO(m.name);
    CHECK(!m.networks.empty());
    CHECK(!m.terms.empty());
    CHECK(!m.conformance.problem.empty());
    CHECK(m.defaults);
    CHECK(m.parse);
    CHECK(m.accepts);
  }
}

TEST_CASE("every network model returns one positive term per name and equal tangent and autograd paths",
          "[neural][conformance]") {
  torch::set_num_threads(1);
  for (const auto& m : network_models()) {
    INFO(m.name);
    auto s = conformance_setup(m, "  dtype: float64\n");
    torch::manual_seed(1);
    auto model = make_model(s.problem, s.options);
    PointSampler sampler("sobol", 5);
    model->resample(sampler, 1);
    const auto terms = values(model->loss_terms(Derivatives::Autograd));
    REQUIRE(terms.size() == m.terms.size());
    for (std::size_t i = 0; i < terms.size(); ++i) {
      INFO(m.terms[i].name << " = " << terms[i]);
      CHECK(std::isfinite(terms[i]));
      CHECK(terms[i] > 0);  // active under the conformance setup (a term that is always 0 checks nothing)
    }
    testing::check_loss_paths_agree(*model, m.term_names());
  }
}

// Each term alone: Adam on that term, on one fixed batch, lowers it (its gradient is a usable descent
// direction). The weighted total: the trainer (resampling every step) lowers it on a fixed batch. Single
// terms of a joint fit may rise while the large ones are traded down, so the per-term check is alone.
TEST_CASE("every network model: Adam lowers each loss term alone and the trainer lowers the total",
          "[neural][conformance]") {
  Progress::set_quiet(true);
  torch::set_num_threads(1);
  for (const auto& m : network_models()) {
    INFO(m.name);
    auto s = conformance_setup(m, "  dtype: float64\n  steps: 40\n  optimizer: {lr: 1.0e-2, schedule: constant}\n");
    auto fixed_terms = [](Model& model) {
      PointSampler fixed("sobol", 12345);
      model.resample(fixed, 2);
      return values(model.loss_terms(Derivatives::Tangent));
    };
    auto total = [&](const std::vector<double>& terms) {
      double sum = 0;
      for (std::size_t i = 0; i < terms.size(); ++i) sum += s.options.weights.at(m.terms[i].name) * terms[i];
      return sum;
    };
    {
      torch::manual_seed(4);
      auto model = make_model(s.problem, s.options);
      const double before = total(fixed_terms(*model));
      Trainer(model, s.problem, s.options, "", {}).run(false);
      const double after = total(fixed_terms(*model));
      INFO("weighted total " << before << " -> " << after);
      CHECK(after < 0.8 * before);
    }
    for (std::size_t i = 0; i < m.terms.size(); ++i) {
      torch::manual_seed(4);
      auto model = make_model(s.problem, s.options);
      PointSampler fixed("sobol", 3);
      model->resample(fixed, 2);
      const double before = model->loss_terms(Derivatives::Tangent)[i].item<double>();
      torch::optim::Adam adam(model->parameters(), torch::optim::AdamOptions(1e-3));
      for (int step = 0; step < 30; ++step) {
        adam.zero_grad();
        model->loss_terms(Derivatives::Tangent)[i].backward();
        adam.step();
      }
      const double after = model->loss_terms(Derivatives::Tangent)[i].item<double>();
      INFO(m.terms[i].name << ": " << before << " -> " << after);
      CHECK(after < 0.9 * before);
    }
  }
}

TEST_CASE("every network model resumes from a checkpoint bit-identically", "[neural][conformance]") {
  Progress::set_quiet(true);
  torch::set_num_threads(1);
  for (const auto& m : network_models()) {
    INFO(m.name);
    auto run = [&](long steps, const std::string& dir, bool resume) {
      auto s = conformance_setup(m, "  steps: " + std::to_string(steps) +
                                        "\n  checkpoint_every: 3\n  optimizer: {lr: 1.0e-2, schedule: exponential, "
                                        "decay: 0.5, decay_every: 4}\n");
      torch::manual_seed(9);
      auto model = make_model(s.problem, s.options);
      Trainer trainer(model, s.problem, s.options, dir, {});
      trainer.run(resume);
      return model;
    };
    const auto base = fs::temp_directory_path() / ("kinetic_conformance_" + m.name + "_" + std::to_string(::getpid()));
    const std::string straight = (base / "straight").string(), split = (base / "split").string();
    auto a = run(8, straight, false);
    run(5, split, false);  // stops at step 5: the checkpoint holds step 5
    torch::manual_seed(77);  // the resumed process's own seed must not matter
    auto b = run(8, split, true);
    auto pa = a->named_parameters(), pb = b->named_parameters();
    REQUIRE(pa.size() == pb.size());
    for (const auto& p : pa) {
      INFO(p.key());
      CHECK(torch::equal(p.value(), pb[p.key()]));
    }
    fs::remove_all(base);
  }
}
