#pragma once
// Parameter edits the model tests share: networks that output zero (a transform's initial or equilibrium state)
// and one named parameter set to a value (to leave that state).
#include <torch/torch.h>

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

}  // namespace kinetic::neural::testing
