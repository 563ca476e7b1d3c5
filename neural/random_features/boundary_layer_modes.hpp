#pragma once
// Kinetic boundary-layer modes of the discrete-ordinate slab equation, used to enrich random feature spaces.
//
// With constant s = sigma_s + eps^2 sigma_a near a boundary, the homogeneous equation
//   v f_x = (sigma_s/eps)(<f> - f) - eps sigma_a f
// has the exact decaying solutions (Case's discrete modes)
//   left:  f_k(x) = phi_k exp(-lambda (x - xL)/eps),  phi_k = sigma_s/(s - v_k lambda),
//   right: f_k(x) = phi_k exp(-lambda (xR - x)/eps),  phi_k = sigma_s/(s + v_k lambda),
// normalised so that <phi> = 1, where lambda > 0 solves the dispersion relation sum_k w_k phi_k = 1.
// It has one root between each pair of consecutive poles s/v_k (v_k > 0): n/2 - 1 layer modes per side.
// Their density is exp(...) and their current <v phi> is 0 (so they satisfy the macro equation with
// sigma_a = 0 exactly). They have width eps v/s: a random feature space cannot resolve them for small eps,
// but these few columns carry them exactly (for sigma constant across the layer).
#include <vector>

namespace kinetic::neural {

struct LayerMode {
  bool left = true;         // decays away from xL (true) or xR (false)
  double lambda = 0;        // decay rate in units of 1/eps
  std::vector<double> phi;  // phi_k per ordinate, <phi> = 1
};

// Modes for ordinates vs (ascending, symmetric) with measure weights ws (sum w = <1> = 1).
std::vector<LayerMode> layer_modes(const std::vector<double>& vs, const std::vector<double>& ws, double sigma_s,
                                   double s, bool left);

}  // namespace kinetic::neural
