// Inference of the APCON operators against the classical solver for the same output: rho on the published
// 101 (t) x 32 (x) grid for new initial functions of an example's family. Both sides run here, in one
// process, one after the other; the operator's speed does not depend on its weights (a freshly initialised
// one is timed), the classical side is the example's label solver (the `classical:` section) run once per
// function, as `kinetic dataset` does, but in this process.
// Usage: bench_apcon [example config, default examples/apcon/eps1e-4.yaml] [functions, default 32] [threads, default 2]
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "classical/solve.hpp"
#include "core/config.hpp"
#include "core/problem.hpp"
#include "core/progress.hpp"
#include "core/quadrature.hpp"
#include "coupling/operator_dataset_generation.hpp"
#include "neural/operator/apcon_options.hpp"

using namespace kinetic;
using namespace kinetic::neural;

namespace {
double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

int main(int argc, char** argv) {
  const std::string config = argc > 1 ? argv[1] : std::string(KINETIC_SOURCE_DIR) + "/examples/apcon/eps1e-4.yaml";
  const long functions = argc > 2 ? std::atol(argv[2]) : 32;
  const int threads = argc > 3 ? std::atoi(argv[3]) : 2;
  Progress::set_quiet(true);
  torch::set_num_threads(threads);
  const ConfigNode root = ConfigNode::load_file(config);
  const Problem problem = Problem::from_config(root.child("problem"));
  const ConfigNode classical_section = root.child("classical");
  const long nx = 32, nv = 64, nt = 101;
  const auto draws = coupling::dataset_draws(problem.random, functions, 99);

  // Classical: one solve per function, writing rho at the 100 later times.
  std::string times = "[";
  for (long k = 1; k < nt; ++k) times += (k > 1 ? ", " : "") + std::to_string(problem.t_end * k / (nt - 1));
  times += "]";
  const ConfigNode timed = root.child("problem").copy_with("output_times", {{"output_times", times}});
  auto t0 = std::chrono::steady_clock::now();
  for (long k = 0; k < functions; ++k) {
    ResultWriter w("", ResultData{});
    classical::solve(Problem::from_config(timed, draws[k]), classical_section, w);
  }
  const double classical_s = seconds_since(t0);

  // Operators: f0 images of the same functions on the 32 x 64 grid, rho on the 101 x 32 grid.
  const Quadrature vq = velocity_quadrature(problem.velocity, nv);
  std::vector<float> image(functions * nx * nv);
  for (long k = 0; k < functions; ++k)
    for (long i = 0; i < nx; ++i)
      for (long j = 0; j < nv; ++j)
        image[(k * nx + i) * nv + j] = static_cast<float>(problem.initial.f.at_random(0, (i + 0.5) / nx, vq.nodes[j], draws[k].data()));
  auto f0 = torch::from_blob(image.data(), {functions, nx, nv}).clone();
  auto tg = torch::linspace(0, problem.t_end, nt), xg = (torch::arange(nx) + 0.5) / nx;
  auto T = tg.repeat_interleave(nx), X = xg.repeat({nt});
  auto v = torch::tensor(std::vector<double>(vq.nodes)).to(torch::kFloat32), w = torch::tensor(std::vector<double>(vq.weights)).to(torch::kFloat32);

  std::printf("machine: %d LibTorch threads; classical: %s, %s, one process\n", threads,
              classical_section.get_string("method").c_str(), config.c_str());
  std::printf("%-16s %10s %14s %16s %12s\n", "side", "functions", "seconds", "functions/s", "x classical");
  std::printf("%-16s %10ld %14.4f %16.2f %12s\n", "classical", functions, classical_s, functions / classical_s, "1");
  for (const char* loss : {"pi", "ap_v1", "ap_v2"})
    for (const char* kind : {"don", "con"}) {
      BranchShape b;
      b.kind = kind;
      OperatorShape s;
      s.loss = parse_operator_loss(loss), s.branch = b;
      OperatorModel model(s, transport_data(problem));
      torch::NoGradGuard no_grad;
      model->density(f0.narrow(0, 0, 1), T, X, v, w);  // warm-up
      int reps = 0;
      auto t1 = std::chrono::steady_clock::now();
      do {
        auto rho = model->density(f0, T, X, v, w);
        ++reps;
      } while (seconds_since(t1) < 1.0);
      const double s_per = seconds_since(t1) / reps;
      std::printf("%-16s %10ld %14.4f %16.2f %12.0f\n", (std::string(loss) + " " + kind).c_str(), functions, s_per,
                  functions / s_per, classical_s / s_per);
    }
  return 0;
}
