// Training on growing time windows (neural.windows, the RT-APNN slides' pre-training): the second window is
// handed supervision points inside the first window's interval whose values are the first window's networks
// (its supervised term starts at 0 with continued networks, above 0 with fresh ones); a run stopped inside
// the second window resumes bit-identically; bad window keys are refused naming the key.
#include <torch/torch.h>
#undef CHECK
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/progress.hpp"
#include "neural/method_registry.hpp"
#include "neural/training/model.hpp"
#include "neural/training/network_training.hpp"
#include "neural/training/trainer.hpp"

using namespace kinetic;
using namespace kinetic::neural;
namespace fs = std::filesystem;

namespace {
struct Setup {
  Problem problem;
  NeuralOptions options;
};

// APNN v2's conformance setup with `neural.windows: windows` and extra neural lines.
ConfigNode windows_config(const std::string& windows, const std::string& extra = "") {
  const NeuralMethod& m = neural_method("apnn_v2");
  return ConfigNode::from_string(m.conformance.problem + "neural:\n  method: apnn_v2\n" + m.conformance.neural +
                                     "  windows: " + windows + "\n" + extra,
                                 "windows test");
}

Setup windows_setup(const std::string& windows, const std::string& extra = "") {
  const auto config = windows_config(windows, "  log_every: 1\n  dtype: float64\n" + extra);
  Problem problem = Problem::from_config(config.child("problem"));
  return {problem, parse_options(config.child("neural"), problem.equation)};
}

// Rows of train_log.csv as maps column -> value.
std::vector<std::map<std::string, double>> read_log(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> names;
  std::stringstream header(line);
  for (std::string n; std::getline(header, n, ',');) names.push_back(n);
  std::vector<std::map<std::string, double>> rows;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::map<std::string, double> row;
    std::string v;
    for (std::size_t i = 0; i < names.size() && std::getline(ss, v, ','); ++i) row[names[i]] = std::stod(v);
    rows.push_back(row);
  }
  return rows;
}
}  // namespace

TEST_CASE("a second time window is handed the first window's fields on points of the first interval",
          "[neural][windows]") {
  Progress::set_quiet(true);
  torch::set_num_threads(1);
  for (const std::string networks : {"continue", "fresh"}) {
    INFO(networks);
    auto s = windows_setup("{ends: [0.04, 0.1], points: 30, placement: grid, networks: " + networks + "}",
                           "  steps: 3\n");
    torch::manual_seed(3);
    auto model = make_model(s.problem, s.options);
    const auto dir = fs::temp_directory_path() / ("kinetic_windows_" + networks + std::to_string(::getpid()));
    Trainer trainer(model, s.problem, s.options, dir.string(), {});
    trainer.run(false);
    CHECK(trainer.window() == 1);
    const auto [t, x] = trainer.window_points();
    REQUIRE(t.defined());
    CHECK(t.numel() >= 30);
    CHECK(t.min().item<double>() > 0.0);
    CHECK(t.max().item<double>() <= 0.04 + 1e-15);
    CHECK(x.min().item<double>() >= s.problem.x_left);
    CHECK(x.max().item<double>() <= s.problem.x_right);
    // The first step of window 2 logs the supervised term before it moves the networks: with the networks
    // continued it is the misfit of the first window's networks against their own values.
    const auto rows = read_log((dir / "train_log.csv").string());
    double first_supervised = -1, window1_supervised = -1;
    for (const auto& row : rows) {
      if (row.at("window") == 1) window1_supervised = row.at("supervised");
      if (row.at("window") == 2 && row.at("step") == 1 && first_supervised < 0) first_supervised = row.at("supervised");
    }
    CHECK(window1_supervised == 0.0);  // no data in the first window
    if (networks == "continue") {
      CHECK(first_supervised <= 1e-28);
    } else {
      CHECK(first_supervised > 1e-4);
    }
    fs::remove_all(dir);
  }
}

TEST_CASE("a run stopped inside the second time window resumes bit-identically", "[neural][windows]") {
  Progress::set_quiet(true);
  torch::set_num_threads(1);
  auto run = [&](const std::string& dir, bool resume, long budget) {
    auto s = windows_setup("{ends: [0.05, 0.1], points: 20}", "  steps: 5\n  checkpoint_every: 2\n");
    torch::manual_seed(9);
    auto model = make_model(s.problem, s.options);
    Trainer trainer(model, s.problem, s.options, dir, {});
    if (budget >= 0) trainer.set_step_budget(budget);
    trainer.run(resume);
    return model;
  };
  const auto base = fs::temp_directory_path() / ("kinetic_windows_resume_" + std::to_string(::getpid()));
  const std::string straight = (base / "straight").string(), split = (base / "split").string();
  auto a = run(straight, false, -1);
  run(split, false, 7);  // window 1 (5 steps) and 2 steps of window 2
  torch::manual_seed(77);
  auto b = run(split, true, -1);
  auto pa = a->named_parameters(), pb = b->named_parameters();
  for (const auto& p : pa) {
    INFO(p.key());
    CHECK(torch::equal(p.value(), pb[p.key()]));
  }
  fs::remove_all(base);
}

TEST_CASE("bad window keys are refused naming the key", "[neural][windows]") {
  CHECK_THROWS_WITH(windows_setup("{ends: [0.05, 0.03, 0.1]}"), Catch::Contains("neural.windows.ends"));
  CHECK_THROWS_WITH(windows_setup("{ends: [0.05, 0.1], placement: sobol}"), Catch::Contains("neural.windows.placement"));
  CHECK_THROWS_WITH(windows_setup("{ends: [0.05, 0.1], networks: reuse}"), Catch::Contains("neural.windows.networks"));
  CHECK_THROWS_WITH(windows_setup("{ends: [0.05, 0.1], points: 0}"), Catch::Contains("neural.windows.points"));
  CHECK_THROWS_WITH(windows_setup("{ends: [0.05, 0.1], weight: -1}"), Catch::Contains("neural.windows.weight"));
  CHECK_THROWS_WITH(windows_setup("{ends: [0.05, 0.1], lr: 0}"), Catch::Contains("neural.windows.lr"));
}

// The last window may end after the problem's time.end (the trained field is least accurate at the end of its
// interval; README, RT-APNN): collocation then reaches past t_end, and a last window ending before it is refused.
TEST_CASE("the last time window may reach past the problem's end, not stop before it", "[neural][windows]") {
  Progress::set_quiet(true);
  torch::set_num_threads(1);
  auto s = windows_setup("{ends: [0.05, 0.15], points: 20}", "  steps: 2\n");
  REQUIRE(s.problem.t_end == Approx(0.1));
  torch::manual_seed(5);
  auto model = make_model(s.problem, s.options);
  const auto dir = fs::temp_directory_path() / ("kinetic_windows_past_end_" + std::to_string(::getpid()));
  Trainer trainer(model, s.problem, s.options, dir.string(), {});
  trainer.run(false);
  CHECK(trainer.window() == 1);
  CHECK(model->horizon() == 0.15);
  const auto t = model->interior_points().first;
  CHECK(t.max().item<double>() > s.problem.t_end);
  CHECK(t.max().item<double>() <= 0.15);
  fs::remove_all(dir);

  const auto past = windows_config("{ends: [0.05, 0.15]}"), before = windows_config("{ends: [0.05, 0.08]}");
  CHECK_NOTHROW(check_network_model(s.problem, past.child("neural")));
  CHECK_THROWS_WITH(check_network_model(s.problem, before.child("neural")),
                    Catch::Contains("neural.windows.ends") && Catch::Contains("at or after"));
}
