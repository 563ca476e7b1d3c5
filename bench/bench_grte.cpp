// Throughput of the gray radiative transfer AP scheme (classical/gray_radiative_transfer/micro_macro.hpp):
// cell-ordinate updates per second for several grids and regimes, on the smooth periodic problem (constant
// opacity) and the Marshak wave (sigma = 30/T^3: one opacity formula per node and cell per step). A step is
// the micro kernel (cells x ordinates) plus the per-node Newton exchange and the formula tabulations (host),
// so small ordinate counts are dominated by the per-node work.
// Usage: bench_grte [updates per case, default 5e7]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "classical/gray_radiative_transfer/micro_macro.hpp"
#include "core/config.hpp"
#include "core/problem.hpp"

namespace {

const char* kSmooth =
    "problem:\n  equation: gray_radiative_transfer\n  eps: EPS\n  time: {end: 1}\n  space: [0, 2]\n"
    "  opacity: 10\n  heat_capacity: 0.1\n  initial: {T: \"0.75 + 0.25*sin(pi*x)\"}\n  boundary: {type: periodic}\n";
const char* kMarshak =
    "problem:\n  equation: gray_radiative_transfer\n  eps: 1\n  time: {end: 1}\n  space: [0, 0.5]\n"
    "  a: 0.01372\n  c: 29.9792458\n  opacity: \"30/T^3\"\n  heat_capacity: 0.3\n  initial: {T: \"0.01\"}\n"
    "  boundary: {left: {type: inflow, T: \"1\"}, right: {type: zero_gradient}}\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace kinetic;
  const double updates = argc > 1 ? std::atof(argv[1]) : 5e7;
  std::printf("%-22s %7s %4s %10s %14s\n", "case", "nx", "nv", "steps", "updates/s");
  struct Case {
    std::string name, yaml;
    int nx, nv;
  };
  std::string smooth_kinetic = kSmooth, smooth_diffusive = kSmooth;
  smooth_kinetic.replace(smooth_kinetic.find("EPS"), 3, "1");
  smooth_diffusive.replace(smooth_diffusive.find("EPS"), 3, "1.0e-6");
  const Case cases[] = {{"smooth eps = 1", smooth_kinetic, 1600, 16},   {"smooth eps = 1", smooth_kinetic, 1600, 64},
                        {"smooth eps = 1e-6", smooth_diffusive, 1600, 16}, {"smooth eps = 1", smooth_kinetic, 25600, 16},
                        {"Marshak sigma0 = 30", kMarshak, 1600, 16},     {"Marshak sigma0 = 30", kMarshak, 1600, 64}};
  for (const auto& c : cases) {
    const Problem p = Problem::from_config(ConfigNode::from_string(c.yaml, "bench").child("problem"));
    classical::grte::MicroMacroOptions o;
    o.nx = c.nx, o.nv = c.nv, o.second_order = true;
    classical::grte::MicroMacro scheme(p, o);
    const long steps = std::max(10L, static_cast<long>(updates / (static_cast<double>(c.nx) * c.nv)));
    double t = 0.0;
    scheme.step(t, scheme.step_size(t));  // warm-up
    const auto start = std::chrono::steady_clock::now();
    for (long s = 0; s < steps; ++s) {
      const double dt = scheme.step_size(t);
      scheme.step(t, dt);
      t += dt;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%-22s %7d %4d %10ld %14.3e\n", c.name.c_str(), c.nx, c.nv, steps,
                static_cast<double>(c.nx) * c.nv * steps / seconds);
  }
  return 0;
}
