#pragma once
// Shared check of the neural tests: on the model's current batch, the tangent path and the autograd path give
// the same loss terms (1e-6 relative, 1e-14 absolute: terms a transform makes vanish are compared by the
// margin only) and the same parameter gradients (1e-6 of the largest). Float64 models; include after Catch.
#include <torch/torch.h>

#include <algorithm>
#include <string>
#include <vector>

#include "neural/training/model.hpp"

namespace kinetic::neural::testing {

// Returns the autograd path's terms, for checks of their own.
inline std::vector<torch::Tensor> check_loss_paths_agree(Model& model, const std::vector<std::string>& names = {}) {
  auto run = [&](Derivatives mode) {
    model.zero_grad();
    auto terms = model.loss_terms(mode);
    auto total = torch::zeros({}, torch::kFloat64);
    for (auto& term : terms) total = total + term;
    total.backward();
    std::vector<torch::Tensor> g;
    // A parameter the loss does not depend on (a potential's output bias: only phi_x enters) has no gradient.
    for (auto& p : model.parameters()) g.push_back(p.grad().defined() ? p.grad().clone() : torch::zeros_like(p));
    return std::make_pair(terms, g);
  };
  auto [ta, ga] = run(Derivatives::Tangent);
  auto [tb, gb] = run(Derivatives::Autograd);
  REQUIRE(ta.size() == tb.size());
  if (!names.empty()) REQUIRE(ta.size() == names.size());
  for (std::size_t i = 0; i < ta.size(); ++i) {
    INFO((names.empty() ? std::to_string(i) : names[i]));
    const double a = ta[i].item<double>(), b = tb[i].item<double>();
    CHECK(std::abs(a - b) <= 1e-6 * std::abs(b) + 1e-14);
  }
  double gmax = 0, dmax = 0;
  for (std::size_t i = 0; i < ga.size(); ++i) {
    gmax = std::max(gmax, gb[i].abs().max().item<double>());
    dmax = std::max(dmax, (ga[i] - gb[i]).abs().max().item<double>());
  }
  CHECK(gmax > 0);
  CHECK(dmax <= 1e-6 * gmax);
  return tb;
}

}  // namespace kinetic::neural::testing
