#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/result_file.hpp"
#include "validation/compare.hpp"
#include "validation/error_metrics.hpp"
#include "core/interpolation.hpp"

using namespace kinetic;
using namespace kinetic::validation;

TEST_CASE("error norms on analytic pairs", "[validation]") {
  // q = (1 + d) r: every relative norm equals d.
  std::vector<double> r, q;
  for (int i = 0; i < 100; ++i) {
    const double x = (i + 0.5) / 100;
    r.push_back(std::sin(M_PI * x));
    q.push_back(1.01 * std::sin(M_PI * x));
  }
  const ErrorNorms e = error_norms(q, r);
  CHECK(std::abs(e.rel_l2 - 0.01) < 1e-14);
  CHECK(std::abs(e.rel_l1 - 0.01) < 1e-14);
  CHECK(std::abs(e.max_abs - 0.01 * std::sin(M_PI * 0.495)) < 1e-14);
  // Orthogonal perturbation: ||r + a s|| error is a ||s|| / ||r|| for a discrete sine pair.
  std::vector<double> q2(r.size());
  double ss = 0, rr = 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    const double s = std::sin(2 * M_PI * (i + 0.5) / 100);
    q2[i] = r[i] + 0.1 * s;
    ss += s * s;
    rr += r[i] * r[i];
  }
  CHECK(std::abs(error_norms(q2, r).rel_l2 - 0.1 * std::sqrt(ss / rr)) < 1e-14);
  CHECK_THROWS(error_norms({1, 2}, {1}));
}

TEST_CASE("cubic interpolation is exact on cubics on any grid", "[validation]") {
  std::vector<double> xr, yr;
  for (int i = 0; i <= 30; ++i) {
    const double x = std::pow(i / 30.0, 1.7);  // non-uniform
    xr.push_back(x);
    yr.push_back(2 - x + 3 * x * x - 0.5 * x * x * x);
  }
  std::vector<double> xn;
  for (int i = 0; i <= 77; ++i) xn.push_back(i / 77.0);
  const auto yn = interpolate(xr, yr, xn);
  for (std::size_t i = 0; i < xn.size(); ++i) {
    const double x = xn[i];
    CHECK(std::abs(yn[i] - (2 - x + 3 * x * x - 0.5 * x * x * x)) < 1e-12);
  }
  CHECK_THROWS(interpolate(xr, yr, {1.5}));
  // A quartic is not reproduced: the check above can fail.
  std::vector<double> y4;
  for (double x : xr) y4.push_back(x * x * x * x);
  const auto q = interpolate(xr, y4, {0.55});
  CHECK(std::abs(q[0] - std::pow(0.55, 4)) > 1e-9);
}

TEST_CASE("bounded cubic interpolation keeps a front within its data and equals the cubic on monotone data",
          "[validation]") {
  // A front from 0.65 to 0.01 (the Marshak wave's T at 0.1 ns, in keV): the plain cubic undershoots the cold
  // value between the nodes next to the jump, the bounded one stays in [0.01, 0.65].
  std::vector<double> xr, yr;
  for (int i = 0; i <= 40; ++i) xr.push_back(i / 40.0), yr.push_back(i <= 20 ? 0.65 - 0.2 * i / 20.0 : 0.01);
  std::vector<double> xn;
  for (int i = 0; i <= 400; ++i) xn.push_back(i / 400.0);
  const auto plain = interpolate(xr, yr, xn), bounded = interpolate_bounded(xr, yr, xn);
  CHECK(*std::min_element(plain.begin(), plain.end()) < 0.01 - 1e-3);
  CHECK(*std::min_element(bounded.begin(), bounded.end()) >= 0.01);
  CHECK(*std::max_element(bounded.begin(), bounded.end()) <= 0.65);
  // Monotone cubic data: the clamp never acts, so the bounded interpolant is the cubic itself (exact).
  std::vector<double> ym;
  for (double x : xr) ym.push_back(1 + x + x * x * x);
  const auto mono = interpolate_bounded(xr, ym, xn);
  for (std::size_t i = 0; i < xn.size(); ++i) CHECK(std::abs(mono[i] - (1 + xn[i] + std::pow(xn[i], 3))) < 1e-12);
}

TEST_CASE("compare_results matches times and interpolates a finer reference", "[validation]") {
  ResultData ref, res;
  for (int i = 0; i <= 200; ++i) ref.x.push_back(i / 200.0);
  for (int i = 0; i <= 20; ++i) res.x.push_back(i / 20.0 + (i > 0 && i < 20 ? 0.013 : 0.0));
  auto profile = [](double t, double x) { return std::exp(-t) * (1 + x * x); };
  for (double t : {0.05, 0.1}) {
    std::vector<double> a, b;
    for (double x : ref.x) a.push_back(profile(t, x));
    for (double x : res.x) b.push_back(1.02 * profile(t, x));
    ref.add_snapshot(t, {{"rho", a}});
    res.add_snapshot(t, {{"rho", b}});
  }
  const auto rows = compare_results(res, ref);
  REQUIRE(rows.size() == 2);
  for (const auto& r : rows) {
    CHECK(r.interpolated);
    CHECK(std::abs(r.norms.rel_l2 - 0.02) < 1e-10);
  }
  ResultData other = ref;
  other.t = {0.3, 0.4};
  CHECK_THROWS_AS(compare_results(res, other), InputError);
}

TEST_CASE("periodic interpolation wraps around the period", "[validation]") {
  std::vector<double> xr, yr;
  for (int i = 0; i < 64; ++i) xr.push_back(i / 64.0), yr.push_back(std::cos(2 * M_PI * i / 64.0));
  const auto y = interpolate_periodic(xr, yr, 1.0, {0.0, 0.999, 1.0, -0.25, 0.5 + 1.0 / 128});
  CHECK(std::abs(y[0] - 1.0) < 1e-14);
  CHECK(std::abs(y[1] - std::cos(2 * M_PI * 0.999)) < 1e-5);
  CHECK(std::abs(y[2] - 1.0) < 1e-14);
  CHECK(std::abs(y[3] - 0.0) < 1e-5);
  CHECK(std::abs(y[4] - std::cos(M_PI + 2 * M_PI / 128)) < 1e-5);
}
