#include "neural/operator/operator_model.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace kinetic::neural {

OperatorLoss parse_operator_loss(const std::string& name) {
  if (name == "pi") return OperatorLoss::PI;
  if (name == "ap_v1") return OperatorLoss::ApV1;
  if (name == "ap_v2") return OperatorLoss::ApV2;
  throw InputError("operator loss must be pi, ap_v1 or ap_v2 (got '" + name + "')");
}

std::vector<std::string> operator_networks(OperatorLoss loss) {
  switch (loss) {
    case OperatorLoss::PI: return {"f"};
    case OperatorLoss::ApV1: return {"rho", "g"};
    case OperatorLoss::ApV2: return {"rho", "r", "j"};
  }
  return {};
}

// The weights of the corresponding point models (apnn_v1, apnn_v2): data terms 10, residuals 1.
std::vector<WeightedTerm> operator_terms(OperatorLoss loss) {
  switch (loss) {
    case OperatorLoss::PI: return {{"pde", 1}, {"bc", 10}, {"ic", 10}};
    case OperatorLoss::ApV1: return {{"macro", 1}, {"micro", 1}, {"bc", 10}, {"ic_rho", 10}, {"ic_f", 10}};
    case OperatorLoss::ApV2:
      // ic_rho 100: rho(0) = <f0> is what the branch learns slowest (measured at eps = 1e-4, 3000 steps: test
      // error 6.4e-2 with weight 1, 5.0e-2 with 10, 3.6e-2 with 100, 0.11 with 1000; README, APCON).
      return {{"even", 1}, {"odd", 1}, {"conservation", 1}, {"constraint", 1}, {"bc", 10}, {"ic_rho", 100}, {"ic_f", 10}};
  }
  return {};
}

DeepOnetImpl::DeepOnetImpl(const BranchShape& branch, long trunk_depth, const std::vector<double>& lo,
                           const std::vector<double>& hi) {
  branch_ = register_module("branch", OperatorBranch(branch));
  std::vector<long> widths(trunk_depth + 1, branch.width);
  widths.front() = static_cast<long>(lo.size());
  trunk_ = register_module("trunk", ModifiedMlp(widths));
  std::vector<double> c(lo.size()), s(lo.size());
  for (std::size_t i = 0; i < lo.size(); ++i) c[i] = 0.5 * (lo[i] + hi[i]), s[i] = 2.0 / (hi[i] - lo[i]);
  center_ = register_buffer("center", torch::tensor(c, torch::kFloat32));
  scale_ = register_buffer("scale", torch::tensor(s, torch::kFloat32));
}

torch::Tensor DeepOnetImpl::features(const torch::Tensor& Y) { return trunk_->forward((Y - center_) * scale_); }

Jet DeepOnetImpl::feature_jet(const torch::Tensor& Y) {
  Jet J = trunk_->jet((Y - center_) * scale_);
  return {J.v, J.t * scale_[0], J.x * scale_[1]};  // d/dt = s_t d/dt_n
}

Jet combine(const torch::Tensor& B, const Jet& T) {
  auto apply = [&B](const torch::Tensor& a) { return torch::matmul(B, a.t()); };
  return map_linear(T, apply);
}

namespace {

// mean over leading dimensions of sum_k (w_k / sum w) r_k^2  (r: ... x q)
torch::Tensor weighted_mean_square(const torch::Tensor& r, const torch::Tensor& w) {
  return (r.square() * (w / w.sum())).sum(-1).mean();
}
torch::Tensor mean_square(const torch::Tensor& r) { return r.square().mean(); }
torch::Tensor average(const torch::Tensor& u, const torch::Tensor& w) { return (u * w).sum(-1); }

// Inflow: the incoming half of the nodes at each end, each end's nodes weighted by the rule.
torch::Tensor inflow_term(const torch::Tensor& left, const torch::Tensor& right, const torch::Tensor& v,
                          const torch::Tensor& w) {
  auto w_pos = w * (v > 0).to(w.dtype()), w_neg = w * (v < 0).to(w.dtype());
  return 0.5 * (weighted_mean_square(left, w_pos) + weighted_mean_square(right, w_neg));
}

}  // namespace

std::vector<torch::Tensor> pi_terms(const PiFields& u, const OperatorBatch& b, const TransportData& d) {
  const double eps = d.eps;
  auto f_mean = average(u.f.v, b.w).unsqueeze(-1);
  auto pde = eps * u.f.t + b.v * u.f.x - d.sigma_s * (f_mean - u.f.v) / eps;
  return {weighted_mean_square(pde, b.w), inflow_term(u.left - b.f_left, u.right - b.f_right, b.v, b.w),
          weighted_mean_square(u.initial - b.f0, b.w0)};
}

