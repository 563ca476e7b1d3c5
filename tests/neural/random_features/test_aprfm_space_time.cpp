// The space-time APRFM (mode: space_time, the stretch of issue 7): an eps-uniform manufactured solution and
// the diffusion limit of the inflow problem at t = 0.1, run through the train_aprfm entry.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/analytic_references.hpp"
#include "core/config.hpp"
#include "core/problem.hpp"
#include "core/result_file.hpp"
#include "neural/random_features/aprfm.hpp"
#include "neural/random_features/aprfm_space_time.hpp"

using namespace kinetic;

namespace {

// f = exp(-t) (1 - x + eps v) solves eps f_t + v f_x = (<f> - f)/eps + eps G with G = -f, for every eps.
ConfigNode manufactured(double eps) {
  const std::string e = yaml_number(eps);
  return ConfigNode::from_string(
      "problem:\n  equation: linear_transport\n  eps: " + e +
          "\n  time: {end: 1}\n  space: [0, 1]\n  source: \"-exp(-t)*(1 - x + " + e +
          "*v)\"\n"
          "  initial: {f: \"1 - x + " +
          e + "*v\"}\n  boundary: {type: inflow, left: \"exp(-t)*(1 + " + e + "*v)\", right: \"exp(-t)*" + e +
          "*v\"}\n  output_times: [0.5]\n"
          "neural: {method: aprfm, mode: space_time, nv: 8, patches_x: 1, patches_t: 1, features: 80,\n"
          "         collocation: 25, collocation_t: 25, eval_nx: 51}\n",
      "test");
}

}  // namespace

TEST_CASE("space-time aprfm reproduces f = exp(-t)(1 - x + eps v) for eps = 1 and 1e-8", "[aprfm]") {
  for (double eps : {1.0, 1e-8}) {
    const ConfigNode cfg = manufactured(eps);
    const Problem p = Problem::from_config(cfg.child("problem"));
    ResultData header;
    header.equation = to_string(p.equation);
    header.eps = eps;
    ResultWriter writer("", header);
    neural::train_aprfm(p, cfg.child("neural"), writer, {});
    const ResultData& d = writer.data();
    REQUIRE(d.nt() == 2);
    double num2 = 0, den2 = 0;
    for (std::size_t it = 0; it < d.nt(); ++it) {
      const auto rho = d.field_at("rho", it);
      for (std::size_t i = 0; i < d.nx(); ++i) {
        const double exact = std::exp(-d.t[it]) * (1 - d.x[i]);
        num2 += (rho[i] - exact) * (rho[i] - exact);
        den2 += exact * exact;
      }
    }
    const double err = std::sqrt(num2 / den2);
    std::printf("space-time aprfm manufactured eps=%-6g rho rel l2 %.2e (%.2f s)\n", eps, err,
                d.number_attributes.at("wall_time_s"));
    CAPTURE(eps, err);
    CHECK(err < 2e-5);
  }
}

TEST_CASE("space-time aprfm has the diffusion limit of the inflow problem at eps = 1e-8", "[aprfm]") {
  // Limit values at t = 0.1 (reference facts): rho(0.25) = 0.332922, rho(0.5) = 0.052808. The corner
  // (t, x) = (0, 0) where inflow 1 meets f0 = 0 is singular: smooth space-time features get ~1 % there.
  const ConfigNode cfg = ConfigNode::from_string(
      "problem:\n  equation: linear_transport\n  eps: 1e-8\n  time: {end: 0.1}\n  space: [0, 1]\n"
      "  initial: {f: \"0\"}\n  boundary: {type: inflow, left: \"1\", right: \"0\"}\n"
      "neural: {method: aprfm, mode: space_time, nv: 8, patches_x: 2, patches_t: 2, features: 60,\n"
      "         collocation: 20, collocation_t: 20, patches_v: 1}\n",
      "test");
  const Problem p = Problem::from_config(cfg.child("problem"));
  const auto fit = neural::fit_space_time_rfm(p, neural::parse_aprfm_options(cfg.child("neural")));
  const double r25 = fit.model.rho(0.1, 0.25), r50 = fit.model.rho(0.1, 0.5);
  std::printf("space-time aprfm inflow eps=1e-8 t=0.1: rho(0.25) %.6f (0.332922), rho(0.5) %.6f (0.052808), %.2f s\n",
              r25, r50, fit.seconds);
  CHECK(std::abs(r25 - 0.332922) < 1e-2);
  CHECK(std::abs(r50 - 0.052808) < 1e-2);
  double num2 = 0, den2 = 0;  // relative l2 over x at t = 0.1 against the limit series
  for (int i = 0; i <= 100; ++i) {
    const double x = i / 100.0, exact = analytic::diffusion_dirichlet_series(0.1, x, 0, 1, 1, 0, 1.0 / 3);
    num2 += (fit.model.rho(0.1, x) - exact) * (fit.model.rho(0.1, x) - exact);
    den2 += exact * exact;
  }
  std::printf("space-time aprfm inflow eps=1e-8 t=0.1: rel l2 vs the diffusion limit %.2e\n", std::sqrt(num2 / den2));
  CHECK(std::sqrt(num2 / den2) < 3e-2);
}
