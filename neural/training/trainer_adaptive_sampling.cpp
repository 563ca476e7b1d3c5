// The trainer's adaptive sampling of the interior points (options.mcmc; mcmc_sampler.hpp).
#include <fmt/format.h>

#include <cmath>

#include "neural/training/mcmc_sampler.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "neural/training/trainer.hpp"

namespace kinetic::neural {


// Chains start from the leading rows of the fresh (uniform) batch; the rest of every batch until the next
// refresh stays uniform (options.mcmc.uniform_fraction). The proposals use torch's global generator, which
// checkpoints hold, so a resumed run draws the same chains.
void Trainer::adapt_interior_points() {
  const auto& mc = options_.mcmc;
  const auto [t, x] = model_->interior_points();
  const long n = t.size(0);
  const long adapted = n - std::lround(mc.uniform_fraction * static_cast<double>(n));
  const auto& o = model_->tensor_options();
  const auto lo = torch::tensor({0.0, problem_.x_left}, torch::kFloat64).to(o);
  const auto hi = torch::tensor({model_->horizon(), problem_.x_right}, torch::kFloat64).to(o);
  const auto sigma = torch::tensor(mc.proposal, torch::kFloat64).to(o) * (hi - lo);
  std::vector<double> weights(weights_.begin(), weights_.begin() + model_->interior_term_count());
  auto density = [&](const torch::Tensor& p) {
    model_->set_interior_points(p.select(1, 0).contiguous(), p.select(1, 1).contiguous());
    auto r = model_->point_residuals(weights, Derivatives::Tangent);
    return mc.power == 1.0 ? r : r.pow(mc.power);
  };
  const auto start = torch::stack({t, x}, 1).narrow(0, 0, adapted);
  const auto result = metropolis(start, lo, hi, sigma, density, mc.steps);
  mcmc_t_ = result.points.select(1, 0).contiguous();
  mcmc_x_ = result.points.select(1, 1).contiguous();
  mcmc_acceptance_ = result.acceptance;
  model_->set_interior_points(t, x);
}

void Trainer::mix_adapted_points() {
  const auto [t, x] = model_->interior_points();
  const long n = t.size(0), adapted = std::min<long>(n, mcmc_t_.size(0));
  model_->set_interior_points(torch::cat({mcmc_t_.narrow(0, 0, adapted), t.narrow(0, adapted, n - adapted)}),
                              torch::cat({mcmc_x_.narrow(0, 0, adapted), x.narrow(0, adapted, n - adapted)}));
}

}  // namespace kinetic::neural
