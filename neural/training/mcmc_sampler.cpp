#include "neural/training/mcmc_sampler.hpp"

namespace kinetic::neural {

torch::Tensor reflect_into(const torch::Tensor& y, const torch::Tensor& lo, const torch::Tensor& hi) {
  // Fold the offset from lo onto [0, 2L), then mirror the upper half: a reflection at every face crossed.
  const auto L = hi - lo;
  auto z = torch::remainder(y - lo, 2 * L);
  z = torch::where(z > L, 2 * L - z, z);
  return lo + z;
}

MetropolisResult metropolis(const torch::Tensor& points, const torch::Tensor& lo, const torch::Tensor& hi,
                            const torch::Tensor& sigma, const std::function<torch::Tensor(const torch::Tensor&)>& density,
                            int steps, c10::optional<at::Generator> generator) {
  torch::NoGradGuard no_grad;
  auto x = points.clone();
  auto qx = density(x).reshape(-1);
  const long n = x.size(0);
  long accepted = 0;
  for (int s = 0; s < steps; ++s) {
    auto noise = torch::randn(x.sizes(), generator, x.options());
    auto y = reflect_into(x + noise * sigma, lo, hi);
    auto qy = density(y).reshape(-1);
    auto u = torch::rand({n}, generator, x.options());
    // accept if u q(x) < q(y): min(1, q(y)/q(x)) without dividing by a zero q(x)
    auto accept = u * qx < qy;
    x = torch::where(accept.unsqueeze(1), y, x);
    qx = torch::where(accept, qy, qx);
    accepted += accept.sum().item<long>();
  }
  return {x, steps > 0 ? static_cast<double>(accepted) / (static_cast<double>(n) * steps) : 0.0};
}

}  // namespace kinetic::neural
