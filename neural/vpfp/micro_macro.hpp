#pragma once
// The micro and macro residuals of apnn_vpfp_mm (derivation in apnn_vpfp_mm.cpp), as one function of the
// fields so that a test can hold them against finite differences of f = M0 (rho m(v; E) + eps q):
//   micro:  eps q_t + v (eps q)_x - m <v (eps q)_x> + m (rho (v - E) E_t + (v - E) rho_x
//           + rho E_x (v (v - E) - 1)) - (q_vv - (v + E) q_v + v E q)
//   macro:  rho_t + rho_x E + rho E_x + <v (eps q)_x>
// with m = exp(v E - E^2/2) and <p> = sum_k w_k p_k. Shapes: rho a jet of (points); q a jet of (points x K) and
// q_v, q_vv (points x K); E, E_x, E_t, eps, eps_x (points x 1); v, w (K). micro (points x K), macro (points).
#include "neural/nets/jet.hpp"

namespace kinetic::neural {

struct VpfpMicroMacroResiduals {
  torch::Tensor micro, macro;
};

inline VpfpMicroMacroResiduals vpfp_micro_macro_residuals(const Jet& rho, const Jet& q, const torch::Tensor& q_v,
                                                          const torch::Tensor& q_vv, const torch::Tensor& E,
                                                          const torch::Tensor& E_x, const torch::Tensor& E_t,
                                                          const torch::Tensor& eps, const torch::Tensor& eps_x,
                                                          const torch::Tensor& v, const torch::Tensor& w) {
  auto vr = v.unsqueeze(0), m = torch::exp(vr * E - 0.5 * E * E);
  auto r = rho.v.unsqueeze(1), r_x = rho.x.unsqueeze(1);
  auto flux = vr * (eps * q.x + eps_x * q.v);  // v (eps q)_x
  auto flux_mean = torch::matmul(flux, w);       // <v (eps q)_x>
  auto micro = eps * q.t + flux - m * flux_mean.unsqueeze(1) +
               m * (r * (vr - E) * E_t + (vr - E) * r_x + r * E_x * (vr * (vr - E) - 1)) -
               (q_vv - (vr + E) * q_v + vr * E * q.v);
  auto macro = rho.t + rho.x * E.squeeze(1) + rho.v * E_x.squeeze(1) + flux_mean;
  return {micro, macro};
}

}  // namespace kinetic::neural
