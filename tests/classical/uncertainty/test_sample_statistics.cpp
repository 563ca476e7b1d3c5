// Classical statistics over random inputs: the visible-uncertainty case against its closed form (each sample
// is the diffusion series with D = 1/(3 sigma(z))), the worker processes and their resume, refused keys.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "../../app/run_program.hpp"
#include "classical/solve.hpp"
#include "core/analytic_references.hpp"
#include "core/config.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "core/quadrature.hpp"
#include "core/result_file.hpp"

using namespace kinetic;

namespace {

// sigma_s = 1 + 0.5 z1, z1 ~ U[-1, 1], eps = 1e-8: rho(t, x; z) is the diffusion series with D = 1/(3 sigma).
const char* kVisible = R"yaml(
problem:
  equation: linear_transport
  eps: 1.0e-8
  time: {end: 0.1}
  space: [0, 1]
  random: {dim: 1, distribution: uniform, range: [-1, 1]}
  sigma_s: 1 + 0.5*z1
  initial: {f: "0"}
  boundary: {type: inflow, left: "1", right: "0"}
  output_times: [0.05, 0.1]
classical: {method: diffusion_limit, nx: 400, nv: 16, statistics: {rule: tensor, level: 8}}
)yaml";

double relative_l2(const std::vector<double>& a, const std::vector<double>& b) {
  double num = 0.0, den = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) num += (a[i] - b[i]) * (a[i] - b[i]), den += b[i] * b[i];
  return std::sqrt(num / den);
}

}  // namespace

TEST_CASE("classical statistics of the visible-uncertainty case match the closed-form mean and deviation",
          "[statistics]") {
  Progress::set_quiet(true);
  const ConfigNode root = ConfigNode::from_string(kVisible, "visible.yaml");
  const Problem problem = Problem::from_config(root.child("problem"));
  classical::check(problem, root.child("classical"));
  ResultWriter writer("", ResultData{});
  classical::solve(problem, root.child("classical"), writer);
  const ResultData& r = writer.data();
  REQUIRE(r.fields.count("rho_mean"));
  REQUIRE(r.fields.count("rho_std"));
  CHECK(r.number_attributes.at("statistics_samples") == 8);
  CHECK(r.text_attributes.at("statistics_rule") == "tensor");
  // The closed form: the series averaged over z by a 64-point Gauss rule (converged to round-off).
  const Quadrature gz = gauss_legendre(64, -1.0, 1.0);
  for (std::size_t it = 0; it < r.nt(); ++it) {
    std::vector<double> mean(r.nx(), 0.0), var(r.nx(), 0.0);
    for (int q = 0; q < gz.size(); ++q)
      for (std::size_t i = 0; i < r.nx(); ++i)
        mean[i] += 0.5 * gz.weights[q] *
                   analytic::diffusion_dirichlet_series(r.t[it], r.x[i], 0, 1, 1, 0, 1.0 / (3.0 * (1 + 0.5 * gz.nodes[q])));
    for (int q = 0; q < gz.size(); ++q)
      for (std::size_t i = 0; i < r.nx(); ++i) {
        const double d = analytic::diffusion_dirichlet_series(r.t[it], r.x[i], 0, 1, 1, 0,
                                                              1.0 / (3.0 * (1 + 0.5 * gz.nodes[q]))) - mean[i];
        var[i] += 0.5 * gz.weights[q] * d * d;
      }
    std::vector<double> sd(r.nx());
    for (std::size_t i = 0; i < r.nx(); ++i) sd[i] = std::sqrt(var[i]);
    const double e_mean = relative_l2(r.field_at("rho_mean", it), mean);
    const double e_std = relative_l2(r.field_at("rho_std", it), sd);
    INFO("t = " << r.t[it] << ": mean " << e_mean << ", std " << e_std);
    // Measured 8.2e-5 / 2.3e-4 at t = 0.05 (the 400-cell diffusion solver's error, not the rule's).
    CHECK(e_mean < 3e-4);
    CHECK(e_std < 1e-3);
  }
  // A coarser rule is visibly worse for the deviation: the rule, not the solver, limits it at 2 nodes.
  const ConfigNode coarse = root.child("classical").copy_with("statistics", {{"statistics", "{rule: tensor, level: 2}"}});
  ResultWriter w2("", ResultData{});
  classical::solve(problem, coarse, w2);
  CHECK(relative_l2(w2.data().field_at("rho_std", 1), r.field_at("rho_std", 1)) > 1e-3);
}

