// Building blocks of the random feature methods: the partition of unity and the discrete kinetic layer modes.
#include <catch2/catch.hpp>
#include <cmath>

#include "core/quadrature.hpp"
#include "neural/random_features/boundary_layer_modes.hpp"
#include "neural/random_features/random_features.hpp"

using namespace kinetic;

TEST_CASE("partition of unity sums to one with a zero derivative everywhere", "[aprfm]") {
  for (int patches : {1, 2, 5}) {
    const neural::PartitionOfUnity pou(-1.0, 2.0, patches);
    for (int i = 0; i <= 300; ++i) {
      const double x = -1.0 + 3.0 * i / 300;
      double sum = 0, dsum = 0;
      int first, last;
      pou.active(x, first, last);
      for (int p = 0; p < patches; ++p) {
        double psi, dpsi;
        pou.eval(p, x, psi, dpsi);
        if (p < first || p > last) CHECK(psi == 0.0);  // active() lists every patch that can be nonzero
        sum += psi;
        dsum += dpsi;
      }
      CAPTURE(patches, x);
      CHECK(sum == Approx(1.0).epsilon(1e-14));
      CHECK(std::abs(dsum) < 1e-10);
    }
  }
}

TEST_CASE("random feature derivatives match finite differences", "[aprfm]") {
  const neural::PartitionOfUnity pou(0.0, 1.0, 3);
  const std::vector<double> vs = {-0.5, 0.2, 0.7};
  const neural::RandomFeatureSpace space(pou, 5, 1.5, 42, {0, 1, 1}, vs, 10);
  CHECK(space.columns() == 3 * 2 * 6);
  for (double x : {0.05, 0.31, 0.5, 0.66, 0.97})
    for (int k = 0; k < 3; ++k) {
      std::vector<neural::FeatureValue> a, b, c;
      const double h = 1e-6;
      space.eval(x, k, a);
      space.eval(x + h, k, b);
      space.eval(x - h, k, c);
      REQUIRE(a.size() == b.size());
      REQUIRE(a.size() == c.size());
      for (std::size_t j = 0; j < a.size(); ++j) {
        CHECK(a[j].column >= 10);
        CHECK(a[j].dx == Approx((b[j].value - c[j].value) / (2 * h)).margin(1e-6));
      }
    }
}

TEST_CASE("kinetic layer modes solve the discrete-ordinate equation exactly", "[aprfm]") {
  VelocityDomain dom;
  const Quadrature q = velocity_quadrature(dom, 8);
  for (double eps2_sigma_a : {0.0, 0.3}) {
    const double sigma = 2.0, s = sigma + eps2_sigma_a;
    for (bool left : {true, false}) {
      const auto modes = neural::layer_modes(q.nodes, q.weights, sigma, s, left);
      REQUIRE(modes.size() == 3);  // n/2 - 1 per side
      for (const auto& m : modes) {
        double mean = 0, current = 0;
        for (int k = 0; k < q.size(); ++k) {
          mean += q.weights[k] * m.phi[k];
          current += q.weights[k] * q.nodes[k] * m.phi[k];
          // f_k = phi_k exp(-+lambda x/eps): -+ v_k lambda phi_k = sigma (<phi> - phi_k) - eps^2 sigma_a phi_k
          const double lhs = (left ? -1.0 : 1.0) * q.nodes[k] * m.lambda * m.phi[k];
          CHECK(lhs == Approx(sigma * (1.0 - m.phi[k]) - eps2_sigma_a * m.phi[k]).margin(1e-10));
        }
        CHECK(mean == Approx(1.0).epsilon(1e-12));
        // <v phi> = +- eps^2 sigma_a / lambda: zero current without absorption.
        CHECK(current == Approx((left ? 1.0 : -1.0) * eps2_sigma_a / m.lambda).margin(1e-12));
        CHECK(m.lambda > s);  // decays faster than exp(-s x/(eps v_max)): a genuine layer
      }
    }
  }
}
