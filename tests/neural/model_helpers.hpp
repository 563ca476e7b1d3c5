#pragma once
// Parameter edits the model tests share: networks that output zero (a transform's initial or equilibrium state)
// and one named parameter set to a value (to leave that state); and the check that two models (the same
// networks at two eps) have the same loss terms. Include after <catch2/catch.hpp> (torch's CHECK undefined).
#include <torch/torch.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "neural/training/model.hpp"

namespace kinetic::neural::testing {

inline void zero_outputs(Model& model) {
  torch::NoGradGuard no_grad;
  for (auto& p : model.named_parameters())
    if (p.key().find("output") != std::string::npos) p.value().zero_();
}

inline void fill_parameter(Model& model, const std::string& key, double value) {
  torch::NoGradGuard no_grad;
  for (auto& p : model.named_parameters())
    if (p.key() == key) p.value().fill_(value);
}

// Every loss term of a and b finite and equal to relative 1e-5 (plus `absolute`): the eps -> 0 limit tests.
inline void check_same_loss_terms(Model& a, Model& b, double absolute) {
  const auto ta = a.loss_terms(Derivatives::Tangent), tb = b.loss_terms(Derivatives::Tangent);
  REQUIRE(ta.size() == tb.size());
  for (std::size_t i = 0; i < ta.size(); ++i) {
    INFO("term " << i);
    const double x = ta[i].item<double>(), y = tb[i].item<double>();
    CHECK(std::isfinite(y));
    CHECK(std::abs(x - y) <= 1e-5 * std::abs(y) + absolute);
  }
}

}  // namespace kinetic::neural::testing
