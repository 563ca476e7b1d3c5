#pragma once
// Reverse-mode jets of a plain tanh MLP with a hand-written backward (CPU). The autograd path differentiates
// the network once for d(output)/d(inputs) and lets the loss differentiate that graph again (double
// backward): the GEMM count is already minimal (6 passes per hidden layer and row), but the graph adds a
// dozen elementwise passes over (rows x width) tensors per layer and as many allocations. Here the same
// six GEMMs per layer run with three fused elementwise passes around them. For z_l = a_{l-1} W_l^T + b_l,
// a_l = tanh(z_l), s_l = 1 - a_l^2 (layers 0 .. L-1), y = a_{L-1} w_out^T + b_out:
//   input gradient:  d_{L-1} = w_out * s_{L-1},  e_l = d_{l+1} W_{l+1},  d_l = e_l * s_l,  g = d_0 W_0
//   backward, given dL/dy, dL/dg (only the t and x columns of g are outputs), adjoints D of d and A of a:
//     D_0 = (dL/dg) W_0^T;  E_l = D_l s_l, S_l = D_l e_l (adjoint of s_l), D_{l+1} = E_l W_{l+1}^T,
//     dW_{l+1} += d_{l+1}^T E_l;  S_{L-1} = D_{L-1} w_out, dw_out += sum_rows D_{L-1} s_{L-1};
//     A_{L-1} = dL/dy w_out;  Z_l = (A_l - 2 a_l S_l) s_l,  dW_l += Z_l^T a_{l-1},  A_{l-1} = Z_l W_l.
#include <torch/torch.h>

#include <vector>

namespace kinetic::neural {

// y, dy/dX[:, t_col] * scale_t and dy/dX[:, x_col] * scale_x (each of shape rows) for the network with
// weights and biases params = {W_0, b_0, ..., W_L, b_L} (W_L: 1 x width) at the normalised inputs X
// (rows x d, no gradient wanted). Differentiable once w.r.t. the parameters.
std::vector<torch::Tensor> tanh_mlp_jet(const torch::Tensor& X, const std::vector<torch::Tensor>& params, int t_col,
                                        int x_col, double scale_t, double scale_x);

}  // namespace kinetic::neural