std::vector<torch::Tensor> v1_terms(const V1Fields& u, const OperatorBatch& b, const TransportData& d) {
  const double eps = d.eps, e2 = eps * eps;
  auto vgx = b.v * u.g.x;
  auto vgx_mean = average(vgx, b.w);
  auto macro = u.rho.t + vgx_mean;
  auto micro = e2 * u.g.t + eps * (vgx - vgx_mean.unsqueeze(-1)) + b.v * u.rho.x.unsqueeze(-1) + d.sigma_s * u.g.v;
  auto left = u.rho_left.unsqueeze(-1) + eps * u.g_left - b.f_left;
  auto right = u.rho_right.unsqueeze(-1) + eps * u.g_right - b.f_right;
  auto rho0 = average(b.f0, b.w0);
  auto f_init = u.rho_initial.unsqueeze(-1) + eps * u.g_initial;
  return {mean_square(macro), weighted_mean_square(micro, b.w), inflow_term(left, right, b.v, b.w),
          mean_square(u.rho_initial - rho0), weighted_mean_square(f_init - b.f0, b.w0)};
}

std::vector<torch::Tensor> v2_terms(const V2Fields& u, const OperatorBatch& b, const TransportData& d) {
  const double eps = d.eps, e2 = eps * eps;
  auto even = e2 * (u.r.t + b.v * u.j.x) - d.sigma_s * (u.rho.v.unsqueeze(-1) - u.r.v);
  auto odd = e2 * u.j.t + b.v * u.r.x + d.sigma_s * u.j.v;
  auto conservation = u.rho.t + average(b.v * u.j.x, b.w);
  auto constraint = u.rho.v - average(u.r.v, b.w);
  auto left = u.r_left + eps * u.j_left - b.f_left;     // f(xL, +v) for v > 0
  auto right = u.r_right - eps * u.j_right - b.f_right;  // f(xR, -v)
  const long half = b.v0.size(0) / 2;
  auto f_plus = b.f0.narrow(2, half, half), f_minus = b.f0.narrow(2, 0, half).flip(2);
  auto w_half = b.w0.narrow(0, half, half);
  auto rho0 = average(b.f0, b.w0);
  auto ic_f = 0.5 * (weighted_mean_square(u.r_initial + eps * u.j_initial - f_plus, w_half) +
                     weighted_mean_square(u.r_initial - eps * u.j_initial - f_minus, w_half));
  return {weighted_mean_square(even, b.w), weighted_mean_square(odd, b.w), mean_square(conservation),
          mean_square(constraint), 0.5 * (weighted_mean_square(left, b.w) + weighted_mean_square(right, b.w)),
          mean_square(u.rho_initial - rho0), ic_f};
}

OperatorModelImpl::OperatorModelImpl(const OperatorShape& shape, const TransportData& data)
    : shape_(shape), data_(data) {
  const double V = data.vmax;
  const double vlo = shape.loss == OperatorLoss::ApV2 ? 0.0 : -V;
  const std::vector<double> lo2 = {0, data.x_left}, hi2 = {data.t_end, data.x_right};
  const std::vector<double> lo3 = {0, data.x_left, vlo}, hi3 = {data.t_end, data.x_right, V};
  for (const auto& name : operator_networks(shape.loss)) {
    const bool macro = name == "rho";
    nets_.emplace(name, register_module(name, DeepOnet(shape.branch, shape.trunk_depth, macro ? lo2 : lo3, macro ? hi2 : hi3)));
  }
}

long OperatorModelImpl::parameter_count() const {
  long n = 0;
  for (const auto& p : parameters()) n += p.numel();
  return n;
}

namespace {

// Rows (t_i, x_i, v_k), point-major: (n q) x 3.
torch::Tensor kinetic_rows(const torch::Tensor& t, const torch::Tensor& x, const torch::Tensor& v) {
  const long n = t.size(0), q = v.size(0);
  return torch::stack({t.repeat_interleave(q), x.repeat_interleave(q), v.repeat({n})}, 1);
}

}  // namespace

