#include "neural/operator/modified_mlp.hpp"

#include "core/error.hpp"
#include "neural/nets/layer_tanh.hpp"

namespace kinetic::neural {

ModifiedMlpImpl::ModifiedMlpImpl(std::vector<long> widths, bool layer_norm) : widths_(std::move(widths)) {
  if (widths_.size() < 3) throw RunError("modified MLP: needs an input, at least one hidden and an output width");
  const long d = widths_[0], w = widths_[1];
  for (std::size_t k = 1; k + 1 < widths_.size(); ++k)
    if (widths_[k] != w) throw RunError("modified MLP: the hidden widths must be equal (the encoders gate them)");
  enc_u_ = register_module("enc_u", torch::nn::Linear(d, w));
  enc_v_ = register_module("enc_v", torch::nn::Linear(d, w));
  if (layer_norm) {
    norm_u_ = register_module("norm_u", torch::nn::LayerNorm(torch::nn::LayerNormOptions({w})));
    norm_v_ = register_module("norm_v", torch::nn::LayerNorm(torch::nn::LayerNormOptions({w})));
  }
  for (std::size_t k = 0; k + 1 < widths_.size(); ++k)
    layers_.push_back(register_module("layer" + std::to_string(k), torch::nn::Linear(widths_[k], widths_[k + 1])));
  // Xavier-normal weights, zero biases (the usual start for tanh networks).
  for (auto& p : named_parameters()) {
    if (p.key().find("norm") != std::string::npos) continue;
    torch::NoGradGuard guard;
    if (p.value().dim() == 2) torch::nn::init::xavier_normal_(p.value());
    else p.value().zero_();
  }
}

std::pair<torch::Tensor, torch::Tensor> ModifiedMlpImpl::encoders(const torch::Tensor& X) {
  auto a = enc_u_->forward(X), b = enc_v_->forward(X);
  if (norm_u_) a = norm_u_->forward(a), b = norm_v_->forward(b);
  return {layer_tanh(a), layer_tanh(b)};
}

torch::Tensor ModifiedMlpImpl::forward(const torch::Tensor& X) {
  auto [U, V] = encoders(X);
  auto D = U - V;
  torch::Tensor h = X;
  for (std::size_t k = 0; k + 1 < layers_.size(); ++k) h = torch::addcmul(V, layer_tanh(layers_[k]->forward(h)), D);
  return layers_.back()->forward(h);
}

Jet ModifiedMlpImpl::jet(const torch::Tensor& X) {
  if (norm_u_) throw RunError("modified MLP: tangents are not carried through LayerNorm (trunk nets have none)");
  const long rows = X.size(0), d = X.size(1);
  // Input tangents: unit vectors along columns 0 and 1, stacked (2 x rows x d).
  auto dX = torch::zeros({2, rows, d}, X.options());
  dX.select(0, 0).select(1, 0).fill_(1.0);
  dX.select(0, 1).select(1, 1).fill_(1.0);
  auto linear_tangent = [](const torch::nn::Linear& l, const torch::Tensor& dh) { return torch::matmul(dh, l->weight.t()); };
  auto U = layer_tanh(enc_u_->forward(X)), V = layer_tanh(enc_v_->forward(X));
  auto dU = (1 - U * U) * linear_tangent(enc_u_, dX), dV = (1 - V * V) * linear_tangent(enc_v_, dX);
  auto D = U - V, dD = dU - dV;
  torch::Tensor h = X, dh = dX;
  for (std::size_t k = 0; k + 1 < layers_.size(); ++k) {
    auto z = layer_tanh(layers_[k]->forward(h));
    auto dz = (1 - z * z) * linear_tangent(layers_[k], dh);
    h = torch::addcmul(V, z, D);
    dh = dV + dz * D + z * dD;
  }
  auto out = layers_.back()->forward(h);
  auto dout = linear_tangent(layers_.back(), dh);
  return {out, dout.select(0, 0), dout.select(0, 1)};
}

}  // namespace kinetic::neural
