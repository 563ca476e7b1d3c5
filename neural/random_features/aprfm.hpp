#pragma once
// Random feature methods for STEADY slab linear transport (Eigen only, no LibTorch):
//   v f_x = (sigma_s/eps)(<f> - f) - eps sigma_a f + eps G(x,v),  f(xL,v>0) = f_L(v),  f(xR,v<0) = f_R(v)
// (the steady state of the problem's `eps f_t + v f_x = ...`; time is ignored).
//
// APRFM (method aprfm): micro-macro unknowns f = rho + eps g, <g> = 0,
//   macro  <v g_x> = -sigma_a rho + <G>
//   micro  eps (I - Pi)(v g_x) + v rho_x = -(sigma_s + eps^2 sigma_a) g + eps (G - <G>)
//   inflow rho + eps g = f_L(v_k) at xL (v_k > 0), = f_R(v_k) at xR (v_k < 0),
// rho(x) and g(x, v_k) partition-of-unity sums of random tanh features (neural/random_features/random_features.hpp) with
// unknown linear coefficients. <g> = 0 holds exactly: every g feature F is projected, F - <F>, with the
// velocity quadrature. Optionally the discrete kinetic layer modes (neural/random_features/boundary_layer_modes.hpp) are added
// as columns, so layers thinner than any feature are carried exactly. Every term of every row is O(1) as
// eps -> 0; the limit rows are v rho_x + sigma_s g = 0 and <v g_x> = -sigma_a rho + <G>, i.e. the diffusion
// equation, so the least-squares solution is AP. Rows are normalised, columns scaled, and the dense
// least-squares problem is solved with Eigen (neural/random_features/least_squares.hpp): "training" is one solve.
//
// Plain RFM (method rfm): f(x, v_k) itself in random features, rows eps v f_x - sigma_s (<f> - f) +
// eps^2 sigma_a f = eps^2 G (normalised) and f = inflow data. As eps -> 0 the diffusion information sits at
// O(eps^2) relative to the collision term and is lost to round-off: it does not have the diffusion limit.
//
// mode: space_time switches to the time-dependent space-time APRFM (neural/random_features/aprfm_space_time.hpp).
// Config: neural/random_features/aprfm_options.hpp.
#include <memory>
#include <vector>

#include "core/config.hpp"
#include "core/problem.hpp"
#include "core/result_file.hpp"
#include "neural/random_features/aprfm_options.hpp"
#include "neural/random_features/boundary_layer_modes.hpp"
#include "neural/random_features/least_squares.hpp"
#include "neural/random_features/random_features.hpp"
#include "neural/train.hpp"

namespace kinetic::neural {

// A fitted steady model: evaluates rho(x) and f(x, v_k) at any x in the slab.
class SteadyRfmModel {
 public:
  double rho(double x) const;
  double f(double x, int k) const;  // at ordinate k of v()
  const std::vector<double>& v() const { return v_; }
  const std::vector<double>& w() const { return w_; }

 private:
  friend class SteadyRfmAssembler;
  double features_sum(const RandomFeatureSpace& space, double x, int k) const;
  double mode_value(const LayerMode& m, double x) const;  // exp(-lambda dist/eps)
  bool micro_macro_ = true;
  double eps_ = 1, x_left_ = 0, x_right_ = 1;
  std::vector<double> v_, w_;
  std::shared_ptr<const RandomFeatureSpace> rho_space_;  // aprfm only
  std::shared_ptr<const RandomFeatureSpace> g_space_;    // g (aprfm) or f (rfm)
  std::vector<LayerMode> modes_;
  int mode_offset_ = 0;
  std::vector<double> coef_;
};

struct SteadyRfmFit {
  SteadyRfmModel model;
  LeastSquaresReport solve;
  long rows = 0, columns = 0;
  double seconds = 0;  // assembly + solve
};

// Throws InputError if the problem is not a steady inflow slab transport problem with time-independent data.
SteadyRfmFit fit_steady_rfm(const Problem& problem, const AprfmOptions& options);

// The `neural: {method: aprfm | rfm}` entry: one fit, rho (and f at the ordinates) on eval_nx uniform points,
// the same snapshot written at every output time (steady), or the space-time fit at each output time.
void train_aprfm(const Problem& problem, const ConfigNode& section, ResultWriter& writer, const TrainContext& context);

}  // namespace kinetic::neural
