#pragma once
// Exact solution of the Riemann problem for the 1-D Euler equations of a polytropic gas (Toro, "Riemann
// Solvers and Numerical Methods for Fluid Dynamics", ch. 4). The BGK equation with one velocity dimension
// tends, as eps -> 0, to the gamma = 3 gas (p = rho T, E = rho u^2/2 + p/2), which is the default here; the
// BGK solver's Euler-limit test compares its density against this solution.
#include <string>

namespace kinetic::validation {

struct EulerState {
  double rho = 1.0;
  double u = 0.0;
  double p = 1.0;
};

// Solves once (Newton on the pressure function), then samples the self-similar solution at any x/t.
class EulerRiemann {
 public:
  // Throws InputError for non-positive density/pressure, gamma <= 1, or data that create a vacuum.
  EulerRiemann(const EulerState& left, const EulerState& right, double gamma = 3.0);

  // The state at similarity coordinate xi = (x - x0)/t.
  EulerState sample(double xi) const;
  // Convenience: the state at position x and time t > 0 for an initial jump at x0.
  EulerState at(double x, double t, double x0 = 0.0) const { return sample((x - x0) / t); }

  double p_star() const { return p_star_; }
  double u_star() const { return u_star_; }
  double rho_star_left() const { return rho_star_left_; }
  double rho_star_right() const { return rho_star_right_; }
  bool left_is_shock() const { return p_star_ > left_.p; }
  bool right_is_shock() const { return p_star_ > right_.p; }
  // Shock speed, or for a rarefaction its head speed (the edge facing the undisturbed state).
  double left_head_speed() const;
  double right_head_speed() const;
  // Rarefaction tail speed (the edge facing the star region); equals the head speed for a shock.
  double left_tail_speed() const;
  double right_tail_speed() const;
  // One line describing the waves and star state (for test output and reports).
  std::string describe() const;

 private:
  double sound_speed(const EulerState& s) const;
  // Toro's f_K(p) and its derivative: the velocity jump across the K-wave when the star pressure is p.
  void pressure_function(double p, const EulerState& s, double& value, double& derivative) const;
  EulerState sample_left(double xi) const;
  EulerState sample_right(double xi) const;

  EulerState left_, right_;
  double gamma_;
  double p_star_ = 0.0, u_star_ = 0.0, rho_star_left_ = 0.0, rho_star_right_ = 0.0;
};

}  // namespace kinetic::validation
