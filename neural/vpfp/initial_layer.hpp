#pragma once
// The closed-form initial layer of apnn_vpfp's `transforms: {f: layer}` (derivation in apnn_vpfp.cpp):
//   g = g0 + o - exp(-t/eps(x)) o0,   o0 = o(0, x),
// so g(0) = g0 exactly and, for t >> eps, g = g0 + o (the outer solution). With d = exp(-t/eps):
//   g_t = o_t + d o0 / eps,   g_x = g0_x + o_x - d (o0_x + t eps_x / eps^2 o0).
// Shapes: o, o0 and g0 (points x K); t, eps, eps_x (points x 1). o0 needs its x-tangent when o has tangents.
#include "neural/nets/jet.hpp"

namespace kinetic::neural {

inline Jet with_initial_layer(const torch::Tensor& g0, const torch::Tensor& g0_x, const Jet& o, const Jet& o0,
                              const torch::Tensor& t, const torch::Tensor& eps, const torch::Tensor& eps_x) {
  auto decay = torch::exp(-t / eps);
  Jet g{g0 + o.v - decay * o0.v, {}, {}};
  if (o.has_tangents()) {
    g.t = o.t + decay * o0.v / eps;
    g.x = g0_x + o.x - decay * (o0.x + t * eps_x / (eps * eps) * o0.v);
  }
  return g;
}

}  // namespace kinetic::neural
