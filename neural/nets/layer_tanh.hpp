#pragma once
// tanh of a network layer. Float32 CPU tensors go through the vectorized kernel of fast_tanh.hpp (a few ulp,
// faster than LibTorch's 1-ulp tanh, which cost 6-7 % of a training step); the derivative is LibTorch's
// tanh_backward, itself differentiable, so jets by double backward and Gauss-Newton's J v products work as
// with torch::tanh. Float64 and other devices use torch::tanh.
#include <torch/torch.h>

namespace kinetic::neural {

torch::Tensor layer_tanh(const torch::Tensor& z);

}  // namespace kinetic::neural
