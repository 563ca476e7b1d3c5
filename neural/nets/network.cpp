#include "neural/nets/network.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"
#include "neural/nets/jet_mlp.hpp"
#include "neural/nets/jet_tanh.hpp"
#include "neural/nets/layer_tanh.hpp"

namespace kinetic::neural {

FieldNetImpl::FieldNetImpl(const NetworkOptions& options, const std::vector<double>& lo,
                           const std::vector<double>& hi, int t_col, int x_col, double period, int outputs)
    : options_(options), t_col_(t_col), x_col_(x_col), outputs_(outputs), period_(period), x_origin_(lo.at(x_col)) {
  const int d = static_cast<int>(lo.size());
  std::vector<double> c(d), s(d);
  for (int k = 0; k < d; ++k) {
    double a = lo[k], b = hi[k];
    if (k == t_col && options.log_time > 0) {  // normalise the log coordinate, not t
      if (!(a >= 0))
        throw InputError(fmt::format("networks.log_time: needs times >= 0 (the time range starts at {})", a));
      a = std::log1p(a / options.log_time), b = std::log1p(b / options.log_time);
    }
    c[k] = 0.5 * (a + b);
    s[k] = b > a ? 2.0 / (b - a) : 1.0;
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
    a = layer_tanh(z);
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

void FieldNetImpl::set_time_range(double t0, double t1, bool keep_function) {
  double a = t0, b = t1;
  if (options_.log_time > 0) a = std::log1p(a / options_.log_time), b = std::log1p(b / options_.log_time);
  if (!(b > a)) throw RunError(fmt::format("network time range [{}, {}] is empty", t0, t1));
  torch::NoGradGuard no_grad;
  const auto dtype = scale_.dtype();
  // Rounded through float32 like the constructor's buffers, so both give the same network in any dtype.
  const auto c_new = torch::tensor(0.5 * (a + b), torch::kFloat64).to(torch::kFloat32).to(dtype);
  const auto s_new = torch::tensor(2.0 / (b - a), torch::kFloat64).to(torch::kFloat32).to(dtype);
  auto c = center_.select(0, t_col_), s = scale_.select(0, t_col_);
  if (c.equal(c_new) && s.equal(s_new)) return;
  if (keep_function) {
    auto w_t = input_->weight.select(1, t_col_);
    input_->bias.add_(w_t * s * (c_new - c));
    w_t.mul_(s / s_new);
  }
  c.copy_(c_new), s.copy_(s_new);
}

torch::Tensor FieldNetImpl::time_coordinate(const torch::Tensor& X) const {
  if (options_.log_time <= 0) return X;
  std::vector<torch::Tensor> columns = X.unbind(1);
  columns[t_col_] = torch::log1p(columns[t_col_] / options_.log_time);
  return torch::stack(columns, 1);
}

torch::Tensor FieldNetImpl::features(const torch::Tensor& X) const {
  auto Xn = (time_coordinate(X) - center_.to(X.dtype())) * scale_.to(X.dtype());
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
// T_z,x = -k sin(k x) W[:, cos] + k cos(k x) W[:, sin], one row per point. With the log time coordinate
// s = log(1 + t/tau): T_z,t = scale_t W[:, t] / (tau + t), one row per point.
Jet FieldNetImpl::tangent_forward(const torch::Tensor& X) {
  const auto dtype = X.dtype();
  const auto scale = scale_.to(dtype);
  const auto Xn = features(X);
  const long rows = X.size(0);
  auto W_in = input_->weight;  // (w x d)
  torch::Tensor T0;
  // d(normalised t)/dt: a constant row, or one per point for the log coordinate.
  auto t_row = (W_in.select(1, t_col_) * scale[t_col_]).unsqueeze(0);  // (1 x w)
  if (options_.log_time > 0) t_row = t_row / (X.select(1, t_col_) + options_.log_time).unsqueeze(1);
  if (period_ > 0) {
    const double k = 2 * M_PI / period_;
    auto theta = ((X.select(1, x_col_) - x_origin_) * k).unsqueeze(1);
    auto tx = (-k * torch::sin(theta)) * W_in.select(1, x_col_).unsqueeze(0) +
              (k * torch::cos(theta)) * W_in.select(1, W_in.size(1) - 1).unsqueeze(0);
    T0 = torch::stack({t_row.expand_as(tx), tx});  // (2 x rows x w)
  } else if (options_.log_time > 0) {
    auto tx = (W_in.select(1, x_col_) * scale[x_col_]).unsqueeze(0).expand_as(t_row);
    T0 = torch::stack({t_row, tx});  // (2 x rows x w)
  } else {
    T0 = torch::stack({t_row.squeeze(0), W_in.select(1, x_col_) * scale[x_col_]}).unsqueeze(1);  // (2 x 1 x w)
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
  // Plain tanh networks: the same derivatives with a hand-written backward (jet_mlp.hpp), unless the loss will
  // be differentiated twice (Gauss-Newton's J v products) or the inputs need gradients.
  if (options_.kind == "fc" && options_.activation == "tanh" && outputs_ == 1 && period_ <= 0 &&
      options_.log_time <= 0 && X.device().is_cpu() && !X.requires_grad() && !TwiceDifferentiableJets::active()) {
    std::vector<torch::Tensor> params = {input_->weight, input_->bias};
    for (auto& layer : hidden_) params.push_back(layer->weight), params.push_back(layer->bias);
    params.push_back(output_->weight), params.push_back(output_->bias);
    const auto scale = scale_.to(torch::kFloat64);
    auto out = tanh_mlp_jet(features(X), params, t_col_, x_col_, scale[t_col_].item<double>(),
                            scale[x_col_].item<double>());
    return {out[0], out[1], out[2]};
  }
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
