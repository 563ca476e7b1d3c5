#include "core/analytic_references.hpp"

#include <cmath>
#include <stdexcept>

namespace kinetic::analytic {

double diffusion_dirichlet_series(double t, double x, double x_left, double x_right, double rho_left,
                                  double rho_right, double diffusion) {
  const double L = x_right - x_left;
  const double s = (x - x_left) / L;
  double rho = rho_left + (rho_right - rho_left) * s;
  if (t <= 0.0) return (s > 0.0 && s < 1.0) ? 0.0 : rho;
  // Terms decay like exp(-D k^2 pi^2 t / L^2): stop once they are far below round-off.
  for (int k = 1; k < 200000; ++k) {
    const double decay = std::exp(-diffusion * k * k * M_PI * M_PI * t / (L * L));
    const double sign = (k % 2 == 0) ? 1.0 : -1.0;
    rho -= 2.0 / (k * M_PI) * (rho_left - sign * rho_right) * std::sin(k * M_PI * s) * decay;
    if (decay < 1e-18) break;
  }
  return rho;
}

double periodic_mode_decay_rate(double eps, double k) {
  if (eps == 0.0) return -k * k / 3.0;
  const double ke = k * eps;
  if (ke >= M_PI / 2) throw std::domain_error("periodic_mode_decay_rate: needs k*eps < pi/2");
  // For small k*eps the closed form cancels catastrophically; use the series 1/(z tan z) = 1/z^2 - 1/3 - z^2/45 - 2 z^4/945.
  if (ke < 1e-3) {
    const double z2 = ke * ke;
    return k * k * (-1.0 / 3.0 - z2 / 45.0 - 2.0 * z2 * z2 / 945.0);
  }
  return k / (eps * std::tan(ke)) - 1.0 / (eps * eps);
}

}  // namespace kinetic::analytic
