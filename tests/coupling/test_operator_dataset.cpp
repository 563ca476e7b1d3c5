// Operator-learning datasets (core/operator_dataset.hpp, coupling/operator_dataset_generation.hpp): the draws
// are reproducible, the labels are the classical solution of each initial function, the HDF5 round trip is
// exact, and `kinetic dataset` resumes from the samples of an interrupted run.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "../app/run_program.hpp"
#include "classical/solve.hpp"
#include "core/config.hpp"
#include "core/progress.hpp"
#include "coupling/operator_dataset_generation.hpp"

using namespace kinetic;
namespace fs = std::filesystem;

namespace {
// A small family: rho0 = 1 - x/2 + c x (1 - x) with c = 0.3 z1 (+ an O(eps) anisotropy from z2).
const char* kFamily = R"yaml(
problem:
  equation: linear_transport
  eps: 1.0e-2
  time: {end: 0.05}
  space: [0, 1]
  random: {dim: 2}
  initial: {f: "1 - x/2 + 0.3*z1*x*(1-x) + eps*z2*v*x*(1-x)"}
  boundary: {type: inflow, left: "1", right: "0.5"}
classical: {method: micro_macro, nx: 128, nv: 16}
dataset: {functions: 5, test: 2, seed: 4, grid: {nx: 16, nv: 16, nt: 6}, workers: 2}
)yaml";
}  // namespace

TEST_CASE("operator dataset draws are reproducible and prefix-stable", "[dataset]") {
  RandomInputs r;
  r.dim = 3;
  const auto a = coupling::dataset_draws(r, 5, 11), b = coupling::dataset_draws(r, 3, 11);
  const auto c = coupling::dataset_draws(r, 3, 12);
  for (int k = 0; k < 3; ++k) CHECK(a[k] == b[k]);
  CHECK(a[0] != c[0]);
  for (const auto& z : a)
    for (double zi : z) CHECK((zi > -1 && zi < 1));
}

TEST_CASE("an operator dataset holds the classical solution of each initial function", "[dataset]") {
  Progress::set_quiet(true);
  const ConfigNode root = ConfigNode::from_string(kFamily, "family.yaml");
  const Problem problem = Problem::from_config(root.child("problem"));
  const auto o = coupling::parse_dataset_options(problem, root.child("dataset"));
  const OperatorDataset d = coupling::generate_operator_dataset(problem, root.child("classical"), o, "");
  REQUIRE(d.functions == 5);
  CHECK(d.train == 3);
  CHECK(d.nt() == 6);
  CHECK(d.x.front() == Approx(1.0 / 32));
  const auto draws = coupling::dataset_draws(problem.random, 5, 4);
  for (std::size_t k = 0; k < d.functions; ++k) {
    const double c = 0.3 * draws[k][0];
    CHECK(d.z[k * 2] == draws[k][0]);
    for (std::size_t i = 0; i < d.nx(); ++i) {
      const double x = d.x[i];
      CHECK(d.rho[(k * d.nt()) * d.nx() + i] == Approx(1 - x / 2 + c * x * (1 - x)).margin(1e-13));  // <f0>
    }
    // Labels at t > 0 are the solver's own run of that function (one of them recomputed here).
    if (k == 1) {
      const Problem one = Problem::from_config(root.child("problem").copy_with(
                                                   "output_times", {{"output_times", "[0.01, 0.02, 0.03, 0.04]"}}),
                                               draws[k]);
      ResultWriter w("", ResultData{});
      classical::solve(one, root.child("classical"), w);
      for (std::size_t it = 0; it < 5; ++it) {
        const auto row = w.data().field_at("rho", it);
        // Cell centres of the dataset lie between the solver's nodes: cubic interpolation.
        const std::size_t node = 8 * 2 + 4;  // x = 0.15625 = node 20 of 128
        CHECK(d.rho[(k * d.nt() + it + 1) * d.nx() + 2] == Approx(row[node]).epsilon(1e-9));
      }
    }
  }
  SECTION("the HDF5 round trip is exact") {
    const std::string path = (fs::temp_directory_path() / "kinetic_operator_dataset.h5").string();
    write_operator_dataset(path, d);
    const OperatorDataset e = read_operator_dataset(path);
    CHECK(e.f0 == d.f0);
    CHECK(e.rho == d.rho);
    CHECK(e.z == d.z);
    CHECK(e.x == d.x);
    CHECK(e.v == d.v);
    CHECK(e.v_weights == d.v_weights);
    CHECK(e.t == d.t);
    CHECK(e.train == d.train);
    CHECK(e.number_attributes.at("seed") == 4);
    fs::remove(path);
    CHECK_THROWS_WITH(read_operator_dataset(path), Catch::Contains("does not exist"));
  }
}

TEST_CASE("kinetic dataset resumes from the samples of an interrupted run", "[dataset]") {
  const fs::path dir = fs::temp_directory_path() / "kinetic_dataset_resume";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string config = (dir / "family.yaml").string();
  std::ofstream(config) << kFamily;
  const std::string out = (dir / "d.h5").string();
  auto first = run_kinetic("dataset " + config + " -q -o " + out + " --set dataset.keep_samples=true");
  INFO(first.output);
  REQUIRE(first.exit_code == 0);
  const OperatorDataset whole = read_operator_dataset(out);
  // As if interrupted: the dataset and one sample are gone.
  fs::remove(out);
  fs::remove(dir / "d.h5.samples" / "sample_000003.h5");
  auto second = run_kinetic("dataset " + config + " -q -o " + out);
  INFO(second.output);
  REQUIRE(second.exit_code == 0);
  CHECK(second.output.find("4 of 5 found") != std::string::npos);
  CHECK(read_operator_dataset(out).rho == whole.rho);
  CHECK_FALSE(fs::exists(dir / "d.h5.samples"));
  fs::remove_all(dir);
}