TEST_CASE("statistics run in worker processes, keep each finished sample, and resume the missing ones",
          "[statistics]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "kinetic_statistics_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string config = (dir / "visible.yaml").string();
  std::ofstream(config) << kVisible;
  const std::string out = (dir / "stats.h5").string();
  const std::string args =
      "solve " + config + " -o " + out + " -q --set classical.statistics.workers=2 --set classical.statistics.keep_samples=true";
  const ProgramRun first = run_kinetic(args);
  INFO(first.output);
  REQUIRE(first.exit_code == 0);
  int files = 0;
  for (const auto& e : fs::directory_iterator(out + ".samples")) files += e.path().extension() == ".h5";
  CHECK(files == 8);
  const ResultData a = read_result(out);
  // Lose two samples (an interrupted run): the rerun computes those and gives the same statistics.
  fs::remove(out + ".samples/sample_000002.h5");
  fs::remove(out + ".samples/sample_000005.h5");
  const ProgramRun second = run_kinetic(args);
  INFO(second.output);
  REQUIRE(second.exit_code == 0);
  CHECK_THAT(second.output, Catch::Contains("6 of 8 found"));
  const ResultData b = read_result(out);
  CHECK(b.fields.at("rho_mean") == a.fields.at("rho_mean"));
  CHECK(b.fields.at("rho_std") == a.fields.at("rho_std"));
  // Samples of another config in the folder are not taken for this one's: a changed cross section recomputes all.
  const ProgramRun changed = run_kinetic(args + " --set 'problem.sigma_s=1+0.25*z1'");
  REQUIRE(changed.exit_code == 0);
  CHECK_THAT(changed.output, !Catch::Contains("samples found"));
  CHECK(read_result(out).fields.at("rho_std") != a.fields.at("rho_std"));
  // Without keep_samples the folder goes once the statistics are written.
  REQUIRE(run_kinetic("solve " + config + " -o " + out + " -q").exit_code == 0);
  CHECK_FALSE(fs::exists(out + ".samples"));
  // A failing sample names itself and the run fails (a negative cross section at z1 < -0.5).
  const ProgramRun bad = run_kinetic("solve " + config + " -o " + (dir / "bad.h5").string() +
                                     " -q --set problem.sigma_s=1+2*z1");
  CHECK(bad.exit_code != 0);
  CHECK_THAT(bad.output, Catch::Contains("sigma_s"));
  fs::remove_all(dir);
}

TEST_CASE("statistics keys are refused on deterministic problems and when bad", "[statistics]") {
  const ConfigNode root = ConfigNode::from_string(kVisible, "visible.yaml");
  auto message = [&](const std::vector<std::string>& overrides) {
    try {
      ConfigNode r = ConfigNode::from_string(kVisible, "visible.yaml");
      for (const auto& o : overrides) r.apply_override(o);
      classical::check(Problem::from_config(r.child("problem")), r.child("classical"));
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(message({}).empty());
  // Without problem.random the key has nothing to do.
  ConfigNode plain = ConfigNode::from_string(kVisible, "visible.yaml");
  plain.yaml()["problem"].remove("random");
  plain.apply_override("problem.sigma_s=1");
  std::string m;
  try {
    classical::check(Problem::from_config(plain.child("problem")), plain.child("classical"));
  } catch (const InputError& e) {
    m = e.what();
  }
  CHECK_THAT(m, Catch::Contains("visible.yaml: classical.statistics") && Catch::Contains("problem.random"));
  CHECK_THAT(message({"classical.statistics.workers=0"}), Catch::Contains("classical.statistics.workers"));
  CHECK_THAT(message({"classical.statistics.rule=sparse"}), Catch::Contains("classical.statistics.rule"));
  CHECK_THAT(message({"classical.statistics.level=100000000"}), Catch::Contains("classical.statistics.level"));
  // The method's own keys are still checked at a sample.
  CHECK_THAT(message({"classical.nx=-3"}), Catch::Contains("classical.nx"));
}
