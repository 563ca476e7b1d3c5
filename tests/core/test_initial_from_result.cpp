#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

#include "core/config.hpp"
#include "core/error.hpp"
#include "core/problem.hpp"
#include "core/result_file.hpp"

using namespace kinetic;
namespace fs = std::filesystem;

namespace {
Problem problem_from(const std::string& initial, const std::string& equation = "linear_transport") {
  const std::string text = "problem:\n  equation: " + equation +
                           "\n  eps: 0.01\n  time: {end: 0.1}\n  space: [0, 1]\n  sigma_s: 2\n  initial: " + initial +
                           "\n  boundary: {type: periodic}\n";
  return Problem::from_config(ConfigNode::from_string(text, "case.yaml").child("problem"));
}
}  // namespace

TEST_CASE("initial data from a result: rho only gives the Chapman-Enskog state", "[coupling][initial]") {
  const std::string path = (fs::temp_directory_path() / "kinetic_initial_rho.h5").string();
  ResultData r;
  for (int i = 0; i <= 50; ++i) r.x.push_back(i / 50.0);
  std::vector<double> rho;
  for (double x : r.x) rho.push_back(1 + x * x);
  r.add_snapshot(0.2, {{"rho", rho}});
  write_result(path, r);
  const Problem p = problem_from("{from_result: " + path + ", time: 0.2}");
  // f = rho - (eps/sigma_s) v rho_x with rho_x = 2x, eps = 0.01, sigma_s = 2.
  for (double x : {0.1, 0.5, 0.93})
    for (double v : {-0.7, 0.3})
      CHECK(std::abs(p.initial.f(0, x, v) - ((1 + x * x) - 0.005 * v * 2 * x)) < 1e-8);
  CHECK_THROWS_AS(problem_from("{from_result: " + path + ", time: 0.3}"), InputError);
  CHECK_THROWS_AS(problem_from("{from_result: /nonexistent.h5}"), InputError);
  fs::remove(path);
}

TEST_CASE("initial data from a result with f interpolates in x and v", "[coupling][initial]") {
  const std::string path = (fs::temp_directory_path() / "kinetic_initial_f.h5").string();
  ResultData r;
  for (int i = 0; i <= 30; ++i) r.x.push_back(i / 30.0);
  r.v = {-0.9, -0.3, 0.3, 0.9};
  std::vector<double> rho, f;
  for (double x : r.x) {
    rho.push_back(x);
    for (double v : r.v) f.push_back(x * x * (2 + v));  // linear in v, quadratic in x: reproduced exactly
  }
  r.add_snapshot(0.1, {{"rho", rho}}, f);
  write_result(path, r);
  const Problem p = problem_from("{from_result: " + path + "}");
  CHECK(std::abs(p.initial.f(0, 0.37, 0.1) - 0.37 * 0.37 * 2.1) < 1e-12);
  CHECK(std::abs(p.initial.f(0, 0.81, -0.5) - 0.81 * 0.81 * 1.5) < 1e-12);
  fs::remove(path);
}

TEST_CASE("gray radiative transfer initial data from a result: T, and I = rho without the intensity",
          "[coupling][initial]") {
  const std::string path = (fs::temp_directory_path() / "kinetic_initial_grte.h5").string();
  ResultData r;
  for (int i = 0; i <= 40; ++i) r.x.push_back(i / 40.0);
  std::vector<double> rho, T;
  for (double x : r.x) rho.push_back(2 + x), T.push_back(1 + x * x);
  r.add_snapshot(0.5, {{"rho", rho}, {"T", T}});
  write_result(path, r);
  auto grte = [&](const std::string& initial) {
    const std::string text = "problem:\n  equation: gray_radiative_transfer\n  eps: 1\n  time: {end: 0.1}\n"
                             "  space: [0, 1]\n  initial: " + initial + "\n  boundary: {type: periodic}\n";
    return Problem::from_config(ConfigNode::from_string(text, "case.yaml").child("problem"));
  };
  const Problem p = grte("{from_result: " + path + ", time: 0.5}");
  REQUIRE(p.radiation.initial_I_given);
  for (double x : {0.1, 0.55, 0.9}) {
    CHECK(std::abs(p.radiation.initial_T(0, x, 0) - (1 + x * x)) < 1e-8);
    for (double mu : {-0.8, 0.4}) CHECK(std::abs(p.radiation.initial_I(0, x, mu) - (2 + x)) < 1e-12);
  }
  CHECK_THROWS_WITH(grte("{from_result: " + path + ", T: \"1\"}"), Catch::Contains("from_result"));
  CHECK_THROWS_WITH(grte("{T: \"1\", time: 0.5}"), Catch::Contains("time"));
  CHECK_THROWS_WITH(grte("{from_result: " + path + ", time: 0.7}"), Catch::Contains("time"));
  ResultData no_T = r;
  no_T.fields.erase("T");
  write_result(path, no_T);
  CHECK_THROWS_WITH(grte("{from_result: " + path + "}"), Catch::Contains("no field T"));
  fs::remove(path);
}
