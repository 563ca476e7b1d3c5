#include "neural/training/gauss_newton.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kinetic::neural {

namespace {
// Nielsen's damping rule (see the header).
constexpr double kGoodRatio = 0.75, kPoorRatio = 0.25;
constexpr double kShrink = 3.0, kGrow = 2.0, kRejectGrow = 4.0;
// Diagonal entries of J^T J below this fraction of the largest are raised to it (parameters the batch does
// not see would otherwise get no damping at all).
constexpr double kDiagonalFloor = 1e-10;

torch::Tensor as_flat(const std::vector<torch::Tensor>& parts, const std::vector<torch::Tensor>& like) {
  std::vector<torch::Tensor> flat;
  flat.reserve(parts.size());
  for (std::size_t i = 0; i < like.size(); ++i)
    flat.push_back(parts[i].defined() ? parts[i].detach().reshape(-1).to(torch::kCPU, torch::kFloat64)
                                      : torch::zeros({like[i].numel()}, torch::kFloat64));
  return torch::cat(flat);
}

std::vector<torch::Tensor> split_like(const torch::Tensor& flat, const std::vector<torch::Tensor>& like) {
  std::vector<torch::Tensor> parts;
  long offset = 0;
  for (const auto& p : like) {
    parts.push_back(flat.narrow(0, offset, p.numel()).view(p.sizes()).to(p.options()));
    offset += p.numel();
  }
  return parts;
}

double squared_norm(const torch::Tensor& a) { return a.to(torch::kFloat64).pow(2).sum().item<double>(); }
}  // namespace

long parameter_count(const std::vector<torch::Tensor>& params) {
  long n = 0;
  for (const auto& p : params) n += p.numel();
  return n;
}

torch::Tensor flatten_parameters(const std::vector<torch::Tensor>& params) { return as_flat(params, params); }

// Through .data(): the version counters the graph of J checks stay as they were, so a trial step can be
// taken and undone while J (whose graph saved the parameters) serves the next trial.
void add_to_parameters(const std::vector<torch::Tensor>& params, const torch::Tensor& delta) {
  torch::NoGradGuard no_grad;
  const auto parts = split_like(delta, params);
  for (std::size_t i = 0; i < params.size(); ++i) params[i].data().add_(parts[i]);
}

ResidualJacobian::ResidualJacobian(torch::Tensor r, std::vector<torch::Tensor> params)
    : r_(std::move(r)), params_(std::move(params)), cols_(parameter_count(params_)) {}

torch::Tensor ResidualJacobian::transpose_times(const torch::Tensor& u) {
  auto grads = torch::autograd::grad({r_}, params_, {u.to(r_.options()).view_as(r_)}, /*retain_graph=*/true,
                                     /*create_graph=*/false, /*allow_unused=*/true);
  return as_flat(grads, params_);
}

torch::Tensor ResidualJacobian::times(const torch::Tensor& v) {
  if (!dummy_.defined()) {  // J^T u as a graph in u, once; its derivative in the direction v is J v
    dummy_ = torch::zeros_like(r_).requires_grad_(true);
    jt_dummy_ = torch::autograd::grad({r_}, params_, {dummy_}, /*retain_graph=*/true, /*create_graph=*/true,
                                      /*allow_unused=*/true);
  }
  const auto parts = split_like(v, params_);
  std::vector<torch::Tensor> outputs, directions;
  for (std::size_t i = 0; i < params_.size(); ++i)
    if (jt_dummy_[i].defined() && jt_dummy_[i].requires_grad()) outputs.push_back(jt_dummy_[i]), directions.push_back(parts[i]);
  if (outputs.empty()) return torch::zeros({rows()}, torch::kFloat64);
  auto jv = torch::autograd::grad(outputs, {dummy_}, directions, /*retain_graph=*/true, /*create_graph=*/false,
                                  /*allow_unused=*/true)[0];
  if (!jv.defined()) return torch::zeros({rows()}, torch::kFloat64);
  return jv.detach().reshape(-1).to(torch::kCPU, torch::kFloat64);
}

torch::Tensor ResidualJacobian::dense() {
  const long n = rows(), p = cols();
  auto J = torch::empty({n, p}, torch::kFloat64);
  if (n <= p) {
    for (long i = 0; i < n; ++i) {
      auto e = torch::zeros({n}, torch::kFloat64);
      e[i] = 1.0;
      J[i] = transpose_times(e);
    }
  } else {
    for (long k = 0; k < p; ++k) {
      auto e = torch::zeros({p}, torch::kFloat64);
      e[k] = 1.0;
      J.select(1, k).copy_(times(e));
    }
  }
  return J;
}

