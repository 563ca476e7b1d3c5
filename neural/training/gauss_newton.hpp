#pragma once
// Gauss-Newton with Levenberg-Marquardt damping for losses that are sums of squares, L(theta) = |r(theta)|^2
// (every network model's weighted loss, residual_term.hpp). One step solves
//     (J^T J + lambda D) delta = -J^T r,      J = dr/dtheta,
// either with J formed explicitly (dense: Cholesky in float64, D = diag(J^T J), Marquardt's scaling) or
// matrix-free by conjugate gradients on products with J and J^T (cg: D = s I with s = tr(J^T J)/P, estimated
// once per batch, so that lambda is dimensionless in both). The step is tried and kept only if the loss
// falls; lambda follows the ratio rho of the actual to the predicted decrease |r|^2 - |r + J delta|^2
// (Nielsen's rule): rho > 3/4 divides it by 3, rho < 1/4 doubles it, a rejected trial (rho <= 0, or a
// non-finite loss) multiplies it by 4, restores theta and solves again with the same J.
//
// Products with J come from reverse-mode autograd: J^T u is the backward pass of r with cotangent u; J v is
// the derivative of the linear map u -> J^T u in the direction v (the "double-backward trick"), so the
// residual's graph must be differentiable twice (TwiceDifferentiableJets while it is built).
#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

namespace kinetic::neural {

// The dense solver's limit: J^T J takes 8 P^2 bytes (3.2 GB at 20 000 parameters) and its Cholesky minutes.
constexpr long kMaxDenseParameters = 20000;

// Parameters as one flat float64 vector and back.
torch::Tensor flatten_parameters(const std::vector<torch::Tensor>& params);
void add_to_parameters(const std::vector<torch::Tensor>& params, const torch::Tensor& delta);  // theta += delta
long parameter_count(const std::vector<torch::Tensor>& params);

// Products with the Jacobian of a residual vector r (N, built with a graph) with respect to params (P in all).
// Vectors are flat float64 on the CPU; the products themselves run in the parameters' dtype and device.
class ResidualJacobian {
 public:
  ResidualJacobian(torch::Tensor r, std::vector<torch::Tensor> params);
  long rows() const { return r_.numel(); }
  long cols() const { return cols_; }
  torch::Tensor transpose_times(const torch::Tensor& u);  // J^T u  (P)
  torch::Tensor times(const torch::Tensor& v);            // J v    (N)
  // J (N x P), float64: N backward passes or P forward products, whichever is fewer.
  torch::Tensor dense();

 private:
  torch::Tensor r_;
  std::vector<torch::Tensor> params_;
  long cols_;
  torch::Tensor dummy_;                  // u of the graph of J^T u (built at the first J v product)
  std::vector<torch::Tensor> jt_dummy_;  // J^T dummy, per parameter (undefined: r does not depend on it)
};

struct LevenbergMarquardtOptions {
  std::string solver = "cg";   // dense | cg
  double damping = 1e-3;       // initial lambda (relative to the scaling D)
  double damping_min = 1e-12;  // lambda is kept in [damping_min, damping_max]
  double damping_max = 1e12;
  long cg_iterations = 100;    // per step
  double cg_tolerance = 1e-3;  // stop when |residual of the normal equations| <= tolerance |J^T r|
  int max_trials = 8;          // damped solves per step (J is formed once); lambda x4 after each rejection
};

struct LevenbergMarquardtStep {
  double loss_before = 0, loss_after = 0;  // loss_after: at the new theta (= loss_before if rejected)
  double predicted = 0;                    // predicted decrease |r|^2 - |r + J delta|^2
  double ratio = 0;                        // actual / predicted decrease
  double lambda = 0;                       // the damping this step used
  long cg_iterations = 0;                  // summed over the trials
  int trials = 0;
  bool accepted = false;
};

// One damped Gauss-Newton step on the batch that `residual` evaluates (it must return the same function of
// theta at every call: a fixed batch): J at theta once, then damped solves until one lowers the loss (at
// most max_trials; none: theta is left bit for bit and the step reports accepted = false). `lambda` and `scale` (the cg scaling s; <= 0: estimate it now) are
// updated in place; `generator` draws the random probe of the scale estimate.
LevenbergMarquardtStep levenberg_marquardt_step(const std::function<torch::Tensor()>& residual,
                                                const std::vector<torch::Tensor>& params,
                                                const LevenbergMarquardtOptions& options, double& lambda,
                                                double& scale, at::Generator generator);

}  // namespace kinetic::neural
