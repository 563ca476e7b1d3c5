#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

#include "core/error.hpp"
#include "coupling/supervision_data.hpp"

using namespace kinetic;
using namespace kinetic::coupling;
namespace fs = std::filesystem;

namespace {
// A result with rho = 1 + t x^2 and f(x, v) = rho (1 + v) on 41 points and 4 velocities.
ResultData sample_result() {
  ResultData r;
  r.method = "micro_macro";
  r.eps = 1e-3;
  for (int i = 0; i <= 40; ++i) r.x.push_back(i / 40.0);
  r.v = {-0.8, -0.2, 0.2, 0.8};
  for (double t : {0.05, 0.1}) {
    std::vector<double> rho, f;
    for (double x : r.x) {
      rho.push_back(1 + t * x * x);
      for (double v : r.v) f.push_back((1 + t * x * x) * (1 + v));
    }
    r.add_snapshot(t, {{"rho", rho}}, f);
  }
  return r;
}
}  // namespace

TEST_CASE("supervision data sampled from a result round-trips through HDF5", "[coupling]") {
  const ResultData r = sample_result();
  SupervisionSampling s;
  s.mode = "random";
  s.points_per_time = 50;
  s.include_f = true;
  s.times = {0.1};
  const SupervisionSet set = make_supervision(r, s, "ref.h5");
  REQUIRE(set.size() == 50);
  REQUIRE(set.f.size() == 200);
  // Values are the interpolated reference (cubic interpolation is exact for x^2).
  for (std::size_t i = 0; i < set.size(); ++i) CHECK(std::abs(set.values.at("rho")[i] - (1 + 0.1 * set.x[i] * set.x[i])) < 1e-13);
  for (std::size_t i = 0; i < set.f.size(); ++i)
    CHECK(std::abs(set.f[i] - (1 + 0.1 * set.fx[i] * set.fx[i]) * (1 + set.fv[i])) < 1e-13);

  const std::string path = (fs::temp_directory_path() / "kinetic_supervision.h5").string();
  write_supervision(path, set);
  const SupervisionSet back = read_supervision(path);
  CHECK(back.source == "ref.h5");
  CHECK(back.method == "micro_macro");
  CHECK(back.eps == 1e-3);
  CHECK(back.t == set.t);
  CHECK(back.x == set.x);
  CHECK(back.values.at("rho") == set.values.at("rho"));
  CHECK(back.fv == set.fv);
  CHECK(back.f == set.f);
  fs::remove(path);
}

TEST_CASE("boundary sampling stays near the ends, and bad requests are input errors", "[coupling]") {
  const ResultData r = sample_result();
  SupervisionSampling s;
  s.mode = "boundary";
  s.boundary_width = 0.05;
  s.points_per_time = 40;
  const SupervisionSet set = make_supervision(r, s);
  CHECK(set.size() == 80);
  for (double x : set.x) CHECK((x <= 0.05 + 1e-12 || x >= 0.95 - 1e-12));
  SupervisionSampling missing;
  missing.times = {0.07};
  CHECK_THROWS_AS(make_supervision(r, missing), InputError);
  ResultData no_f = r;
  no_f.f.clear();
  SupervisionSampling want_f;
  want_f.include_f = true;
  CHECK_THROWS_AS(make_supervision(no_f, want_f), InputError);
}
