#include <catch2/catch.hpp>

#include <cmath>

#include "core/quadrature.hpp"

using namespace kinetic;

TEST_CASE("Gauss-Legendre integrates polynomials up to degree 2n-1 exactly", "[quadrature]") {
  for (int n : {2, 8, 16, 30, 64, 128, 256}) {
    const Quadrature q = gauss_legendre(n, -1.0, 1.0);
    REQUIRE(q.size() == n);
    // int_{-1}^{1} x^k dx = 2/(k+1) for even k, 0 for odd k.
    for (int k = 0; k <= std::min(2 * n - 1, 60); ++k) {
      double s = 0;
      for (int i = 0; i < n; ++i) s += q.weights[i] * std::pow(q.nodes[i], k);
      const double exact = (k % 2 == 0) ? 2.0 / (k + 1) : 0.0;
      INFO("n = " << n << ", k = " << k);
      CHECK(std::abs(s - exact) < 2e-14);
    }
    for (int i = 1; i < n; ++i) CHECK(q.nodes[i] > q.nodes[i - 1]);
  }
}

TEST_CASE("Gauss-Legendre on [a,b] and against a non-polynomial integrand", "[quadrature]") {
  const Quadrature q = gauss_legendre(40, 0.0, 3.0);
  double w = 0, s = 0;
  for (int i = 0; i < q.size(); ++i) w += q.weights[i], s += q.weights[i] * std::exp(q.nodes[i]);
  CHECK(std::abs(w - 3.0) < 1e-14);
  CHECK(std::abs(s - (std::exp(3.0) - 1.0)) < 1e-12);
}

TEST_CASE("velocity quadrature carries the measure: <1> = 1, <v^2> = 1/3, half ranges exact", "[quadrature]") {
  VelocityDomain slab;  // [-1,1], average
  for (int n : {2, 8, 30}) {
    const Quadrature q = velocity_quadrature(slab, n);
    double m0 = 0, m2 = 0, half = 0;
    for (int i = 0; i < n; ++i) {
      m0 += q.weights[i];
      m2 += q.weights[i] * q.nodes[i] * q.nodes[i];
      if (q.nodes[i] > 0) half += q.weights[i];
      CHECK(q.nodes[i] != 0.0);
    }
    CHECK(std::abs(m0 - 1.0) < 1e-14);
    CHECK(std::abs(m2 - 1.0 / 3.0) < 1e-14);
    CHECK(std::abs(half - 0.5) < 1e-14);
  }
  VelocityDomain gas{-10.0, 10.0, VelocityMeasure::Integral};
  const Quadrature q = velocity_quadrature(gas, 64);
  double mass = 0, energy = 0;
  for (int i = 0; i < q.size(); ++i) {
    const double m = std::exp(-q.nodes[i] * q.nodes[i] / 2) / std::sqrt(2 * M_PI);
    mass += q.weights[i] * m;
    energy += q.weights[i] * q.nodes[i] * q.nodes[i] * m;
  }
  CHECK(std::abs(mass - 1.0) < 1e-12);
  CHECK(std::abs(energy - 1.0) < 1e-12);
  CHECK_THROWS(velocity_quadrature(slab, 7));
}
