#pragma once
// Fully connected and residual networks whose forward pass carries forward-mode tangents: for inputs X
// (rows x d) the layers propagate, in one pass, the hidden values h and their derivatives h_t, h_x w.r.t. the
// input columns t and x (jets). A linear layer maps value and tangents with the same weight (the bias only
// touches the value); an activation multiplies the tangents by sigma'(z). The two tangents are stacked into
// one (2 x rows x width) tensor so each layer costs two GEMMs, not three small ones.
// The autograd path gives the same jets by reverse mode: for plain fc tanh networks by a fused kernel with a
// hand-written backward (jet_mlp.hpp), otherwise by torch::autograd::grad with create_graph (double backward).
#include <torch/torch.h>

#include <vector>

#include "neural/nets/jet.hpp"
#include "neural/training/options.hpp"

namespace kinetic::neural {

enum class Derivatives { None, Tangent, Autograd };

class FieldNetImpl : public torch::nn::Module {
 public:
  // `lo`/`hi`: the range of each input column, mapped affinely onto [-1, 1] inside the network (so the
  // tangents carry the scaling). `t_col`, `x_col`: columns whose derivatives jets carry. period > 0: x enters
  // as (cos, sin)(2 pi (x - lo_x)/period), so the network is exactly periodic in x. outputs > 1: the
  // output (and each tangent) is (rows x outputs) instead of (rows).
  FieldNetImpl(const NetworkOptions& options, const std::vector<double>& lo, const std::vector<double>& hi,
               int t_col = 0, int x_col = 1, double period = 0.0, int outputs = 1);

  // Raw output (rows, or rows x outputs) for inputs X (rows x d).
  torch::Tensor forward(const torch::Tensor& X);
  // Raw output and its t and x derivatives, by tangent propagation, by autograd, or values only.
  Jet jet(const torch::Tensor& X, Derivatives mode);

  // Maps the time range [t0, t1] onto [-1, 1] from now on (time windows: each window's interval fills the
  // input range). keep_function: the input layer absorbs the change (W_t s = W_t' s', b' = b + W_t s (c' - c)),
  // so the network computes the same function to rounding; otherwise only the normalisation changes, as if the
  // network had been built for [t0, t1]. Setting the range it already has changes nothing.
  void set_time_range(double t0, double t1, bool keep_function);

 private:
  Jet tangent_forward(const torch::Tensor& X);
  // X with its t column replaced by log(1 + t/tau) when options.log_time = tau > 0.
  torch::Tensor time_coordinate(const torch::Tensor& X) const;
  // Network features of the inputs: normalised columns, x replaced by cos and sin (appended) if periodic.
  torch::Tensor features(const torch::Tensor& X) const;
  // (rows x outputs) as returned: (rows) for a single output.
  torch::Tensor shaped(const torch::Tensor& rows_by_outputs) const;
  // sigma(z) and, if tangents are given (2 x rows x w), sigma'(z) * tangents.
  std::pair<torch::Tensor, torch::Tensor> activate(const torch::Tensor& z, const torch::Tensor& tangents) const;

  NetworkOptions options_;
  int t_col_, x_col_;
  int outputs_;
  double period_, x_origin_;
  torch::Tensor center_, scale_;  // buffers: Xn = (X - center) * scale
  torch::nn::Linear input_{nullptr}, output_{nullptr};
  std::vector<torch::nn::Linear> hidden_;  // fc: depth-1 layers; resnet: 2 per block
};
TORCH_MODULE(FieldNet);

}  // namespace kinetic::neural
