#pragma once
// The modified MLP of Wang, Teng and Perdikaris (2021), the building block of the APCON branch and trunk nets:
// two encoders U = s(X W_U + b_U), V = s(X W_V + b_V) of the input, then hidden layers that gate between them,
//   h_0 = X,   z_k = s(h_k W_k + b_k),   h_{k+1} = z_k U + (1 - z_k) V = V + z_k (U - V),
// and a last linear layer without activation. `widths` = [d, w, ..., w] lists the layer sizes (the first is
// the input, the last the output), so the parameters are 2 (d w + w) + sum of the linear layers. With
// layer_norm, the encoders are normalised, U = s(LN(X W_U + b_U)) (the APCON convolutional branch: 2 x 2w more
// parameters), the gated path itself stays unnormalised and keeps the input's scale.
// jet() carries forward-mode tangents of the output with respect to input columns 0 (t) and 1 (x), as the
// field networks do (nets/network.hpp), so residuals need no double backward.
#include <torch/torch.h>

#include <vector>

#include "neural/nets/jet.hpp"

namespace kinetic::neural {

class ModifiedMlpImpl : public torch::nn::Module {
 public:
  ModifiedMlpImpl(std::vector<long> widths, bool layer_norm = false);
  torch::Tensor forward(const torch::Tensor& X);  // (rows x d) -> (rows x out)
  // Output and its derivatives along input columns 0 and 1 (rows x out each).
  Jet jet(const torch::Tensor& X);

 private:
  std::pair<torch::Tensor, torch::Tensor> encoders(const torch::Tensor& X);
  std::vector<long> widths_;
  torch::nn::Linear enc_u_{nullptr}, enc_v_{nullptr};
  torch::nn::LayerNorm norm_u_{nullptr}, norm_v_{nullptr};
  std::vector<torch::nn::Linear> layers_;
};
TORCH_MODULE(ModifiedMlp);

}  // namespace kinetic::neural
