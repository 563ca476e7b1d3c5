// neural.wall_bias: the interior points of every network model on a problem with walls cluster near both walls
// with the law of the mirrored power map, and the key is refused where it cannot act.
#include <torch/torch.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "core/config.hpp"
#include "neural/training/model.hpp"
#include "neural/training/network_training.hpp"
#include "neural/training/sampler.hpp"
#include "../conformance_setup.hpp"

using namespace kinetic;
using namespace kinetic::neural;
using kinetic::neural::testing::conformance_setup;
using kinetic::neural::testing::network_models;

namespace {
// Fraction of the interior points within delta (a fraction of the length) of either wall.
double near_wall_fraction(Model& model, const Problem& problem, double delta) {
  const auto x = model.interior_points().second.to(torch::kFloat64).reshape(-1);
  const double left = problem.x_left, right = left + problem.length();
  const auto distance = torch::minimum(x - left, right - x) / problem.length();
  CHECK(x.min().item<double>() >= left);
  CHECK(x.max().item<double>() <= right);
  return (distance < delta).to(torch::kFloat64).mean().item<double>();
}
}  // namespace

TEST_CASE("wall_bias clusters every model's interior points near both walls by the power law", "[neural]") {
  torch::set_num_threads(1);
  int checked = 0;
  for (const auto& m : network_models()) {
    auto plain = conformance_setup(m, "");
    if (plain.problem.periodic()) continue;
    INFO(m.name);
    for (const double bias : {1.0, 3.0}) {
      auto s = conformance_setup(m, "  wall_bias: " + std::to_string(bias) + "\n");
      torch::manual_seed(1);
      auto model = make_model(s.problem, s.options);
      PointSampler sampler("sobol", 3);
      model->resample(sampler, 8);
      // u uniform, x = L/2 (2u)^b near the left wall: P(x < delta L) = (2 delta)^(1/b), the same at the right.
      const double delta = 0.02, expected = std::pow(2 * delta, 1 / bias);
      CHECK(near_wall_fraction(*model, s.problem, delta) == Approx(expected).margin(0.03));
    }
    ++checked;
  }
  CHECK(checked >= 5);  // the linear-transport, BGK and GRTE models with walls
}

TEST_CASE("wall_bias below 1, on a periodic problem or with mcmc is refused naming the key", "[neural]") {
  const std::string problem =
      "problem:\n  equation: linear_transport\n  eps: 1.0\n  time: {end: 0.1}\n  space: [0, 1]\n"
      "  velocity: {range: [-1, 1], measure: average}\n  initial: {f: \"1\"}\n";
  const std::string walls = "  boundary: {type: inflow, left: \"1\", right: \"0\"}\n";
  const std::string periodic = "  boundary: {type: periodic}\n";
  auto check = [&](const std::string& boundary, const std::string& neural) {
    const auto config = ConfigNode::from_string(problem + boundary + "neural:\n  method: apnn_v1\n" + neural, "t");
    const Problem p = Problem::from_config(config.child("problem"));
    check_network_model(p, config.child("neural"));
  };
  CHECK_NOTHROW(check(walls, "  wall_bias: 2\n"));
  CHECK_THROWS_WITH(check(walls, "  wall_bias: 0.5\n"), Catch::Contains("neural.wall_bias") && Catch::Contains(">= 1"));
  CHECK_THROWS_WITH(check(periodic, "  wall_bias: 2\n"),
                    Catch::Contains("neural.wall_bias") && Catch::Contains("periodic"));
  CHECK_THROWS_WITH(check(walls, "  wall_bias: 2\n  mcmc: {steps: 2}\n"),
                    Catch::Contains("neural.wall_bias") && Catch::Contains("mcmc"));
}
