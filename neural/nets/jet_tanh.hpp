#pragma once
// Fused tanh layer for jets on the CPU: a = tanh(z) and T_a = (1 - a^2) T_z for the two stacked tangents,
// with a hand-written backward, in one pass over memory each way instead of the five or six passes of the
// equivalent plain ops (the tangent path is otherwise dominated by elementwise memory traffic besides GEMMs).
// Backward, with s = 1 - a^2 and ds/dz = -2 a s:
//   dL/dT_z = s dL/dT_a,   dL/dz = s dL/da - 2 a s sum_k (dL/dT_a)_k (T_z)_k
#include <torch/torch.h>

namespace kinetic::neural {

// z: (rows x w); tz: (2 x rows x w) (broadcastable). Returns {a, T_a}. Falls back to plain ops off the CPU.
std::pair<torch::Tensor, torch::Tensor> jet_tanh(const torch::Tensor& z, const torch::Tensor& tz);

}  // namespace kinetic::neural
