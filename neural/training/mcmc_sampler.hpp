#pragma once
// Adaptive collocation by Markov chain Monte Carlo (the RT-APNN slides' Algorithm 1): every point of a batch
// is the state of its own random-walk Metropolis chain in the box [lo, hi] (here (t, x)). A step proposes
// y = x + N(0, diag(sigma^2)), maps it back into the box by reflection at the faces, and accepts it with
// probability min(1, q(y)/q(x)). The reflected Gaussian kernel is symmetric, so the chain's stationary
// density on the box is proportional to q: with q = (per-point residual)^power the points gather where the
// residual is large. (The slides write the acceptance as pi(old)/pi(new), which samples 1/pi: the same chain
// with pi = 1/q.) Proposals never leave the box; all chains move at once (batched tensor operations).
#include <torch/torch.h>

#include <functional>

namespace kinetic::neural {

// y mapped into [lo, hi] by reflection at the faces (any distance outside: folded repeatedly), per column.
torch::Tensor reflect_into(const torch::Tensor& y, const torch::Tensor& lo, const torch::Tensor& hi);

struct MetropolisResult {
  torch::Tensor points;     // (n x d), inside the box
  double acceptance = 0.0;  // accepted proposals / all proposals
};

// `steps` Metropolis steps from `points` (n x d, inside [lo, hi]) with target density proportional to
// density(points) (n, >= 0; a zero at the current state accepts any proposal). lo, hi, sigma: (d).
MetropolisResult metropolis(const torch::Tensor& points, const torch::Tensor& lo, const torch::Tensor& hi,
                            const torch::Tensor& sigma, const std::function<torch::Tensor(const torch::Tensor&)>& density,
                            int steps, c10::optional<at::Generator> generator = c10::nullopt);

}  // namespace kinetic::neural
