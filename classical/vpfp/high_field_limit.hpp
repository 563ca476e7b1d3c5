#pragma once
// The high-field limit of VPFP (core/equations/vpfp.cpp), the small-eps reference of the AP scheme:
//   rho_t + (rho E)_x = 0,   E_x = rho - h   (periodic, E with zero mean, FFT Poisson).
// Finite volumes on the cells x_i = x_left + (i + 1/2) dx: upwind fluxes u_{i+1/2} rho_face with the face
// velocity u_{i+1/2} = (E_i + E_{i+1})/2 and van Leer limited MUSCL face values; Heun's method (SSP-RK2)
// in time with the field recomputed at each stage; dt = cfl dx / max(max|E|, 1) (the reference speed 1
// keeps the step an O(dx) one while the field is small; the drift relaxes rho at the rate rho ~ 1).
// Conservative: the mass is constant to round-off. With eps_profile (a mixing regime) the limit does not
// hold everywhere: the solver refuses such problems.
#include <vector>

#include "classical/vpfp/periodic_poisson.hpp"
#include "core/config.hpp"
#include "core/problem.hpp"
#include "core/result_file.hpp"

namespace kinetic::classical::vpfp {

struct HighFieldOptions {
  int nx = 128;
  double cfl = 0.5;
  double dt = 0.0;  // > 0: a fixed step
};

HighFieldOptions parse_high_field_limit(const Problem& problem, const ConfigNode& section);

class HighFieldLimit {
 public:
  HighFieldLimit(const Problem& problem, const HighFieldOptions& options);
  double step_size() const;
  void step(double dt);
  const std::vector<double>& x() const { return x_; }
  const std::vector<double>& density() const { return rho_; }
  const std::vector<double>& field() const { return E_; }
  double mass() const;
  double electric_energy() const;

 private:
  std::vector<double> field_of(const std::vector<double>& rho);
  std::vector<double> rate(const std::vector<double>& rho, const std::vector<double>& E) const;  // -(rho E)_x

  HighFieldOptions o_;
  int nx_;
  double dx_;
  std::vector<double> x_, h_, rho_, E_;
  PeriodicPoisson poisson_;
};

void solve_high_field_limit(const Problem& problem, const ConfigNode& section, ResultWriter& writer);

}  // namespace kinetic::classical::vpfp
