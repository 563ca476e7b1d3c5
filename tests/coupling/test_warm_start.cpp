// Warm start: a classical result becomes supervision data, and a tiny network pre-trained on it starts the
// physics training from a lower error than a cold one with the same number of steps.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

#include "core/analytic_references.hpp"
#include "core/config.hpp"
#include "core/progress.hpp"
#include "coupling/supervision_data.hpp"
#include "neural/train.hpp"
#include "validation/error_metrics.hpp"

using namespace kinetic;
namespace fs = std::filesystem;

namespace {
const char* kCase = R"yaml(
problem:
  equation: linear_transport
  eps: 1.0e-8
  time: {end: 0.1}
  space: [0, 1]
  initial: {f: "0"}
  boundary: {type: inflow, left: "1", right: "0"}
  output_times: [0.05]
neural:
  method: apnn_v1
  networks: {width: 16, depth: 2}
  batch: {interior: 64, boundary: 16, initial: 32}
  quadrature: 8
  transforms: {rho: t_exp}
  threads: 1
  seed: 3
  steps: 150
  optimizer: {lr: 1.0e-2, schedule: constant}
  eval_nx: 41
  log_every: 1000
  checkpoint_every: 0
)yaml";

double rho_exact(double t, double x) { return analytic::diffusion_dirichlet_series(t, x, 0, 1, 1, 0, 1.0 / 3.0); }

// Relative l2 error of rho at the final time of a training run with the given overrides.
double train_error(const std::vector<std::string>& overrides, const std::string& run_dir) {
  ConfigNode root = ConfigNode::from_string(kCase, "warm.yaml");
  for (const auto& o : overrides) root.apply_override(o);
  const Problem problem = Problem::from_config(root.child("problem"));
  ResultWriter writer("", ResultData{});
  neural::TrainContext context;
  context.run_dir = run_dir;
  neural::train(problem, root.child("neural"), writer, context);
  const auto& d = writer.data();
  std::vector<double> ref;
  for (double x : d.x) ref.push_back(rho_exact(d.t.back(), x));
  return validation::error_norms(d.field_at("rho", d.nt() - 1), ref).rel_l2;
}
}  // namespace

TEST_CASE("a warm-started tiny model starts from a lower error than a cold one", "[coupling][warm-start]") {
  Progress::set_quiet(true);
  const fs::path dir = fs::temp_directory_path() / "kinetic_warm_start";
  fs::remove_all(dir);
  fs::create_directories(dir);
  // "Classical" result: the diffusion limit on 101 points at 5 times (what `kinetic solve` would write).
  ResultData reference;
  for (int i = 0; i <= 100; ++i) reference.x.push_back(i / 100.0);
  for (double t : {0.02, 0.04, 0.06, 0.08, 0.1}) {
    std::vector<double> rho;
    for (double x : reference.x) rho.push_back(rho_exact(t, x));
    reference.add_snapshot(t, {{"rho", rho}});
  }
  coupling::SupervisionSampling sampling;
  sampling.mode = "random";
  sampling.points_per_time = 200;
  const std::string data = (dir / "supervision.h5").string();
  write_supervision(data, coupling::make_supervision(reference, sampling, "diffusion series"));

  const double cold = train_error({}, (dir / "cold").string());
  // Same step budget, all of it spent on the data: the pre-training phase of a warm start.
  const double warm = train_error({"neural.supervision={file: " + data + ", pretrain_steps: 150, weight: 0}"},
                                  (dir / "warm").string());
  INFO("cold " << cold << ", warm " << warm);
  CHECK(warm < 0.5 * cold);
  CHECK(warm < 0.1);
  fs::remove_all(dir);
}
