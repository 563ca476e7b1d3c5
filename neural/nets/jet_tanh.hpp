#pragma once
// Fused tanh layer for jets on the CPU: a = tanh(z) and T_a = (1 - a^2) T_z for the two stacked tangents,
// with a hand-written backward, in one pass over memory each way instead of the five or six passes of the
// equivalent plain ops (the tangent path is otherwise dominated by elementwise memory traffic besides GEMMs).
// Backward, with s = 1 - a^2 and ds/dz = -2 a s:
//   dL/dT_z = s dL/dT_a,   dL/dz = s dL/da - 2 a s sum_k (dL/dT_a)_k (T_z)_k
#include <torch/torch.h>

namespace kinetic::neural {

// z: (rows x w); tz: (2 x rows x w) (broadcastable). Returns {a, T_a}. Falls back to plain ops off the CPU
// and while a TwiceDifferentiableJets guard lives.
std::pair<torch::Tensor, torch::Tensor> jet_tanh(const torch::Tensor& z, const torch::Tensor& tz);

// The fused kernel's backward is not itself differentiable. Second-order optimisers differentiate the
// gradient again (J v products, gauss_newton.hpp): while such a guard lives (per thread), jets use plain ops.
class TwiceDifferentiableJets {
 public:
  TwiceDifferentiableJets();
  ~TwiceDifferentiableJets();
  TwiceDifferentiableJets(const TwiceDifferentiableJets&) = delete;
  TwiceDifferentiableJets& operator=(const TwiceDifferentiableJets&) = delete;
  static bool active();

 private:
  bool previous_;
};

}  // namespace kinetic::neural
