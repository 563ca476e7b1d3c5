// The vectorisable exp used by the BGK Maxwellian: within 1.5 ulp of std::exp over the whole range the
// kernels use, exact at 0, clamped (not wrapped) below -708, NaN for NaN.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>

#include "classical/vector_exp.hpp"

using kinetic::classical::vector_exp;
using kinetic::classical::scaled_exp_nonpositive;

TEST_CASE("vector_exp matches std::exp to 1.5 ulp on [-708, 709]", "[bgk][vector_exp]") {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> wide(-708.0, 709.0), narrow(-3.0, 3.0);
  double worst = 0.0;
  for (int i = 0; i < 200000; ++i) {
    const double x = i % 2 ? wide(rng) : narrow(rng);
    worst = std::max(worst, std::fabs(vector_exp(x) - std::exp(x)) / std::exp(x));
  }
  INFO("max relative error " << worst);
  CHECK(worst < 1.5 * std::numeric_limits<double>::epsilon());
  // Points where the reduction x = n ln2 + r changes n, and the ends of the range.
  for (double x : {-0.5 * M_LN2, 0.5 * M_LN2, -1.5 * M_LN2, 20.5 * M_LN2, -700.0, 700.0, -1e-300, 1e-17})
    CHECK(vector_exp(x) == Approx(std::exp(x)).epsilon(2 * std::numeric_limits<double>::epsilon()));
}

TEST_CASE("vector_exp special values", "[bgk][vector_exp]") {
  CHECK(vector_exp(0.0) == 1.0);
  CHECK(vector_exp(-800.0) == Approx(std::exp(-708.0)));  // clamped, finite, positive
  CHECK(vector_exp(-800.0) > 0.0);
  CHECK(vector_exp(-1e6) < 1e-300);
  CHECK(std::isfinite(vector_exp(1e6)));
  CHECK(std::isnan(vector_exp(std::numeric_limits<double>::quiet_NaN())));
}

// The Maxwellian's exp, amplitude folded in: within 1 ulp of factor * vector_exp(x) wherever its argument
// can be (x <= 0), exact at 0, the same clamp below -708.
TEST_CASE("scaled_exp_nonpositive is factor * vector_exp for x <= 0", "[bgk][vector_exp]") {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> wide(-750.0, 0.0), narrow(-3.0, 0.0), factors(0.01, 10.0);
  double worst = 0.0;
  for (int i = 0; i < 200000; ++i) {
    const double x = i % 2 ? wide(rng) : narrow(rng), a = factors(rng);
    const double expected = a * vector_exp(x);
    if (expected < 1e-300) continue;  // subnormal results carry fewer bits
    worst = std::max(worst, std::fabs(scaled_exp_nonpositive(x, a) - expected) / expected);
  }
  INFO("max relative difference " << worst);
  CHECK(worst <= std::numeric_limits<double>::epsilon());
  CHECK(worst > 0.0);  // a different rounding, not the same expression
  CHECK(scaled_exp_nonpositive(0.0, 1.0) == 1.0);
  CHECK(scaled_exp_nonpositive(-0.0, 3.0) == 3.0);
  CHECK(scaled_exp_nonpositive(-1e6, 1.0) == vector_exp(-708.0));
}
