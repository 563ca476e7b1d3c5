#pragma once
// Exact and limiting solutions used as references by tests, training progress and validation.
namespace kinetic::analytic {

// Diffusion limit of linear transport on [xL, xR] with Dirichlet values rho_l, rho_r, zero initial data,
// diffusion coefficient D:  rho = rho_l + (rho_r - rho_l) s - sum_k 2/(k pi) [rho_l - (-1)^k rho_r] sin(k pi s)
// exp(-D k^2 pi^2 t / L^2),  s = (x - xL)/L. For inflow 1/0 on [0,1], D = 1/3 this is the slides' Case I limit.
double diffusion_dirichlet_series(double t, double x, double x_left, double x_right, double rho_left,
                                  double rho_right, double diffusion);

// Decay rate of the density mode exp(i k x) for periodic linear transport with sigma_s = 1 (diffusive
// scaling, average measure on [-1,1]):  lambda = k/(eps tan(k eps)) - 1/eps^2  for k eps < pi/2, and the
// limit -k^2/3 as eps -> 0.
double periodic_mode_decay_rate(double eps, double k);

}  // namespace kinetic::analytic
