#include "core/quadrature.hpp"

#include <cmath>
#include <stdexcept>

namespace kinetic {

Quadrature gauss_legendre(int n, double a, double b) {
  if (n < 1) throw std::invalid_argument("gauss_legendre: n must be >= 1");
  Quadrature q;
  q.nodes.resize(n);
  q.weights.resize(n);
  const double mid = 0.5 * (a + b), half = 0.5 * (b - a);
  // Newton on P_n from the Tricomi-type initial guess; P_n and P_n' by the three-term recurrence.
  for (int i = 0; i < (n + 1) / 2; ++i) {
    double z = std::cos(M_PI * (i + 0.75) / (n + 0.5));
    double dp = 1.0;
    for (int it = 0; it < 100; ++it) {
      double p0 = 1.0, p1 = z;
      for (int k = 2; k <= n; ++k) {
        const double p2 = ((2.0 * k - 1.0) * z * p1 - (k - 1.0) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      if (n == 1) p0 = 1.0, p1 = z;
      dp = n * (z * p1 - p0) / (z * z - 1.0);
      const double dz = p1 / dp;
      z -= dz;
      if (std::abs(dz) < 1e-16) break;
    }
    // Recompute the derivative at the converged root for the weight.
    double p0 = 1.0, p1 = z;
    for (int k = 2; k <= n; ++k) {
      const double p2 = ((2.0 * k - 1.0) * z * p1 - (k - 1.0) * p0) / k;
      p0 = p1;
      p1 = p2;
    }
    dp = n * (z * p1 - p0) / (z * z - 1.0);
    const double w = 2.0 / ((1.0 - z * z) * dp * dp);
    // z is the i-th largest root: store ascending, symmetric pairs.
    q.nodes[n - 1 - i] = mid + half * z;
    q.nodes[i] = mid - half * z;
    q.weights[i] = q.weights[n - 1 - i] = half * w;
  }
  if (n % 2 == 1) q.nodes[n / 2] = mid;
  return q;
}

Quadrature velocity_quadrature(const VelocityDomain& domain, int n) {
  if (n < 2) throw std::invalid_argument("velocity_quadrature: need at least 2 nodes");
  if (n % 2 != 0 && std::abs(domain.vmin + domain.vmax) < 1e-14)
    throw std::invalid_argument("velocity_quadrature: use an even number of nodes on a symmetric interval");
  Quadrature q = gauss_legendre(n, domain.vmin, domain.vmax);
  const double f = domain.measure_factor();
  for (double& w : q.weights) w *= f;
  return q;
}

}  // namespace kinetic
