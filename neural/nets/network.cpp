#include "neural/nets/network.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "neural/nets/jet_tanh.hpp"

namespace kinetic::neural {

FieldNetImpl::FieldNetImpl(const NetworkOptions& options, const std::vector<double>& lo,
                           const std::vector<double>& hi, int t_col, int x_col, double period, int outputs)
    : options_(options), t_col_(t_col), x_col_(x_col), outputs_(outputs), period_(period), x_origin_(lo.at(x_col)) {
  const int d = static_cast<int>(lo.size());
  std::vector<double> c(d), s(d);
  for (int k = 0; k < d; ++k) {
    c[k] = 0.5 * (lo[k] + hi[k]);
    s[k] = hi[k] > lo[k] ? 2.0 / (hi[k] - lo[k]) : 1.0;
  }
  center_ = register_buffer("center", torch::tensor(c, torch::kFloat64).to(torch::kFloat32));
  scale_ = register_buffer("scale", torch::tensor(s, torch::kFloat64).to(torch::kFloat32));
  const int w = options.width;
  input_ = register_module("input", torch::nn::Linear(period > 0 ? d + 1 : d, w));
  const int n_hidden = options.kind == "resnet" ? 2 * options.depth : options.depth - 1;
  for (int k = 0; k < n_hidden; ++k)
    hidden_.push_back(register_module(fmt::format("hidden{}", k), torch::nn::Linear(w, w)));
  output_ = register_module("output", torch::nn::Linear(w, outputs));
  // Xavier-normal weights and zero biases: the usual choice for tanh PINN-type networks.
  torch::NoGradGuard no_grad;
  for (auto& p : named_parameters()) {
    if (p.key().find("weight") != std::string::npos)
      torch::nn::init::xavier_normal_(p.value());
    else
      p.value().zero_();
  }
}

std::pair<torch::Tensor, torch::Tensor> FieldNetImpl::activate(const torch::Tensor& z,
                                                               const torch::Tensor& tangents) const {
  const auto& act = options_.activation;
  torch::Tensor a, ta;
  if (act == "tanh" && tangents.defined()) return jet_tanh(z, tangents);  // fused CPU kernel
  if (act == "tanh") {
    a = torch::tanh(z);
    // tanh_backward(g, a) = g (1 - a^2): one fused pass, broadcasting g over the stacked tangents.
    if (tangents.defined()) ta = at::tanh_backward(tangents, a);
  } else if (act == "sigmoid") {
    a = torch::sigmoid(z);
    if (tangents.defined()) ta = at::sigmoid_backward(tangents, a);
  } else if (act == "sin") {
    a = torch::sin(z);
    if (tangents.defined()) ta = tangents * torch::cos(z);
  } else {  // swish: a = z s(z),  a' = s (1 + z (1 - s))
    auto s = torch::sigmoid(z);
    a = z * s;
    if (tangents.defined()) ta = tangents * (s * (1 + z * (1 - s)));
  }
  return {a, ta};
}

torch::Tensor FieldNetImpl::shaped(const torch::Tensor& rows_by_outputs) const {
  return outputs_ == 1 ? rows_by_outputs.squeeze(-1) : rows_by_outputs;
}

torch::Tensor FieldNetImpl::features(const torch::Tensor& X) const {
  auto Xn = (X - center_.to(X.dtype())) * scale_.to(X.dtype());
  if (period_ <= 0) return Xn;
  auto theta = (X.select(1, x_col_) - x_origin_) * (2 * M_PI / period_);
  std::vector<torch::Tensor> columns = Xn.unbind(1);
  columns[x_col_] = torch::cos(theta);
  columns.push_back(torch::sin(theta));
  return torch::stack(columns, 1);
}

torch::Tensor FieldNetImpl::forward(const torch::Tensor& X) {
  auto Xn = features(X);
  auto h = activate(input_->forward(Xn), {}).first;
  if (options_.kind == "resnet") {
    for (std::size_t k = 0; k < hidden_.size(); k += 2) {
      auto u = activate(hidden_[k]->forward(h), {}).first;
      h = h + activate(hidden_[k + 1]->forward(u), {}).first;
    }
  } else {
    for (auto& layer : hidden_) h = activate(layer->forward(h), {}).first;
  }
  return shaped(output_->forward(h));
}

// Forward-mode pass. Value h (rows x w) and tangents T (2 x rows x w), T[0] = dh/dt, T[1] = dh/dx.
//   linear:     z = h W^T + b,     T_z = T W^T
//   activation: a = sigma(z),      T_a = sigma'(z) T_z
// At the input layer the tangent of Xn is the unit vector scaled by the normalisation, so
// T_z = scale_t W[:, t] (a row broadcast over the batch; no GEMM). With periodic features (cos, sin)(k x):
// T_z,x = -k sin(k x) W[:, cos] + k cos(k x) W[:, sin], one row per point.
Jet FieldNetImpl::tangent_forward(const torch::Tensor& X) {
  const auto dtype = X.dtype();
  const auto scale = scale_.to(dtype);
  const auto Xn = features(X);
  const long rows = X.size(0);
  auto W_in = input_->weight;  // (w x d)
  torch::Tensor T0;
  if (period_ > 0) {
    const double k = 2 * M_PI / period_;
    auto theta = ((X.select(1, x_col_) - x_origin_) * k).unsqueeze(1);
    auto tx = (-k * torch::sin(theta)) * W_in.select(1, x_col_).unsqueeze(0) +
              (k * torch::cos(theta)) * W_in.select(1, W_in.size(1) - 1).unsqueeze(0);
    auto tt = (W_in.select(1, t_col_) * scale[t_col_]).unsqueeze(0).expand_as(tx);
    T0 = torch::stack({tt, tx});  // (2 x rows x w)
  } else {
    T0 = torch::stack({W_in.select(1, t_col_) * scale[t_col_], W_in.select(1, x_col_) * scale[x_col_]})
             .unsqueeze(1);  // (2 x 1 x w)
  }
  auto [h, T] = activate(input_->forward(Xn), T0);

  auto linear = [&](torch::nn::Linear& layer, const torch::Tensor& hv, const torch::Tensor& tv) {
    auto z = torch::addmm(layer->bias, hv, layer->weight.t());
    auto tz = tv.reshape({2 * rows, hv.size(1)}).mm(layer->weight.t()).view({2, rows, layer->weight.size(0)});
    return std::make_pair(z, tz);
  };
  if (options_.kind == "resnet") {
    for (std::size_t k = 0; k < hidden_.size(); k += 2) {
      auto [z1, t1] = linear(hidden_[k], h, T);
      auto [u, tu] = activate(z1, t1);
      auto [z2, t2] = linear(hidden_[k + 1], u, tu);
      auto [a, ta] = activate(z2, t2);
      h = h + a;
      T = T + ta;
    }
  } else {
    for (auto& layer : hidden_) {
      auto [z, tz] = linear(layer, h, T);
      std::tie(h, T) = activate(z, tz);
    }
  }
  auto [o, to] = linear(output_, h, T);
  return {shaped(o), shaped(to.select(0, 0)), shaped(to.select(0, 1))};
}

Jet FieldNetImpl::jet(const torch::Tensor& X, Derivatives mode) {
  if (mode == Derivatives::None) return {forward(X), {}, {}};
  if (mode == Derivatives::Tangent) return tangent_forward(X);
  // Reference path: d(output)/d(inputs) by reverse mode, kept in the graph (create_graph) so the loss can
  // be differentiated again w.r.t. the parameters. Each output row depends only on its own input row, so
  // the gradient of the sum gives every row's derivatives at once.
  auto Xr = X.detach().requires_grad_(true);
  auto o = forward(Xr);
  auto columns = o.view({o.size(0), outputs_});
  std::vector<torch::Tensor> dt, dx;  // one reverse pass per output column
  for (int j = 0; j < outputs_; ++j) {
    auto oj = columns.select(1, j);
    auto g = torch::autograd::grad({oj}, {Xr}, {torch::ones_like(oj)}, /*retain_graph=*/true, /*create_graph=*/true)[0];
    dt.push_back(g.select(1, t_col_));
    dx.push_back(g.select(1, x_col_));
  }
  return {o, shaped(torch::stack(dt, 1)), shaped(torch::stack(dx, 1))};
}

}  // namespace kinetic::neural