LevenbergMarquardtStep levenberg_marquardt_step(const std::function<torch::Tensor()>& residual,
                                                const std::vector<torch::Tensor>& params,
                                                const LevenbergMarquardtOptions& options, double& lambda,
                                                double& scale, at::Generator generator) {
  LevenbergMarquardtStep out;
  lambda = std::clamp(lambda, options.damping_min, options.damping_max);
  out.lambda = lambda;
  auto r = residual();
  const auto r64 = r.detach().reshape(-1).to(torch::kCPU, torch::kFloat64);
  out.loss_before = out.loss_after = r64.pow(2).sum().item<double>();
  if (!std::isfinite(out.loss_before)) return out;  // not accepted: the caller decides
  ResidualJacobian J(r, params);
  const auto g = J.transpose_times(r64);  // gradient / 2
  const long P = J.cols();

  // The products with J (and the dense J and J^T J) serve every trial of this step: a rejected trial only
  // raises lambda and solves again.
  torch::Tensor Jm, A, d;
  if (options.solver == "dense") {
    Jm = J.dense();
    A = Jm.t().mm(Jm);
    d = A.diagonal().clone();
    d = torch::clamp_min(d, kDiagonalFloor * std::max(d.max().item<double>(), std::numeric_limits<double>::min()));
  } else if (!(scale > 0)) {  // s = tr(J^T J)/P from one Rademacher probe z: E |J z|^2 = tr(J^T J)
    auto z = torch::randint(0, 2, {P}, generator, torch::kFloat64) * 2 - 1;
    scale = std::max(squared_norm(J.times(z)) / P, std::numeric_limits<double>::min());
  }
  const auto before = flatten_parameters(params);
  for (int trial = 0; trial < options.max_trials; ++trial) {
    out.lambda = lambda;
    out.trials = trial + 1;
    torch::Tensor delta, Jdelta;
    if (options.solver == "dense") {
      const auto [L, info] = torch::linalg_cholesky_ex(A + lambda * torch::diag(d));
      if (info.item<int>() != 0) {  // not positive definite at this damping: more damping
        lambda = std::min(options.damping_max, lambda * kRejectGrow);
        continue;
      }
      delta = torch::cholesky_solve(-g.unsqueeze(1), L).squeeze(1);
      Jdelta = Jm.mv(delta);
    } else {
      const double mu = lambda * scale;
      // Conjugate gradients on (J^T J + mu I) delta = -g from delta = 0.
      delta = torch::zeros({P}, torch::kFloat64);
      auto res = -g, dir = res.clone();
      double rs = squared_norm(res);
      const double stop = options.cg_tolerance * options.cg_tolerance * rs;
      for (long k = 0; k < options.cg_iterations && rs > stop; ++k) {
        auto Ad = J.transpose_times(J.times(dir)) + mu * dir;
        const double curvature = dir.dot(Ad).item<double>();
        if (!(curvature > 0)) break;
        const double alpha = rs / curvature;
        delta += alpha * dir;
        res -= alpha * Ad;
        const double rs_next = squared_norm(res);
        dir = res + (rs_next / rs) * dir;
        rs = rs_next;
        ++out.cg_iterations;
      }
      Jdelta = J.times(delta);
    }
    // Predicted decrease |r|^2 - |r + J delta|^2 = -(2 g.delta + |J delta|^2), without the cancellation.
    out.predicted = -(2 * g.dot(delta).item<double>() + squared_norm(Jdelta));
    add_to_parameters(params, delta);
    const double after = squared_norm(residual().detach());
    out.ratio = out.predicted > 0 ? (out.loss_before - after) / out.predicted : -1.0;
    if (std::isfinite(after) && after < out.loss_before && out.ratio > 0) {
      out.accepted = true;
      out.loss_after = after;
      if (out.ratio > kGoodRatio) lambda /= kShrink;
      if (out.ratio < kPoorRatio) lambda *= kGrow;
      break;
    }
    {  // back to exactly the parameters before the trial
      torch::NoGradGuard no_grad;
      const auto parts = split_like(before, params);
      for (std::size_t i = 0; i < params.size(); ++i) params[i].data().copy_(parts[i]);
    }
    lambda = std::min(options.damping_max, lambda * kRejectGrow);
  }
  lambda = std::clamp(lambda, options.damping_min, options.damping_max);
  return out;
}

}  // namespace kinetic::neural