std::vector<torch::Tensor> OperatorModelImpl::loss_terms(const OperatorBatch& b) {
  const long F = b.f0.size(0), n = b.t.size(0), q = b.v.size(0), m = b.bt.size(0);
  const long nx = b.x0.size(0);
  auto xl = torch::full_like(b.bt, data_.x_left), xr = torch::full_like(b.bt, data_.x_right);
  auto zeros0 = torch::zeros_like(b.x0);
  // A network's values (functions x rows) at `rows`, shaped (F x shape...).
  auto values = [&](DeepOnet& net, const torch::Tensor& B, const torch::Tensor& rows, std::vector<long> shape) {
    shape.insert(shape.begin(), F);
    return torch::matmul(B, net->features(rows).t()).view(shape);
  };
  auto kinetic_jet = [&](DeepOnet& net, const torch::Tensor& B) {
    return map_linear(combine(B, net->feature_jet(kinetic_rows(b.t, b.x, b.v))),
                      [&](const torch::Tensor& a) { return a.view({F, n, q}); });
  };
  if (shape_.loss == OperatorLoss::PI) {
    DeepOnet f = net("f");
    auto B = f->coefficients(b.f0);
    PiFields u;
    u.f = kinetic_jet(f, B);
    u.left = values(f, B, kinetic_rows(b.bt, xl, b.v), {m, q});
    u.right = values(f, B, kinetic_rows(b.bt, xr, b.v), {m, q});
    u.initial = values(f, B, kinetic_rows(zeros0, b.x0, b.v0), {nx, b.v0.size(0)});
    return pi_terms(u, b, data_);
  }
  DeepOnet rho = net("rho");
  auto Br = rho->coefficients(b.f0);
  auto rho_jet = combine(Br, rho->feature_jet(torch::stack({b.t, b.x}, 1)));
  auto rho_at = [&](const torch::Tensor& t, const torch::Tensor& x, long rows) {
    return values(rho, Br, torch::stack({t, x}, 1), {rows});
  };
  if (shape_.loss == OperatorLoss::ApV1) {
    DeepOnet g = net("g");
    auto Bg = g->coefficients(b.f0);
    // g = g~ - <g~> on each rule: <g> = 0 exactly.
    auto project = [](const torch::Tensor& a, const torch::Tensor& w) { return a - average(a, w).unsqueeze(-1); };
    V1Fields u;
    u.rho = rho_jet;
    u.g = map_linear(kinetic_jet(g, Bg), [&](const torch::Tensor& a) { return project(a, b.w); });
    u.rho_left = rho_at(b.bt, xl, m), u.rho_right = rho_at(b.bt, xr, m);
    u.g_left = project(values(g, Bg, kinetic_rows(b.bt, xl, b.v), {m, q}), b.w);
    u.g_right = project(values(g, Bg, kinetic_rows(b.bt, xr, b.v), {m, q}), b.w);
    u.rho_initial = rho_at(zeros0, b.x0, nx);
    u.g_initial = project(values(g, Bg, kinetic_rows(zeros0, b.x0, b.v0), {nx, b.v0.size(0)}), b.w0);
    return v1_terms(u, b, data_);
  }
  DeepOnet r = net("r"), j = net("j");
  auto Brr = r->coefficients(b.f0), Bj = j->coefficients(b.f0);
  const long half = b.v0.size(0) / 2;
  auto v_pos = b.v0.narrow(0, half, half);
  V2Fields u;
  u.rho = rho_jet;
  u.r = kinetic_jet(r, Brr), u.j = kinetic_jet(j, Bj);
  u.r_left = values(r, Brr, kinetic_rows(b.bt, xl, b.v), {m, q});
  u.j_left = values(j, Bj, kinetic_rows(b.bt, xl, b.v), {m, q});
  u.r_right = values(r, Brr, kinetic_rows(b.bt, xr, b.v), {m, q});
  u.j_right = values(j, Bj, kinetic_rows(b.bt, xr, b.v), {m, q});
  u.rho_initial = rho_at(zeros0, b.x0, nx);
  u.r_initial = values(r, Brr, kinetic_rows(zeros0, b.x0, v_pos), {nx, half});
  u.j_initial = values(j, Bj, kinetic_rows(zeros0, b.x0, v_pos), {nx, half});
  return v2_terms(u, b, data_);
}

torch::Tensor OperatorModelImpl::density(const torch::Tensor& f0, const torch::Tensor& t, const torch::Tensor& x,
                                         const torch::Tensor& v, const torch::Tensor& w) {
  if (shape_.loss != OperatorLoss::PI) {
    DeepOnet rho = net("rho");
    return torch::matmul(rho->coefficients(f0), rho->features(torch::stack({t, x}, 1)).t());
  }
  DeepOnet f = net("f");
  const long F = f0.size(0), n = t.size(0), q = v.size(0);
  auto values = torch::matmul(f->coefficients(f0), f->features(kinetic_rows(t, x, v)).t()).view({F, n, q});
  return average(values, w);
}

}  // namespace kinetic::neural
