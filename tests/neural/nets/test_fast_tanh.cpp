// The float32 tanh of the fused MLP layers (fast_tanh.hpp): accuracy against double tanh, both branches of
// the formula and their seam, saturation, odd symmetry, NaN reaching the result, the bias, and the vector
// kernel's tail columns.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "neural/nets/fast_tanh.hpp"

using namespace kinetic::neural;

namespace {

double relative_error(float got, float x) {
  const double exact = std::tanh(static_cast<double>(x));
  return std::abs(got - exact) / std::max(std::abs(exact), 1e-300);
}

}  // namespace

TEST_CASE("fast float tanh: within 1e-6 relative of tanh over [-20, 20], odd, saturating, NaN kept", "[neural]") {
  // Every float in [-20, 20] would be 2e9 values; a dense grid plus the seam at |x| = 0.55 and tiny values.
  std::vector<float> xs;
  for (int k = -2'000'000; k <= 2'000'000; ++k) xs.push_back(20.0f * static_cast<float>(k) / 2'000'000);
  float up = 0.55f, down = 0.55f;
  for (int k = 0; k < 100; ++k, up = std::nextafter(up, 1.0f), down = std::nextafter(down, 0.0f))
    xs.push_back(up), xs.push_back(down), xs.push_back(-up), xs.push_back(-down);
  for (float x = 1e-30f; x < 1e-2f; x *= 1.7f) xs.push_back(x), xs.push_back(-x);
  double worst = 0;
  for (float x : xs) worst = std::max(worst, relative_error(fast_tanh(x), x));
  INFO("largest relative error " << worst << " (float epsilon 1.19e-7)");
  CHECK(worst < 1e-6);
  int not_odd = 0;
  for (float x : xs) not_odd += fast_tanh(-x) != -fast_tanh(x);
  CHECK(not_odd == 0);
  CHECK(fast_tanh(0.0f) == 0.0f);
  CHECK(std::signbit(fast_tanh(-0.0f)));
  for (float x : {20.0f, 50.0f, 1e30f, std::numeric_limits<float>::infinity()}) {
    CHECK(fast_tanh(x) == 1.0f);
    CHECK(fast_tanh(-x) == -1.0f);
  }
  CHECK(std::isnan(fast_tanh(std::numeric_limits<float>::quiet_NaN())));
}

TEST_CASE("fused bias and tanh over rows: every column (vector part and tail) gets tanh(a + bias)", "[neural]") {
  INFO("kernel on this CPU: " << fast_tanh_kernel());
  for (const int64_t w : {1, 7, 8, 21, 256}) {  // w = 21: two vectors of 8 and a scalar tail of 5
    INFO("width " << w);
    const int64_t rows = 37;
    std::vector<float> a(rows * w), bias(w), original;
    for (int64_t i = 0; i < rows * w; ++i) a[i] = 3.0f * std::sin(0.37f * static_cast<float>(i));
    for (int64_t c = 0; c < w; ++c) bias[c] = 0.1f * static_cast<float>(c % 11) - 0.4f;
    original = a;
    bias_tanh_rows(a.data(), bias.data(), w, 5, 30);  // rows outside [5, 30) stay as they were
    double worst = 0;
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < w; ++c) {
        const int64_t i = r * w + c;
        if (r < 5 || r >= 30) {
          REQUIRE(a[i] == original[i]);
        } else {
          worst = std::max(worst, relative_error(a[i], original[i] + bias[c]));
        }
      }
    INFO("largest relative error " << worst);
    CHECK(worst < 1e-6);
  }
  // NaN in a vector lane reaches the output (a NaN pre-activation must not become a finite tanh).
  std::vector<float> a(16, 0.5f), bias(16, 0.0f);
  a[3] = std::numeric_limits<float>::quiet_NaN();
  bias_tanh_rows(a.data(), bias.data(), 16, 0, 1);
  CHECK(std::isnan(a[3]));
  CHECK(std::abs(a[4] - std::tanh(0.5)) < 1e-7);
}
