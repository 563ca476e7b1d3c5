#pragma once
// The eps -> 0 limit of gray radiative transfer, equilibrium diffusion (the reference for small eps):
//   (a T^4 + e(T))_t = ( D (a T^4)_x )_x,   D = c / (3 sigma(T, x)),
// on the nodes of a uniform grid, implicit Euler in time, Newton per step on the exact nonlinear equations
// (tridiagonal Jacobian, periodic corners; D at the mid-points from the previous step's temperatures).
// Walls: inflow at T_b(t) is a Dirichlet temperature (the boundary layer of the kinetic problem is not
// modelled), reflecting and zero gradient a zero flux through a half cell (energy conserved). The result
// holds T, T_r = T and rho = a c T^4 / 2.
#include <vector>

#include "classical/gray_radiative_transfer/material.hpp"
#include "classical/slab_setup.hpp"
#include "core/config.hpp"
#include "core/problem.hpp"
#include "core/result_file.hpp"

namespace kinetic::classical::grte {

struct DiffusionOptions {
  int nx = 200;
  double cfl = 0.5;
  double dt = 0.0;  // > 0: this step; else kStepFactor x cfl sigma_min dx^2 / (2 <mu^2> c) (the AP scheme's
                    // step as eps -> 0, which an implicit solver may exceed)
};

DiffusionOptions parse_diffusion_limit(const Problem& problem, const ConfigNode& section);

class EquilibriumDiffusion {
 public:
  EquilibriumDiffusion(const Problem& problem, const DiffusionOptions& options);
  double step_size(double t) const;
  // One implicit Euler step from t to t + dt; returns the Newton iterations taken.
  int step(double t, double dt);
  const std::vector<double>& x() const { return x_; }
  const std::vector<double>& temperature() const { return T_; }
  double total_energy() const;  // int (a T^4 + e(T)) dx (half cells at the walls)

 private:
  double weight(int i) const;  // control volume of node i

  Problem p_;
  DiffusionOptions o_;
  Material material_;
  SlabGrid grid_;
  int nodes_;
  std::vector<double> x_, T_;
};

void solve_diffusion_limit(const Problem& problem, const ConfigNode& section, ResultWriter& writer);

}  // namespace kinetic::classical::grte
