#pragma once
// Space-time APRFM for TIME-DEPENDENT slab linear transport (the stretch of issue 7), Eigen only:
//   eps f_t + v f_x = (sigma_s/eps)(<f> - f) - eps sigma_a f + eps G,   f = rho + eps g,  <g> = 0,
//   macro  rho_t + <v g_x> = -sigma_a rho + <G>
//   micro  eps^2 g_t + eps (I - Pi)(v g_x) + v rho_x = -(sigma_s + eps^2 sigma_a) g + eps (G - <G>)
//   initial rho + eps g = f0(x, v_k) at t = 0,  inflow rho + eps g = f_L(t, v_k) / f_R(t, v_k),
// with rho(t, x) and g(t, x, v_k) sums of space-time random features (neural/random_features/space_time_features.hpp), the g
// features projected to <g> = 0, collocation on a uniform (t, x) grid, rows normalised, one least-squares
// solve. As eps -> 0 the rows become v rho_x + sigma_s g = 0 and rho_t + <v g_x> = ...: the diffusion
// equation, whatever the initial data (their anisotropic part only enters at O(eps)), so the method is AP.
// No layer modes here: kinetic boundary/initial layers at intermediate eps are not resolved.
#include <memory>
#include <vector>

#include "core/problem.hpp"
#include "neural/random_features/aprfm_options.hpp"
#include "neural/random_features/least_squares.hpp"
#include "neural/random_features/space_time_features.hpp"

namespace kinetic::neural {

class SpaceTimeRfmModel {
 public:
  double rho(double t, double x) const;
  double f(double t, double x, int k) const;
  const std::vector<double>& v() const { return v_; }
  const std::vector<double>& w() const { return w_; }

 private:
  friend class SpaceTimeRfmAssembler;
  double sum(const SpaceTimeFeatureSpace& space, double t, double x, int k) const;
  double eps_ = 1;
  std::vector<double> v_, w_;
  std::shared_ptr<const SpaceTimeFeatureSpace> rho_space_, g_space_;
  std::vector<double> coef_;
};

struct SpaceTimeRfmFit {
  SpaceTimeRfmModel model;
  LeastSquaresReport solve;
  long rows = 0, columns = 0;
  double seconds = 0;
};

// Throws InputError for problems it cannot solve (not inflow slab transport, macroscopic initial data).
SpaceTimeRfmFit fit_space_time_rfm(const Problem& problem, const AprfmOptions& options);
// The problem checks of fit_space_time_rfm alone (InputError).
void check_space_time_rfm_problem(const Problem& problem, const AprfmOptions& options);

}  // namespace kinetic::neural
