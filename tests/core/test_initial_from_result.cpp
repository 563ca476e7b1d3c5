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
