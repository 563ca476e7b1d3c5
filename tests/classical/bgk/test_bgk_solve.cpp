// The BGK solver through the classical dispatcher: both example configs run (on coarse grids) and write
// every output time with the documented fields; bad `classical:` values are rejected naming the key.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "classical/solve.hpp"
#include "core/error.hpp"
#include "tests/classical/bgk/bgk_test_support.hpp"

using namespace kinetic;
using namespace kinetic::classical;

namespace {

ResultData run_config(ConfigNode root) {
  ensure_kokkos_initialized();
  const Problem problem = Problem::from_config(root.child("problem"));
  ResultData header;
  header.equation = "bgk";
  header.eps = problem.eps;
  ResultWriter writer("", header);  // in memory
  solve(problem, root.child("classical"), writer);
  return writer.data();
}

}  // namespace

TEST_CASE("bgk example configs run through classical::solve with all fields", "[bgk][examples]") {
  for (const std::string name : {"smooth_eps1e-3.yaml", "riemann_eps1e-6.yaml"}) {
    INFO(name);
    ConfigNode root = ConfigNode::load_file(std::string(KINETIC_SOURCE_DIR) + "/examples/bgk/" + name);
    root.apply_override("classical.nx=64");
    root.apply_override("classical.nv=32");
    const ResultData data = run_config(root);
    const Problem problem = Problem::from_config(root.child("problem"));
    CHECK(data.method == "bgk_imex");
    REQUIRE(data.nt() == problem.output_times.size());
    CHECK(data.t.back() == problem.t_end);
    REQUIRE(data.nx() == 64);
    CHECK(data.x.front() == Approx(problem.x_left + 0.5 * problem.length() / 64));
    CHECK(data.number_attributes.at("steps") > 0);
    for (const char* field : {"rho", "momentum", "energy", "u", "T"}) CHECK(data.fields.count(field) == 1);
    // The fields are consistent: momentum = rho u, energy = rho u^2/2 + rho T/2, all positive where needed.
    for (std::size_t it = 0; it < data.nt(); ++it) {
      const auto rho = data.field_at("rho", it), mom = data.field_at("momentum", it);
      const auto energy = data.field_at("energy", it), u = data.field_at("u", it), T = data.field_at("T", it);
      for (std::size_t i = 0; i < data.nx(); ++i) {
        CHECK(rho[i] > 0.6);
        CHECK(rho[i] < 1.51);
        CHECK(mom[i] == Approx(rho[i] * u[i]).margin(1e-13));
        CHECK(energy[i] == Approx(0.5 * rho[i] * (u[i] * u[i] + T[i])).epsilon(1e-12));
      }
    }
  }
}

TEST_CASE("bgk_imex stores f on request", "[bgk][examples]") {
  ConfigNode root = ConfigNode::load_file(std::string(KINETIC_SOURCE_DIR) + "/examples/bgk/riemann_eps1e-6.yaml");
  root.apply_override("classical.nx=20");
  root.apply_override("classical.nv=32");
  root.apply_override("classical.output_f=true");
  const ResultData data = run_config(root);
  CHECK(data.v.size() == 32);
  CHECK(data.f.size() == data.nt() * 20 * 32);
}

TEST_CASE("bgk_imex rejects bad classical keys, naming them", "[bgk][examples]") {
  const std::string path = std::string(KINETIC_SOURCE_DIR) + "/examples/bgk/riemann_eps1e-6.yaml";
  for (const auto& [assignment, key] : std::vector<std::pair<std::string, std::string>>{
           {"classical.nv=7", "classical.nv"},
           {"classical.cfl=1.5", "classical.cfl"},
           {"classical.limiter=superbee", "classical.limiter"},
           {"classical.time_scheme=rk4", "classical.time_scheme"},
           {"classical.nx=2", "classical.nx"},
           {"classical.nxx=100", "nxx"}}) {
    ConfigNode root = ConfigNode::load_file(path);
    root.apply_override(assignment);
    INFO(assignment);
    try {
      run_config(root);
      FAIL("no InputError for " << assignment);
    } catch (const InputError& e) {
      CHECK(std::string(e.what()).find(key) != std::string::npos);
    }
  }
}
