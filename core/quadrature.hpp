#pragma once
// Gauss-Legendre quadrature, and the velocity quadrature of a problem whose weights already carry the
// problem's velocity measure (so sum_k w_k h(v_k) = <h>).
#include <vector>

#include "core/problem.hpp"

namespace kinetic {

struct Quadrature {
  std::vector<double> nodes;
  std::vector<double> weights;
  int size() const { return static_cast<int>(nodes.size()); }
};

// n-point Gauss-Legendre rule on [a, b] (weights sum to b - a), nodes ascending. Exact for degree 2n-1.
Quadrature gauss_legendre(int n, double a = -1.0, double b = 1.0);

// n-point rule on the problem's velocity interval with weights scaled by its measure. n must be even for
// symmetric intervals, so no node sits at v = 0 and half-range integrals are exact.
Quadrature velocity_quadrature(const VelocityDomain& domain, int n);

}  // namespace kinetic
