// Front positions (validation/front_position.hpp): the crossing of a known profile, the relative difference of
// two fronts, and refusals.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/result_file.hpp"
#include "validation/front_position.hpp"

using namespace kinetic;
using namespace kinetic::validation;

namespace {
// A Marshak-like profile: T = 1 behind a front at xf, a linear drop of width w, then the cold floor 0.01.
std::vector<double> ramp(const std::vector<double>& x, double xf, double w) {
  std::vector<double> y;
  for (double xi : x) y.push_back(std::clamp(1.0 - (xi - (xf - 0.5 * w)) / w, 0.01, 1.0));
  return y;
}
std::vector<double> grid(int n, double L) {
  std::vector<double> x;
  for (int i = 0; i < n; ++i) x.push_back(L * (i + 0.5) / n);
  return x;
}
ResultData two_times(const std::vector<double>& x, double xf1, double xf2) {
  ResultData d;
  d.x = x;
  d.add_snapshot(0.3, {{"T", ramp(x, xf1, 0.01)}});
  d.add_snapshot(0.5, {{"T", ramp(x, xf2, 0.01)}});
  return d;
}
}  // namespace

TEST_CASE("front position: the level crossing of a ramp, interpolated between points", "[validation]") {
  const auto x = grid(1000, 0.5);
  // A linear ramp crosses 0.5 exactly at its centre, whatever the grid: interpolation is exact on it.
  CHECK(front_position(x, ramp(x, 0.0583, 0.01), 0.5) == Approx(0.0583).margin(1e-12));
  CHECK(front_position(x, ramp(x, 0.2, 0.01), 0.75) == Approx(0.2 - 0.0025).margin(1e-12));
  // The first crossing from the left counts; a profile that starts below the level and rises first still works.
  std::vector<double> y = {0.1, 0.6, 0.9, 0.4, 0.8, 0.2};
  std::vector<double> xs = {0, 1, 2, 3, 4, 5};
  CHECK(front_position(xs, y, 0.5) == Approx(2.8).margin(1e-12));
  // No crossing: never above the level, or never below it after.
  CHECK(std::isnan(front_position(xs, std::vector<double>(6, 0.3), 0.5)));
  CHECK(std::isnan(front_position(xs, std::vector<double>(6, 0.7), 0.5)));
}

TEST_CASE("front position: result against reference, one row per shared time", "[validation]") {
  const auto fine = grid(1600, 0.5), coarse = grid(401, 0.5);
  const ResultData reference = two_times(fine, 0.0580, 0.0800);
  const ResultData result = two_times(coarse, 0.0580 * 1.01, 0.0800 * 0.98);
  std::vector<FrontPositions> at;
  const auto rows = compare_fronts(result, reference, parse_front_spec("T=0.5"), &at);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].field == "front(T=0.5)");
  CHECK(rows[0].time == 0.3);
  CHECK(rows[0].norms.rel_l2 == Approx(0.01).margin(1e-9));
  CHECK(rows[1].norms.rel_l2 == Approx(0.02).margin(1e-9));
  CHECK(at[1].reference == Approx(0.08).margin(1e-12));
  // A result that never reaches the level at a time is an infinite error there, not a skipped row.
  ResultData cold;
  cold.x = coarse;
  cold.add_snapshot(0.3, {{"T", std::vector<double>(coarse.size(), 0.01)}});
  const auto cold_rows = compare_fronts(cold, reference, parse_front_spec("T=0.5"));
  REQUIRE(cold_rows.size() == 1);
  CHECK(std::isinf(cold_rows[0].norms.rel_l2));
}

TEST_CASE("front position: malformed specs and missing fields are refused by name", "[validation]") {
  for (const char* bad : {"T", "=0.5", "T=", "T=half", "T=0.5x"})
    CHECK_THROWS_AS(parse_front_spec(bad), InputError);
  const auto x = grid(100, 0.5);
  const ResultData a = two_times(x, 0.1, 0.2);
  try {
    compare_fronts(a, a, parse_front_spec("T_r=0.5"));
    FAIL("no error for a missing field");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("T_r") != std::string::npos);
  }
}
