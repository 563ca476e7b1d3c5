#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/progress.hpp"
#include "validation/regime_sweep.hpp"

using namespace kinetic;
using namespace kinetic::validation;
namespace fs = std::filesystem;

namespace {
const char* kTiny = R"yaml(
problem:
  equation: linear_transport
  eps: 1
  time: {end: 0.02}
  space: [0, 1]
  initial: {f: "1 + 0.5*cos(2*pi*x)"}
  boundary: {type: periodic}
  output_times: [0.01]
classical: {method: micro_macro, nx: 40, nv: 8}
neural:
  method: apnn_v1
  networks: {width: 8, depth: 2}
  steps: 5
  batch: {interior: 32, boundary: 8, initial: 16}
  quadrature: 8
  eval_nx: 21
  threads: 1
)yaml";

std::vector<std::string> lines_of(const fs::path& p) {
  std::ifstream in(p);
  std::vector<std::string> out;
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}
}  // namespace

TEST_CASE("a sweep with tiny networks writes a well-formed table and plots", "[validation][sweep]") {
  Progress::set_quiet(true);
  SweepSetup s;
  s.config_text = kTiny;
  s.config_name = "tiny.yaml";
  s.eps = {1.0, 1e-2};
  s.out_dir = (fs::temp_directory_path() / "kinetic_sweep_neural").string();
  fs::remove_all(s.out_dir);
  const auto rows = run_regime_sweep(s);
  REQUIRE(rows.size() == 2);
  const auto csv = lines_of(fs::path(s.out_dir) / "sweep.csv");
  REQUIRE(csv.size() == 1 + 2 * 2);  // header + (2 eps x 2 output times) rows of rho
  CHECK(csv[0] == "eps,method,field,t,rel_l2,wall_s,steps");
  for (std::size_t i = 1; i < csv.size(); ++i) {
    std::vector<std::string> cells;
    std::stringstream ss(csv[i]);
    for (std::string c; std::getline(ss, c, ',');) cells.push_back(c);
    REQUIRE(cells.size() == 7);
    CHECK(cells[1] == "apnn_v1");
    CHECK(cells[2] == "rho");
    const double err = std::stod(cells[4]);
    CHECK(std::isfinite(err));
    CHECK(err > 0);
    CHECK(std::stod(cells[6]) == 5);  // the training steps of the config
  }
  const auto md = lines_of(fs::path(s.out_dir) / "sweep.md");
  CHECK(md.size() == 6 + 4);  // title, blank, the reference, blank, table header (2), 4 rows
  REQUIRE(md.size() > 2);
  CHECK(md[2].rfind("Reference at each eps: ", 0) == 0);
  CHECK(fs::exists(fs::path(s.out_dir) / "error_vs_eps.png"));
  CHECK(fs::exists(fs::path(s.out_dir) / "eps_0.01" / "rho.png"));
  CHECK(fs::exists(fs::path(s.out_dir) / "eps_0.01" / "reference.h5"));
}

TEST_CASE("a classical sweep: even-odd against micro-macro agrees across regimes", "[validation][sweep]") {
  Progress::set_quiet(true);
  SweepSetup s;
  s.config_text = kTiny;
  s.config_name = "tiny.yaml";
  s.side = "classical";
  s.eps = {1.0, 1e-2, 1e-6};
  s.result_overrides = {"classical.method=even_odd"};
  s.reference_overrides = {"classical.nx=160"};
  s.out_dir = (fs::temp_directory_path() / "kinetic_sweep_classical").string();
  fs::remove_all(s.out_dir);
  const auto rows = run_regime_sweep(s);
  REQUIRE(rows.size() == 3);
  for (const auto& r : rows) {
    CHECK(r.method == "even_odd");
    for (double e : r.rel_l2) CHECK(e < 2e-2);  // two AP schemes on one problem: close in every regime
  }
}

namespace {
// The slides' smooth BGK problem on a coarse grid with tiny networks (the sweep's mechanics, not accuracy).
const char* kTinyBgk = R"yaml(
problem:
  equation: bgk
  eps: 1.0e-3
  time: {end: 0.02}
  space: [-0.5, 0.5]
  velocity: {range: [-10, 10], measure: integral}
  initial: {rho: "1.5 + (0.625 - 1.5)*(sin(pi*x) + 1)/2", u: "0", T: "1.5 + (0.75 - 1.5)*(sin(pi*x) + 1)/2"}
  boundary: {type: dirichlet, left: {rho: "1.5", u: "0", T: "1.5"}, right: {rho: "0.625", u: "0", T: "0.75"}}
  output_times: [0.02]
classical: {method: bgk_imex, nx: 50, nv: 24}
neural:
  method: apnn_bgk
  networks: {kind: resnet, depth: 1, width: 8}
  steps: 3
  batch: {interior: 16, initial: 8}
  quadrature: 16
  eval_nx: 21
  threads: 1
)yaml";
}  // namespace

TEST_CASE("a BGK sweep over eps = 1, 1e-2, 1e-3 tabulates and plots rho, momentum and energy",
          "[validation][sweep][bgk]") {
  Progress::set_quiet(true);
  SweepSetup s;
  s.config_text = kTinyBgk;
  s.config_name = "tiny_bgk.yaml";
  s.eps = {1.0, 1e-2, 1e-3};
  s.out_dir = (fs::temp_directory_path() / "kinetic_sweep_bgk").string();
  fs::remove_all(s.out_dir);
  const auto rows = run_regime_sweep(s);
  REQUIRE(rows.size() == 3);
  for (const auto& r : rows) {
    CHECK(r.method == "apnn_bgk");
    CHECK(r.steps == 3);
    auto fields = r.fields;  // one output time, three fields (in the result's field order)
    std::sort(fields.begin(), fields.end());
    CHECK(fields == std::vector<std::string>{"energy", "momentum", "rho"});
    for (double e : r.rel_l2) CHECK((std::isfinite(e) && e > 0));
  }
  CHECK(lines_of(fs::path(s.out_dir) / "sweep.csv").size() == 1 + 3 * 3);
  for (const std::string eps_dir : {"eps_1", "eps_0.01", "eps_0.001"})
    for (const std::string field : {"rho", "momentum", "energy"}) {
      INFO(eps_dir << "/" << field);
      CHECK(fs::file_size(fs::path(s.out_dir) / eps_dir / (field + ".png")) > 1000);
    }
  CHECK(fs::exists(fs::path(s.out_dir) / "error_vs_eps.png"));
}
