// APCON training end to end on a tiny dataset: the test error falls, an interrupted run resumes
// bit-identically, and a saved operator applied to the config reproduces the trained result (and is refused
// for another problem).
#include <torch/torch.h>

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>

#include <fstream>

#include "../../app/run_program.hpp"
#include "core/config.hpp"
#include "core/progress.hpp"
#include "coupling/operator_dataset_generation.hpp"
#include "neural/train.hpp"

using namespace kinetic;
namespace fs = std::filesystem;

namespace {

const char* kCase = R"yaml(
problem:
  equation: linear_transport
  eps: 1.0e-2
  time: {end: 0.05}
  space: [0, 1]
  random: {dim: 2}
  initial: {f: "1 - x/2 + 0.3*z1*x*(1-x) + eps*z2*v*x*(1-x)"}
  boundary: {type: inflow, left: "1", right: "0.5"}
  output_times: [0.05]
classical: {method: micro_macro, nx: 64, nv: 16}
dataset: {functions: 12, test: 4, seed: 2, grid: {nx: 16, nv: 16, nt: 6}}
neural:
  method: apcon_v2_con
  networks: {width: 8, branch_depth: 2, trunk_depth: 2}
  batch: {functions: 4, interior: 32, boundary: 8}
  quadrature: 4
  steps: 120
  optimizer: {lr: 1.0e-2, decay: 0.9, decay_every: 50}
  log_every: 20
  checkpoint_every: 20
  threads: 1
  eval_nx: 11
)yaml";

const fs::path& work_dir() {
  static const fs::path dir = [] {
    Progress::set_quiet(true);
    // One folder per process: ctest runs the test cases of this file in parallel processes.
    fs::path d = fs::temp_directory_path() / ("kinetic_apcon_training_" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    const ConfigNode root = ConfigNode::from_string(kCase, "apcon.yaml");
    const Problem problem = Problem::from_config(root.child("problem"));
    const auto o = coupling::parse_dataset_options(problem, root.child("dataset"));
    write_operator_dataset((d / "data.h5").string(),
                           coupling::generate_operator_dataset(problem, root.child("classical"), o, ""));
    return d;
  }();
  return dir;
}

ResultData train(const std::vector<std::string>& overrides, const std::string& run, bool resume = false) {
  ConfigNode root = ConfigNode::from_string(kCase, "apcon.yaml");
  root.apply_override("neural.dataset=" + (work_dir() / "data.h5").string());
  for (const auto& o : overrides) root.apply_override(o);
  const Problem problem = Problem::from_config(root.child("problem"));
  ResultWriter writer("", ResultData{});
  neural::TrainContext context;
  context.run_dir = (work_dir() / run).string();
  context.resume = resume;
  neural::train(problem, root.child("neural"), writer, context);
  return writer.data();
}

}  // namespace

TEST_CASE("APCON training lowers the test error of every loss", "[operator][training]") {
  for (const char* method : {"apcon_pi_con", "apcon_v1_con", "apcon_v2_con", "apcon_v2_don"}) {
    INFO(method);
    const ResultData r = train({std::string("neural.method=") + method}, std::string("fall_") + method);
    const auto& e = r.series.at("test_error");
    REQUIRE(e.size() == 7);  // untrained, then every 20 steps
    UNSCOPED_INFO("test errors " << e[0] << " ... " << e[3] << " ... " << e[6]);
    CHECK(e.back() < 0.5 * e.front());
    CHECK(r.number_attributes.at("operator_test_error") == e.back());
    CHECK(r.fields.at("rho").size() == 11);
  }
}

TEST_CASE("the diagnostic label term alone fits the labels", "[operator][training]") {
  // All physics weights 0: the operator learns from the training functions' labels only (what the branch can
  // represent). The test error must fall as it does with the physics, and the log gains a `labels` column.
  const ResultData r = train({"neural.weights={even: 0, odd: 0, conservation: 0, constraint: 0, bc: 0, ic_rho: 0, "
                              "ic_f: 0, labels: 1}"}, "labels_only");
  const auto& e = r.series.at("test_error");
  UNSCOPED_INFO("test errors " << e.front() << " ... " << e.back());
  CHECK(e.back() < 0.2 * e.front());
  std::ifstream log(work_dir() / "labels_only" / "train_log.csv");
  std::string header;
  std::getline(log, header);
  CHECK(header == "step,seconds,loss,even,odd,conservation,constraint,bc,ic_rho,ic_f,labels,test_error");
}

TEST_CASE("an interrupted APCON run resumes bit-identically", "[operator][training]") {
  const ResultData whole = train({"neural.steps=60"}, "whole");
  train({"neural.steps=40"}, "parts");
  const ResultData resumed = train({"neural.steps=60"}, "parts", /*resume=*/true);
  CHECK(resumed.fields.at("rho") == whole.fields.at("rho"));
  CHECK(resumed.series.at("test_error") == whole.series.at("test_error"));
}

TEST_CASE("a saved APCON operator applied to the config reproduces the trained result", "[operator][training]") {
  const ResultData trained = train({"neural.steps=20"}, "saved");
  const std::string saved = (work_dir() / "saved" / "operator.pt").string();
  const ResultData applied = train({"neural.load=" + saved}, "applied");
  CHECK(applied.fields.at("rho") == trained.fields.at("rho"));
  // The same through the command line: `kinetic apply CONFIG --operator FILE`.
  const std::string config = (work_dir() / "apply.yaml").string(), out = (work_dir() / "applied.h5").string();
  std::ofstream(config) << kCase;
  const ProgramRun run = run_kinetic("apply " + config + " --operator " + saved + " -q -o " + out);
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  const auto cli = read_result(out).fields.at("rho");
  REQUIRE(cli.size() == trained.fields.at("rho").size());
  for (std::size_t i = 0; i < cli.size(); ++i) CHECK(cli[i] == Approx(trained.fields.at("rho")[i]).epsilon(1e-6));
  CHECK_THROWS_WITH(train({"neural.load=" + saved, "problem.eps=1e-3"}, "other"), Catch::Contains("neural.load"));
  CHECK_THROWS_WITH(train({"neural.load=" + saved, "neural.method=apcon_v1_con"}, "other"),
                    Catch::Contains("apcon_v2_con operator"));
}
