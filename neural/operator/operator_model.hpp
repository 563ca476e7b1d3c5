#pragma once
// The APCON operator models of linear transport  eps f_t + v f_x = (sigma_s/eps)(<f> - f)  (issue 21, slides
// "APCON"): DeepONets G(f0)(y) = sum_k b_k(f0) tau_k(y), one per unknown field, with a branch on the initial
// function's grid values (operator_branch.hpp: "don" or "con") and a trunk on y = (t, x) or (t, x, v)
// (a modified MLP, width 64 x trunk_depth). The loss is physics-informed; which one:
//   pi     one network f(t, x, v):  eps f_t + v f_x - sigma_s (<f> - f)/eps = 0           (plain residual)
//   ap_v1  micro-macro, f = rho + eps g, networks rho(t, x) and g(t, x, v), g = g~ - <g~> exactly:
//            macro  rho_t + <v g_x> = 0
//            micro  eps^2 g_t + eps (v g_x - <v g_x>) + v rho_x + sigma_s g = 0
//   ap_v2  even-odd parity, networks rho(t, x), r and j (t, x, v) on v in (0, V] (r even and j odd by
//          construction: only v > 0 is ever evaluated), rho = <r> half-range:
//            even          eps^2 (r_t + v j_x) - sigma_s (rho - r) = 0
//            odd           eps^2 j_t + v r_x + sigma_s j = 0
//            conservation  rho_t + <v j_x> = 0,      constraint  rho - <r> = 0
// plus inflow terms (f = f_L at xL for v > 0, f_R at xR for v < 0; v2: r +- eps j) and initial terms on the
// dataset grid (f = f0; v1, v2: rho = <f0> and f = f0). As eps -> 0 the AP losses tend to the diffusion
// limit's (rho_t = (sigma_s^-1 <v^2> rho_x)_x), the pi loss does not (its residual is dominated by 1/eps).
// Residuals are means over functions and points of squares, velocity terms weighted by the quadrature.
#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

#include "neural/nets/jet.hpp"
#include "neural/operator/modified_mlp.hpp"
#include "neural/operator/operator_branch.hpp"

namespace kinetic::neural {

enum class OperatorLoss { PI, ApV1, ApV2 };
OperatorLoss parse_operator_loss(const std::string& name);  // "pi" | "ap_v1" | "ap_v2"
std::vector<std::string> operator_networks(OperatorLoss loss);   // f | rho, g | rho, r, j
struct WeightedTerm {
  std::string name;
  double weight;
};
std::vector<WeightedTerm> operator_terms(OperatorLoss loss);  // names and default weights, in loss order

// One DeepONet: branch coefficients (functions x w) times trunk features (points x w).
class DeepOnetImpl : public torch::nn::Module {
 public:
  // lo/hi: the range of each trunk input, mapped onto [-1, 1].
  DeepOnetImpl(const BranchShape& branch, long trunk_depth, const std::vector<double>& lo, const std::vector<double>& hi);
  torch::Tensor coefficients(const torch::Tensor& f0) { return branch_->forward(f0); }
  torch::Tensor features(const torch::Tensor& Y);  // (points x w), values only
  Jet feature_jet(const torch::Tensor& Y);         // with d/dt, d/dx (inputs 0, 1)
 private:
  OperatorBranch branch_{nullptr};
  ModifiedMlp trunk_{nullptr};
  torch::Tensor center_, scale_;
};
TORCH_MODULE(DeepOnet);

// G(f0)(y) for the functions of B (functions x w) at the points of T (points x w): functions x points.
Jet combine(const torch::Tensor& B, const Jet& T);

// The points of one training step, shared by all functions of the batch.
struct OperatorBatch {
  torch::Tensor f0;         // functions x nx x nv (the dataset grid)
  torch::Tensor t, x;       // interior points (n)
  torch::Tensor v, w;       // velocity nodes and measure weights (sum_k w_k h(v_k) = <h>); ap_v2: (0, V] only,
                            // weights doubled (<h> of even h)
  torch::Tensor bt;         // boundary times (m)
  torch::Tensor f_left, f_right;  // inflow data at (bt, v): m x q (ap_v2: f_right at -v)
  torch::Tensor x0, v0, w0;       // the dataset grid and its weights (initial terms)
};

struct OperatorShape {
  OperatorLoss loss = OperatorLoss::ApV2;
  BranchShape branch;
  long trunk_depth = 4;
};

struct TransportData {
  double eps = 1, sigma_s = 1;
  double x_left = 0, x_right = 1, t_end = 1, vmax = 1;
};

class OperatorModelImpl : public torch::nn::Module {
 public:
  OperatorModelImpl(const OperatorShape& shape, const TransportData& data);
  // The unweighted loss terms (0-dim tensors) in operator_terms(loss) order.
  std::vector<torch::Tensor> loss_terms(const OperatorBatch& batch);
  // rho (functions x points) at the points (t_i, x_i) for the initial functions f0; pi: <f> by the
  // velocity rule (v, w) of the full range.
  torch::Tensor density(const torch::Tensor& f0, const torch::Tensor& t, const torch::Tensor& x,
                        const torch::Tensor& v, const torch::Tensor& w);
  long parameter_count() const;
  const OperatorShape& shape() const { return shape_; }

 private:
  DeepOnet net(const std::string& name) { return nets_.at(name); }
  OperatorShape shape_;
  TransportData data_;
  std::map<std::string, DeepOnet> nets_;
};
TORCH_MODULE(OperatorModel);

// The loss terms from the fields' values (and their t, x derivatives where the residual needs them), kept
// apart from the networks so that tests can feed exact solutions. Shapes: functions x points [x nodes].
struct PiFields {
  Jet f;                         // interior, F x n x q
  torch::Tensor left, right;     // F x m x q at xL, xR
  torch::Tensor initial;         // F x nx x nv
};
struct V1Fields {
  Jet rho, g;                              // F x n, F x n x q (g with <g> = 0)
  torch::Tensor rho_left, rho_right;       // F x m
  torch::Tensor g_left, g_right;           // F x m x q
  torch::Tensor rho_initial, g_initial;    // F x nx, F x nx x nv
};
struct V2Fields {
  Jet rho, r, j;                           // F x n, F x n x q (v > 0)
  torch::Tensor r_left, j_left, r_right, j_right;  // F x m x q
  torch::Tensor rho_initial;               // F x nx
  torch::Tensor r_initial, j_initial;      // F x nx x nv/2 at the positive nodes of v0
};
std::vector<torch::Tensor> pi_terms(const PiFields& u, const OperatorBatch& b, const TransportData& d);
std::vector<torch::Tensor> v1_terms(const V1Fields& u, const OperatorBatch& b, const TransportData& d);
std::vector<torch::Tensor> v2_terms(const V2Fields& u, const OperatorBatch& b, const TransportData& d);

}  // namespace kinetic::neural
