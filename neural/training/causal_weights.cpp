#include "neural/training/causal_weights.hpp"

namespace kinetic::neural {

torch::Tensor causal_point_weights(const torch::Tensor& t, const torch::Tensor& point_loss, double t_end,
                                   const CausalOptions& options) {
  torch::NoGradGuard no_grad;
  const auto loss = point_loss.detach().reshape(-1);
  if (options.bins <= 0) return torch::ones_like(loss);
  const auto bin = (t.detach().reshape(-1) * (options.bins / t_end)).floor().clamp(0, options.bins - 1).to(torch::kLong);
  auto sums = torch::zeros({options.bins}, loss.options()).index_add_(0, bin, loss);
  auto counts = torch::zeros({options.bins}, loss.options()).index_add_(0, bin, torch::ones_like(loss));
  const auto mean = sums / counts.clamp_min(1.0);
  const auto earlier = torch::cumsum(mean, 0) - mean;  // sum over the bins before each bin
  return torch::exp(-options.tolerance * earlier).index_select(0, bin);
}

}  // namespace kinetic::neural
