// The MCMC collocation sampler (neural/training/mcmc_sampler.hpp): reflection keeps proposals in the box,
// and the chains sample the target density: for a fixed Gaussian-bump density on [0, 1]^2 the marginal
// histogram of many short chains started uniformly approaches its known CDF (Kolmogorov-Smirnov distance
// below the 1 % critical value of the sample size), while uniform points are far from it. Every network
// model's per-point interior residual (the chains' target) averages to its interior loss terms, and training
// with adapted points resumes bit-identically.
#include <torch/torch.h>
#undef CHECK
#include <catch2/catch.hpp>

#include <cmath>

#include <ATen/CPUGeneratorImpl.h>

#include <unistd.h>

#include <filesystem>

#include "core/progress.hpp"
#include "neural/method_registry.hpp"
#include "neural/training/mcmc_sampler.hpp"
#include "neural/training/model.hpp"
#include "neural/training/sampler.hpp"
#include "neural/training/trainer.hpp"
#include "../conformance_setup.hpp"

using namespace kinetic::neural;

namespace {
// CDF on [0, 1] of the density proportional to exp(-(x - m)^2 / (2 s^2)) truncated to [0, 1].
double truncated_normal_cdf(double x, double m, double s) {
  auto Phi = [&](double z) { return 0.5 * std::erfc(-(z - m) / (s * std::sqrt(2.0))); };
  return (Phi(x) - Phi(0.0)) / (Phi(1.0) - Phi(0.0));
}

double ks_distance(const torch::Tensor& samples, double m, double s) {
  auto sorted = std::get<0>(samples.to(torch::kFloat64).sort());
  const long n = sorted.numel();
  const double* p = sorted.data_ptr<double>();
  double d = 0;
  for (long i = 0; i < n; ++i) {
    const double F = truncated_normal_cdf(p[i], m, s);
    d = std::max({d, std::abs(F - static_cast<double>(i) / n), std::abs(F - static_cast<double>(i + 1) / n)});
  }
  return d;
}
}  // namespace

TEST_CASE("reflection maps any proposal into the box and leaves inner points alone", "[neural][mcmc]") {
  const auto lo = torch::tensor({0.0, -1.0}, torch::kFloat64), hi = torch::tensor({2.0, 1.0}, torch::kFloat64);
  auto y = torch::tensor({{1.0, 0.5}, {-0.5, 1.25}, {2.5, -3.5}, {7.3, 9.9}}, torch::kFloat64);
  auto r = reflect_into(y, lo, hi);
  CHECK(r[0][0].item<double>() == Approx(1.0));
  CHECK(r[0][1].item<double>() == Approx(0.5));
  CHECK(r[1][0].item<double>() == Approx(0.5));   // -0.5 mirrored at 0
  CHECK(r[1][1].item<double>() == Approx(0.75));  // 1.25 mirrored at 1
  CHECK(r[2][0].item<double>() == Approx(1.5));   // 2.5 mirrored at 2
  CHECK(r[2][1].item<double>() == Approx(0.5));   // -3.5: -1 - 2.5 -> -1 + 2.5 -> 1 - 0.5
  torch::manual_seed(1);
  auto far = torch::randn({10000, 2}, torch::kFloat64) * 50;
  auto inside = reflect_into(far, lo, hi);
  CHECK(inside.select(1, 0).min().item<double>() >= 0.0);
  CHECK(inside.select(1, 0).max().item<double>() <= 2.0);
  CHECK(inside.select(1, 1).min().item<double>() >= -1.0);
  CHECK(inside.select(1, 1).max().item<double>() <= 1.0);
}

