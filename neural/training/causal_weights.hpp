#pragma once
// Causal weighting of interior residuals in time (Wang, Sankaran & Perdikaris 2022, "Respecting causality is
// all you need for training physics-informed neural networks"). A network trained on all times at once can
// settle on early-time dynamics that are slightly wrong and compensate later; in an acoustic (hyperbolic)
// problem such an error then travels undamped. Here the points are grouped into time bins and each point is
// weighted by exp(-tolerance * sum of the mean losses of all earlier bins): later times count only once the
// earlier ones are fitted. The weights are constants for the optimiser (detached).
#include <torch/torch.h>

#include "neural/training/options.hpp"

namespace kinetic::neural {

// Per-point weights for points at times t (n) in [0, t_end], from their per-point losses (n). Bin k holds the
// points with k <= bins t / t_end < k + 1 (t = t_end in the last bin); an empty bin has mean loss 0.
torch::Tensor causal_point_weights(const torch::Tensor& t, const torch::Tensor& point_loss, double t_end,
                                   const CausalOptions& options);

}  // namespace kinetic::neural
