#pragma once
// A neural model of one equation: its networks (registered submodules), the collocation batch of the current
// step, its loss terms and its density. The trainer (trainer.hpp) is generic over models.
#include <torch/torch.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/formula.hpp"
#include "core/problem.hpp"
#include "neural/jet.hpp"
#include "neural/network.hpp"
#include "neural/options.hpp"
#include "neural/sampler.hpp"

namespace kinetic::neural {

class Model : public torch::nn::Module {
 public:
  Model(const Problem& problem, const NeuralOptions& options);
  ~Model() override = default;

  // Draws a new collocation batch (sizes = factor x the configured batch sizes).
  virtual void resample(PointSampler& sampler, int factor = 1) = 0;
  // Unweighted loss terms on the current batch, in loss_term_names(method) order (each a 0-dim tensor).
  virtual std::vector<torch::Tensor> loss_terms(Derivatives mode) = 0;
  // Density at the points (t_i, x_i), values only.
  virtual torch::Tensor density(const torch::Tensor& t, const torch::Tensor& x) = 0;
  // The result fields at (t_i, x_i), values only, "rho" first (BGK adds "momentum", "energy").
  virtual std::vector<std::pair<std::string, torch::Tensor>> fields(const torch::Tensor& t, const torch::Tensor& x) {
    return {{"rho", density(t, x)}};
  }

  const torch::TensorOptions& tensor_options() const { return topt_; }
  const NeuralOptions& options() const { return options_; }

 protected:
  // Points of the current step, as 1-D tensors.
  torch::Tensor column(const std::vector<double>& values) const;
  // Velocity nodes and measure weights of the full range, plus the weights of the incoming half-ranges
  // (v > 0 and v < 0), each renormalised to sum 1 so that inflow terms are means over incoming ordinates.
  struct VelocityColumns {
    torch::Tensor v, w, w_pos, w_neg;
  };
  VelocityColumns velocity_columns() const;
  // Times t = T u^bias on [0, T] (bias > 1 clusters points near t = 0, where the initial layer lives).
  torch::Tensor times(const std::vector<double>& u) const;
  torch::Tensor positions(const std::vector<double>& u) const;
  // A formula tabulated on broadcast-compatible tensors of t, x, v (host evaluation; constant fast path).
  torch::Tensor tabulate(const Formula& f, const torch::Tensor& t, const torch::Tensor& x,
                         const torch::Tensor& v) const;
  // Network inputs: the columns t, x, v broadcast against each other and flattened to (rows x 3).
  static torch::Tensor stack_inputs(const torch::Tensor& t, const torch::Tensor& x, const torch::Tensor& v);
  // Period of x for the networks' periodic features (0: not periodic, or disabled by the options).
  double period() const { return problem_.periodic() && options_.periodic_features ? problem_.length() : 0.0; }
  // The rho transform of the options applied to a raw jet at times t.
  Jet rho_transform(const Jet& raw, const torch::Tensor& t) const;

  Problem problem_;
  NeuralOptions options_;
  torch::TensorOptions topt_;
};

// Builds the model named by options.method for the problem; InputError if the problem is not supported.
std::shared_ptr<Model> make_model(const Problem& problem, const NeuralOptions& options);

// Relative l2 distance sqrt(sum (a-b)^2 / sum b^2).
double relative_l2(const std::vector<double>& a, const std::vector<double>& ref);

}  // namespace kinetic::neural
