#include "neural/operator/operator_branch.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace kinetic::neural {

long OperatorBranchImpl::con_features(long nx, long nv) {
  // Each block: convolution 2 x 2 stride 2 (n -> n / 2), pooling 2 x 2 stride 2 (-> n / 4), both without padding.
  return (nx / 4 / 4) * (nv / 4 / 4);
}

OperatorBranchImpl::OperatorBranchImpl(const BranchShape& shape) : shape_(shape) {
  std::vector<long> widths(shape.depth + 1, shape.width);
  if (shape.kind == "con") {
    const long features = con_features(shape.nx, shape.nv);
    if (features < 1)
      throw InputError(fmt::format("neural.networks.branch: the convolutional branch needs a grid of at least 16 x 16 "
                                   "(the dataset's is {} x {})", shape.nx, shape.nv));
    using torch::nn::Conv2dOptions;
    conv1_ = register_module("conv1", torch::nn::Conv2d(Conv2dOptions(1, shape.channels, 2).stride(2)));
    conv2_ = register_module("conv2", torch::nn::Conv2d(Conv2dOptions(shape.channels, shape.channels, 2).stride(2)));
    lift_ = register_module("lift", torch::nn::Linear(features, shape.width));
    mlp_ = register_module("mlp", ModifiedMlp(widths, /*layer_norm=*/true));
  } else {
    widths.front() = shape.nx * shape.nv;
    mlp_ = register_module("mlp", ModifiedMlp(widths));
  }
}

torch::Tensor OperatorBranchImpl::forward(const torch::Tensor& f0) {
  const long n = f0.size(0);
  if (!conv1_) return mlp_->forward(f0.reshape({n, -1}));
  namespace F = torch::nn::functional;
  auto block = [](const torch::Tensor& a, torch::nn::Conv2d& conv) {
    return torch::gelu(F::avg_pool2d(conv->forward(a), F::AvgPool2dFuncOptions(2).stride(2)));
  };
  auto h = block(block(f0.unsqueeze(1), conv1_), conv2_);  // (n x channels x nx/16 x nv/16)
  return mlp_->forward(lift_->forward(h.sum(1).reshape({n, -1})));
}

}  // namespace kinetic::neural
