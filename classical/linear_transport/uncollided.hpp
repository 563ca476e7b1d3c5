#pragma once
// The uncollided part of slab linear transport with constant cross sections (first-collision split):
//   eps u_t + v u_x = -(sigma_s/eps + eps sigma_a) u,   u = f_L / f_R entering,  u(0) = f0,
// solved exactly along characteristics (x moves at v/eps, u decays at rate kappa = sigma_s/eps^2 + sigma_a):
//   v > 0:  u = f_L(t - eps (x - xL)/v, v) exp(-kappa eps (x - xL)/v)   if that entry time is > 0,
//           u = f0(x - v t/eps, v) exp(-kappa t)                        otherwise;   v < 0 symmetric from xR.
// Its velocity average <u>(t, x) is integrated in continuous v (Gauss-Legendre on each side of the break
// v* = eps (x - xL)/t where the entry time is 0), so the jumps that the inflow data carry along each ray are
// integrated exactly instead of living on discrete ordinates. The collided part f - u is then smooth and
// solved by the micro-macro scheme with the isotropic source (sigma_s/eps^2) <u> and zero data.
#include <vector>

#include "core/problem.hpp"

namespace kinetic::classical {

class Uncollided {
 public:
  // Requires constant sigma_s and sigma_a and inflow boundaries (InputError otherwise).
  explicit Uncollided(const Problem& problem, int nodes_per_piece = 16);

  double value(double t, double x, double v) const;  // u(t, x, v)
  double mean(double t, double x) const;             // <u>(t, x) in the problem's velocity measure

 private:
  static constexpr int kMaxNodes = 64;
  double integrate(double t, double x, double a, double b, bool from_wall) const;  // int_a^b u(t, x, v) dv
  const Problem& p_;
  double kappa_;
  std::vector<double> nodes_, weights_;  // Gauss-Legendre on [0, 1]
  bool constant_left_, constant_right_, constant_initial_;
  double left_, right_, initial_;
};

}  // namespace kinetic::classical
