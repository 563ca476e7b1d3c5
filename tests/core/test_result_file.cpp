#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>

#include "core/config.hpp"
#include "core/error.hpp"
#include "core/problem.hpp"
#include "core/result_file.hpp"

using namespace kinetic;

TEST_CASE("a result with its config round-trips through HDF5", "[hdf5]") {
  const std::string path = (std::filesystem::temp_directory_path() / "kinetic_roundtrip.h5").string();
  const std::string config_text = "problem:\n  equation: bgk\n  eps: 0.001\n  time: {end: 0.1}\n  space: [-0.5, 0.5]\n"
                                  "  initial: {rho: 1, u: 0, T: 1}\n  boundary: {type: periodic}\n";
  ResultData d;
  d.equation = "bgk";
  d.eps = 1e-3;
  d.method = "bgk_imex";
  d.config_text = config_text;
  d.number_attributes["steps"] = 42;
  d.x = {0.0, 0.5, 1.0};
  d.v = {-1.0, 1.0};
  d.series["series_t"] = {0.0, 0.01, 0.02, 0.03, 0.04};  // a per-step series of its own length
  d.series["electric_energy"] = {1.0, 0.9, 0.8, 0.7, 0.6};
  ResultWriter writer(path, d);
  writer.snapshot(0.05, {{"rho", {1, 2, 3}}, {"momentum", {0.1, 0.2, 0.3}}}, {1, 2, 3, 4, 5, 6});
  writer.snapshot(0.1, {{"rho", {4, 5, 6}}, {"momentum", {0.4, 0.5, 0.6}}}, {7, 8, 9, 10, 11, 12});
  REQUIRE_FALSE(std::filesystem::exists(path + ".tmp"));

  const ResultData r = read_result(path);
  CHECK(r.equation == "bgk");
  CHECK(r.eps == 1e-3);
  CHECK(r.method == "bgk_imex");
  CHECK(r.number_attributes.at("steps") == 42);
  CHECK(r.t == std::vector<double>{0.05, 0.1});
  CHECK(r.field_at("rho", 1) == std::vector<double>{4, 5, 6});
  CHECK(r.field_at("momentum", 0) == std::vector<double>{0.1, 0.2, 0.3});
  CHECK(r.f.size() == 12);
  CHECK(r.f[11] == 12);
  CHECK(r.series.size() == 2);
  CHECK(r.series.at("electric_energy") == std::vector<double>{1.0, 0.9, 0.8, 0.7, 0.6});
  CHECK(r.series.at("series_t").size() == 5);
  CHECK(r.fields.size() == 2);  // rho, momentum: series are not fields
  CHECK(r.time_index(0.1) == 1);
  CHECK(r.time_index(0.07) == -1);
  // The echoed config parses back into the same problem.
  const Problem p = Problem::from_config(ConfigNode::from_string(r.config_text, path).child("problem"));
  CHECK(p.equation == Equation::BGK);
  CHECK(p.x_left == -0.5);
  std::filesystem::remove(path);
}

TEST_CASE("reading a missing or foreign file is an input error", "[hdf5]") {
  CHECK_THROWS_AS(read_result("/nonexistent/result.h5"), InputError);
  const std::string path = (std::filesystem::temp_directory_path() / "kinetic_not_hdf5.h5").string();
  std::FILE* f = std::fopen(path.c_str(), "w");
  std::fputs("plain text", f);
  std::fclose(f);
  CHECK_THROWS_AS(read_result(path), InputError);
  std::filesystem::remove(path);
}
