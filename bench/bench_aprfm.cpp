// Error and wall time of the random feature methods on the steady slab problems of issue 7 (the settings of
// examples/linear_transport/steady_*.yaml), next to the classical steady reference:
//   manufactured f = 1 - x (G = -v/eps): error against the exact solution;
//   inflow 1/0 and the multiscale sigma_s case: error against the classical steady reference (nx 8000).
// Errors: relative l2 of rho, trapezoid-weighted on the reference nodes (exact: on 201 uniform points).
// Usage: bench_aprfm [nv, default 16]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "classical/linear_transport/steady.hpp"
#include "core/analytic_references.hpp"
#include "core/config.hpp"
#include "core/problem.hpp"
#include "neural/random_features/aprfm.hpp"
#include "neural/random_features/aprfm_space_time.hpp"

using namespace kinetic;

namespace {

Problem make_problem(double eps, const std::string& sigma, const std::string& source, const std::string& left) {
  const std::string text = "problem:\n  equation: linear_transport\n  eps: " + yaml_number(eps) +
                           "\n  time: {end: 1}\n  space: [0, 1]\n  sigma_s: \"" + sigma + "\"\n  source: \"" + source +
                           "\"\n  initial: {f: \"0\"}\n  boundary: {type: inflow, left: \"" + left +
                           "\", right: \"0\"}\n";
  return Problem::from_config(ConfigNode::from_string(text, "bench").child("problem"));
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  const int nv = argc > 1 ? std::atoi(argv[1]) : 16;
  const std::string multiscale = "1e-2 + 0.5*(tanh(6.5 - 11*x) + tanh(11*x - 4.5))";
  struct Variant {
    const char* name;
    bool micro_macro, layers;
  };
  const Variant variants[] = {{"aprfm", true, true}, {"aprfm-nolayer", true, false}, {"rfm", false, false}};
  std::printf("%-13s %-7s %-14s %11s %8s %10s %10s\n", "case", "eps", "method", "rows x cols", "rho err", "wall [s]",
              "ref [s]");
  for (const std::string kase : {"manufactured", "inflow", "multiscale"}) {
    for (double eps : {1.0, 1e-2, 1e-4, 1e-8}) {
      if (kase == "multiscale" && eps != 1.0) continue;
      const Problem p = kase == "manufactured" ? make_problem(eps, "1", "-v/" + yaml_number(eps), "1")
                        : kase == "inflow"     ? make_problem(eps, "1", "0", "1")
                                               : make_problem(eps, multiscale, "0", "0.5");
      classical::SteadyTransportOptions co;
      co.nv = nv;
      co.nx = 8000;
      auto t0 = std::chrono::steady_clock::now();
      const auto ref = classical::solve_steady_transport(p, co);
      const double ref_time = seconds_since(t0);
      const auto w = ref.trapezoid_weights();
      for (const Variant& var : variants) {
        neural::AprfmOptions o;
        o.nv = nv;
        o.micro_macro = var.micro_macro;
        o.boundary_layers = var.layers;
        o.patches_x = kase == "manufactured" ? 2 : 4;
        t0 = std::chrono::steady_clock::now();
        const auto fit = neural::fit_steady_rfm(p, o);
        const double wall = seconds_since(t0);
        double e2 = 0, n2 = 0;
        for (std::size_t i = 0; i < ref.x.size(); ++i) {
          const double r = kase == "manufactured" ? 1 - ref.x[i] : ref.rho[i];
          e2 += w[i] * (fit.model.rho(ref.x[i]) - r) * (fit.model.rho(ref.x[i]) - r);
          n2 += w[i] * r * r;
        }
        std::printf("%-13s %-7g %-14s %5ld x %-5ld %8.1e %10.2f %10.2f\n", kase.c_str(), eps, var.name, fit.rows,
                    fit.columns, std::sqrt(e2 / n2), wall, ref_time);
      }
    }
  }
  // The stretch: space-time APRFM on the slides' inflow test (eps = 1e-8, t = 0.1) against the diffusion limit.
  const Problem st = Problem::from_config(
      ConfigNode::from_string("problem:\n  equation: linear_transport\n  eps: 1e-8\n  time: {end: 0.1}\n"
                              "  space: [0, 1]\n  initial: {f: \"0\"}\n"
                              "  boundary: {type: inflow, left: \"1\", right: \"0\"}\n",
                              "bench")
          .child("problem"));
  for (int features : {40, 60, 80}) {
    neural::AprfmOptions o;
    o.space_time = true;
    o.nv = 8;
    o.patches_x = o.patches_t = 2;
    o.features_rho = o.features_g = features;
    o.collocation = o.collocation_t = 20;
    o.patches_v = 1;
    const auto t0 = std::chrono::steady_clock::now();
    const auto fit = neural::fit_space_time_rfm(st, o);
    const double wall = seconds_since(t0);
    double e2 = 0, n2 = 0;
    for (int i = 0; i <= 100; ++i) {
      const double x = i / 100.0, exact = analytic::diffusion_dirichlet_series(0.1, x, 0, 1, 1, 0, 1.0 / 3);
      e2 += (fit.model.rho(0.1, x) - exact) * (fit.model.rho(0.1, x) - exact);
      n2 += exact * exact;
    }
    std::printf("%-13s %-7g %-14s %5ld x %-5ld %8.1e %10.2f %10s\n", "space-time", 1e-8, "aprfm-st", fit.rows,
                fit.columns, std::sqrt(e2 / n2), wall, "series");
  }
  return 0;
}
