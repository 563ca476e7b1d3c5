// Warm start: a classical result becomes supervision data, and a tiny network pre-trained on it starts the
// physics training from a lower error than a cold one with the same number of steps.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <map>

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

namespace {
const char* kBgkCase = R"yaml(
problem:
  equation: bgk
  eps: 1.0e-3
  time: {end: 0.1}
  space: [-0.5, 0.5]
  velocity: {range: [-8, 8], measure: integral}
  initial: {rho: "1 + 0.2*sin(pi*x)", u: "0", T: "1"}
  boundary: {type: dirichlet, left: {rho: "0.8", u: "0", T: "1"}, right: {rho: "1.2", u: "0", T: "1"}}
  output_times: [0.05]
neural:
  method: apnn_bgk
  networks: {width: 12, depth: 2}
  batch: {interior: 32, initial: 16}
  quadrature: 12
  transforms: {macro: free}
  threads: 1
  seed: 5
  steps: 300
  optimizer: {lr: 1.0e-2, schedule: constant}
  eval_nx: 41
  log_every: 1000
  checkpoint_every: 0
)yaml";

// Synthetic BGK fields (smooth, every one varying in t and x).
double rho_of(double t, double x) { return 1 + 0.2 * std::sin(M_PI * x) * std::cos(3 * t); }
double u_of(double t, double x) { return 0.3 * std::cos(M_PI * x) * (1 + t); }
double T_of(double t, double x) { return 1 + 0.1 * x * x + t; }

// Relative l2 misfit of each field of a BGK training run against the synthetic fields at the last time.
std::map<std::string, double> bgk_misfits(const std::vector<std::string>& overrides) {
  ConfigNode root = ConfigNode::from_string(kBgkCase, "bgk_warm.yaml");
  for (const auto& o : overrides) root.apply_override(o);
  const Problem problem = Problem::from_config(root.child("problem"));
  ResultWriter writer("", ResultData{});
  neural::train(problem, root.child("neural"), writer, neural::TrainContext{});
  const auto& d = writer.data();
  const double t = d.t.back();
  std::map<std::string, std::vector<double>> exact;
  for (double x : d.x) {
    const double r = rho_of(t, x), u = u_of(t, x), T = T_of(t, x);
    exact["rho"].push_back(r), exact["momentum"].push_back(r * u), exact["energy"].push_back(0.5 * r * (u * u + T));
  }
  std::map<std::string, double> out;
  for (const auto& [name, values] : exact) out[name] = validation::error_norms(d.field_at(name, d.nt() - 1), values).rel_l2;
  return out;
}
}  // namespace

TEST_CASE("BGK warm start fits the supervised fields: momentum and energy too when asked", "[coupling][warm-start]") {
  Progress::set_quiet(true);
  const fs::path dir = fs::temp_directory_path() / "kinetic_warm_start_bgk";
  fs::remove_all(dir);
  fs::create_directories(dir);
  ResultData reference;
  for (int i = 0; i <= 50; ++i) reference.x.push_back(-0.5 + i / 50.0);
  for (double t : {0.0, 0.025, 0.05, 0.075, 0.1}) {
    std::map<std::string, std::vector<double>> fields;
    for (double x : reference.x) {
      const double r = rho_of(t, x), u = u_of(t, x), T = T_of(t, x);
      fields["rho"].push_back(r), fields["momentum"].push_back(r * u), fields["energy"].push_back(0.5 * r * (u * u + T));
    }
    reference.add_snapshot(t, fields);
  }
  coupling::SupervisionSampling sampling;
  sampling.mode = "random";
  sampling.points_per_time = 200;
  const std::string data = (dir / "supervision.h5").string();
  write_supervision(data, coupling::make_supervision(reference, sampling, "synthetic BGK fields"));
  const std::string sup = "neural.supervision={file: " + data + ", pretrain_steps: 300, weight: 0, batch: 256";

  // Every step is a pre-training step: the result is the fit to the data alone.
  const auto rho_only = bgk_misfits({sup + "}"});
  const auto all = bgk_misfits({sup + ", fields: [rho, momentum, energy]}"});
  INFO("rho only: rho " << rho_only.at("rho") << " momentum " << rho_only.at("momentum") << " energy "
                        << rho_only.at("energy") << "; all three: rho " << all.at("rho") << " momentum "
                        << all.at("momentum") << " energy " << all.at("energy"));
  CHECK(rho_only.at("rho") < 0.02);
  CHECK(rho_only.at("momentum") > 0.3);  // u is never fitted
  CHECK(all.at("rho") < 0.04);
  CHECK(all.at("momentum") < 0.1);
  CHECK(all.at("energy") < 0.03);

  SECTION("fields the data or the model lack are input errors naming the key") {
    CHECK_THROWS_WITH(bgk_misfits({sup + ", fields: [rho, flux]}"}),
                      Catch::Contains("neural.supervision.fields") && Catch::Contains("'flux'"));
    ResultData rho_data;
    rho_data.x = reference.x;
    for (std::size_t n = 0; n < reference.nt(); ++n) rho_data.add_snapshot(reference.t[n], {{"rho", reference.field_at("rho", n)}});
    const std::string rho_file = (dir / "rho_only.h5").string();
    write_supervision(rho_file, coupling::make_supervision(rho_data, sampling, "rho only"));
    CHECK_THROWS_WITH(bgk_misfits({"neural.supervision={file: " + rho_file + ", fields: [rho, momentum]}"}),
                      Catch::Contains("holds no 'momentum' values"));
    CHECK_THROWS_WITH(bgk_misfits({sup + ", fields: []}"}), Catch::Contains("non-empty list"));
  }
  fs::remove_all(dir);
}