TEST_CASE("Metropolis chains sample a known density on the box", "[neural][mcmc]") {
  const double m0 = 0.3, s0 = 0.1, m1 = 0.7, s1 = 0.15;  // a Gaussian bump, one width per coordinate
  auto density = [&](const torch::Tensor& p) {
    auto a = (p.select(1, 0) - m0) / s0, b = (p.select(1, 1) - m1) / s1;
    return torch::exp(-0.5 * (a * a + b * b));
  };
  const auto lo = torch::zeros({2}, torch::kFloat64), hi = torch::ones({2}, torch::kFloat64);
  const auto sigma = torch::full({2}, 0.1, torch::kFloat64);
  auto generator = at::make_generator<at::CPUGeneratorImpl>(7);
  const long n = 20000;
  const auto start = torch::rand({n, 2}, generator, torch::kFloat64);
  const auto result = metropolis(start, lo, hi, sigma, density, 60, generator);
  // Every state stays in the box.
  CHECK(result.points.min().item<double>() >= 0.0);
  CHECK(result.points.max().item<double>() <= 1.0);
  CHECK(result.acceptance > 0.2);
  CHECK(result.acceptance < 0.9);
  // KS distance of each marginal against its truncated normal: the 1 % critical value is 1.63/sqrt(n) =
  // 0.0115 for independent samples; the chains are independent of each other.
  const double critical = 1.63 / std::sqrt(static_cast<double>(n));
  const double d0 = ks_distance(result.points.select(1, 0), m0, s0), d1 = ks_distance(result.points.select(1, 1), m1, s1);
  INFO("KS distances " << d0 << ", " << d1 << " (critical " << critical << ")");
  CHECK(d0 < critical);
  CHECK(d1 < critical);
  // The uniform start is far from the target: the test can fail.
  CHECK(ks_distance(start.select(1, 0), m0, s0) > 10 * critical);
}

using kinetic::neural::testing::conformance_setup;

TEST_CASE("every network model's per-point interior residuals average to its interior loss terms",
          "[neural][mcmc]") {
  torch::set_num_threads(1);
  for (const auto& m : neural_methods()) {
    if (!m.network_model()) continue;
    INFO(m.name);
    auto s = conformance_setup(m, "  dtype: float64\n");
    torch::manual_seed(1);
    auto model = make_model(s.problem, s.options);
    PointSampler sampler("sobol", 5);
    model->resample(sampler, 1);
    const int count = model->interior_term_count();
    REQUIRE(count > 0);
    std::vector<double> weights;
    double expected = 0;
    const auto terms = model->loss_terms(Derivatives::Tangent);
    for (int k = 0; k < count; ++k) {
      weights.push_back(1.0 + k);  // distinct weights: each term must land with its own
      expected += weights.back() * terms[k].item<double>();
    }
    const auto per_point = model->point_residuals(weights, Derivatives::Tangent);
    CHECK(per_point.numel() == model->interior_points().first.numel());
    CHECK(per_point.min().item<double>() >= 0);
    CHECK(per_point.mean().item<double>() == Approx(expected).epsilon(1e-12));
  }
}

TEST_CASE("training with MCMC-adapted interior points resumes bit-identically", "[neural][mcmc]") {
  kinetic::Progress::set_quiet(true);
  torch::set_num_threads(1);
  const NeuralMethod& m = neural_method("apnn_v2");
  auto run = [&](long steps, const std::string& dir, bool resume) {
    auto s = conformance_setup(m, "  steps: " + std::to_string(steps) +
                                      "\n  checkpoint_every: 3\n  mcmc: {steps: 4, every: 4, uniform_fraction: 0.25}\n");
    torch::manual_seed(9);
    auto model = make_model(s.problem, s.options);
    Trainer trainer(model, s.problem, s.options, dir, {});
    trainer.run(resume);
    return model;
  };
  const auto base = std::filesystem::temp_directory_path() / ("kinetic_mcmc_" + std::to_string(::getpid()));
  const std::string straight = (base / "straight").string(), split = (base / "split").string();
  auto a = run(10, straight, false);
  run(6, split, false);  // the checkpoint at step 6 holds the points adapted at step 4
  torch::manual_seed(77);
  auto b = run(10, split, true);
  auto pa = a->named_parameters(), pb = b->named_parameters();
  for (const auto& p : pa) {
    INFO(p.key());
    CHECK(torch::equal(p.value(), pb[p.key()]));
  }
  // The adapted points stay in the domain.
  const auto [t, x] = a->interior_points();
  CHECK(t.min().item<double>() >= 0.0);
  CHECK(x.min().item<double>() >= 0.0);
  std::filesystem::remove_all(base);
}
