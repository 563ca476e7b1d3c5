#pragma once
// Branch networks of the operator models: they map the initial function f0, sampled on the dataset's
// nx x nv grid (functions x nx x nv), to the coefficients b (functions x width) of the trunk features.
//  - "don": a modified MLP on the flattened grid values (the plain DeepONet branch; parameters grow with the
//    grid: 2048 inputs here).
//  - "con": convolutional (APCON). Two blocks [2 x 2 convolution, stride 2, `channels` channels; 2 x 2 average
//    pooling, stride 2; GELU] shrink the image 16-fold in each direction (32 x 64 -> 2 x 4), the channels are
//    summed, a linear layer lifts the features to `width`, then a modified MLP with normalised encoders.
//    The convolution kernels do not depend on the grid; only the linear layer sees the feature count.
#include <torch/torch.h>

#include <string>

#include "neural/operator/modified_mlp.hpp"

namespace kinetic::neural {

struct BranchShape {
  std::string kind = "con";  // con | don
  long nx = 32, nv = 64;     // input grid
  long width = 64;           // coefficients (= trunk features)
  long depth = 5;            // layers of the modified MLP after the input
  long channels = 4;         // con only
};

class OperatorBranchImpl : public torch::nn::Module {
 public:
  explicit OperatorBranchImpl(const BranchShape& shape);
  torch::Tensor forward(const torch::Tensor& f0);  // (functions x nx x nv) -> (functions x width)
  // Features after the convolution blocks and the channel sum (con), for a grid nx x nv; 0 if too small.
  static long con_features(long nx, long nv);

 private:
  BranchShape shape_;
  torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr};
  torch::nn::Linear lift_{nullptr};
  ModifiedMlp mlp_{nullptr};
};
TORCH_MODULE(OperatorBranch);

}  // namespace kinetic::neural
