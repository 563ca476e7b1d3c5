#pragma once
// The `neural:` section of the random feature methods (no LibTorch, no Eigen here).
//
//   neural:
//     method: aprfm            # aprfm (micro-macro, AP) | rfm (plain RFM on the original equation)
//     mode: steady             # steady (time ignored) | space_time (aprfm only: time-dependent, (t,x) features)
//     nv: 16                   # discrete ordinates (Gauss-Legendre, even) for <.> and the collocation in v
//     patches_x: 4             # partition-of-unity patches in x
//     patches_v: 0             # velocity groups for g (aprfm) / f (rfm); 0: one group per ordinate
//     features: 20             # random tanh features per patch (plus a constant), default for both below
//     features_rho: 20         # ... of rho (aprfm)
//     features_g: 20           # ... of g (aprfm) or f (rfm) per (patch, velocity group)
//     collocation: 20          # collocation points per x-patch (uniform, both ends included)
//     patches_t: 2             # space_time: partition-of-unity patches in t
//     collocation_t: 10        # space_time: collocation times per t-patch
//     feature_scale: 1.5       # a, b, c of tanh(a s + b t + c) ~ U(-R, R), s, t in [-1, 1] on the patch
//     seed: 0                  # fixed seed: reproducible features
//     boundary_layers: true    # add the discrete kinetic layer modes at each inflow end (aprfm)
//     bc_weight: 1             # weight of the inflow rows after row normalisation
//     solver: cod              # cod | colpiv_qr | qr | normal  (Eigen dense least squares)
//     eval_nx: 201             # x points of the written result
#include <cstdint>
#include <string>

#include "core/config.hpp"

namespace kinetic::neural {

struct AprfmOptions {
  bool micro_macro = true;  // method aprfm (true) or rfm (false)
  bool space_time = false;  // mode space_time
  int nv = 16;
  int patches_x = 4;
  int patches_v = 0;
  int features_rho = 20;
  int features_g = 20;
  int collocation = 20;
  int patches_t = 2;
  int collocation_t = 10;
  double feature_scale = 1.5;
  std::uint64_t seed = 0;
  bool boundary_layers = true;
  double bc_weight = 1.0;
  std::string solver = "cod";
  int eval_nx = 201;
};

// Validates the section (allow_only, typed getters; bad values fail naming the key).
AprfmOptions parse_aprfm_options(const ConfigNode& section);

}  // namespace kinetic::neural
