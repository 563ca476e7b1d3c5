// Seconds per APNN v2 training step for the slides' Case I setup: rho FC 4 x 128, r and j FC 4 x 256 (tanh),
// 512 interior points x 30 Gauss-Legendre nodes on [0,1], 1024 boundary points per side, 512 initial points,
// float32. Tangent (forward-mode jets) against autograd (double backward) derivatives, with the slides'
// parity construction (symmetrize: every network evaluated at +v and -v) and with the folded one
// (networks of |v|), for 1 and 2 threads.
// Also printed: the GEMM work of one step (hidden w x w layers of the r and j networks, which dominate), so the
// times can be read against the machine's GEMM rate. Forward-mode with two tangents costs 3 GEMM units forward
// and 6 backward (value + 2 tangents, each with input and weight gradients) = 9 units per layer and row;
// double backward costs 1 + 1 + 2 + 2 = 6 units: the tangent path saves graph and elementwise work, not GEMMs.
// The table ends with the GEMM ceiling of the same run: torch::mm of (2048 x 256) x (256 x 256) in float32,
// and the time the hidden-layer GEMMs alone would need at that rate, a lower bound for each path.
// Measured 2026-11-25, idle machine, 2 threads (s/step, tangent / autograd): symmetrize 1.69 / 1.15,
// fold 0.82 / 0.57 with 2048-row passes (0.86 / 0.62 in one pass); sgemm ceiling ~187 GFLOP/s (126 at
// 15360 rows). Again later, with the FMA peak: fold 0.81 / 0.55 (2 threads), 1.44 / 1.03 (1 thread); sgemm
// ceiling 203 / 103 GFLOP/s, FMA peak 228 / 116 GFLOP/s (2 / 1 threads). The autograd step runs its hidden
// GEMMs at 145 GFLOP/s on 2 threads, 64 % of the FMA peak (the "plain forward+backward at ~1/5 of peak" is
// long gone). The issue's 0.4 s/step: the hidden GEMMs alone (80 GFLOP) need 0.393 s at the sgemm ceiling and
// 0.350 s at the FMA peak, so 0.4 s would leave 7-50 ms for everything else (tanh and its derivatives, the
// rho network, input/output layers, loss, Adam); the 3x tangent/autograd ratio is below 1 by the GEMM count
// (9 vs 6 units: >= 0.51 s at the FMA peak). Neither is reachable in float32 with these networks here.
// 2026-12-07, AMD EPYC family 25 model 1 (Zen 3), the fused reverse-mode kernel of fc tanh networks
// (jet_mlp.hpp) against the plain double backward (`plain`), s/step 1 / 2 threads: symmetrize nodes 2.25 / 1.27
// against 2.38 / 1.41, sampled 1.86 / 1.04 against 1.93 / 1.07, fold nodes 1.17 / 0.64 against 1.22 / 0.68;
// flagship networks fold 0.047 / 0.033 against 0.053 / 0.036. perf of symmetrize nodes (1 thread): OpenBLAS 79 %
// of the step, tanh 7 %, the fused passes 4 %.
// A ratio to the published Python step holds only when both run side by side on one machine (issue 22).
// Each configuration runs with the whole interior batch in one forward/backward pass (pass rows "all") and in
// cache-sized passes (neural.pass_rows: 2048 rows by default here; the trainer's default is one pass), which give
// the same gradient.
//   usage: bench_neural_step [steps=5] [threads list, default "1,2"] [pass rows list, default "0,2048"]
//                            [configurations parity:residuals list, default all] [derivatives: both | autograd | plain]
//                            [setup: case1 (the slides' networks, default) | flagship (fc 3 x 64, 16 nodes)]
// derivatives plain adds a column: autograd jets by the plain double backward (TwiceDifferentiableJets), the
// path fc tanh networks took before the fused kernel with the hand-written backward (jet_mlp.hpp).
#include <torch/torch.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "bench/fma_peak.hpp"
#include "core/blas_kernels.hpp"
#include "core/config.hpp"
#include "core/problem.hpp"
#include "neural/nets/jet_tanh.hpp"
#include "neural/training/model.hpp"
#include "neural/training/options.hpp"
#include "neural/training/trainer.hpp"

using namespace kinetic;

namespace {

const char* kCaseI = R"(
problem:
  equation: linear_transport
  eps: 1.0e-3
  time: {end: 0.1}
  space: [0, 1]
  velocity: {range: [-1, 1], measure: average}
  sigma_s: 1
  initial: {f: "0"}
  boundary: {type: inflow, left: "1", right: "0"}
  output_times: [0.1]
neural:
  method: apnn_v2
  networks: {kind: fc, depth: 4, activation: tanh, rho: {width: 128}, r: {width: 256}, j: {width: 256}}
  batch: {interior: 512, boundary: 1024, initial: 512}
  quadrature: 30
  dtype: float32
)";

// The flagship's networks and batch until 2026-12-07 (examples/linear_transport/inflow_eps1e-3.yaml; the README's
// step timings use them; the flagship now trains ResNets with the micro transform): small layers, where the
// elementwise work and the per-op overheads weigh more than in the slides' setup.
const char* kFlagshipNeural = R"(
neural:
  method: apnn_v2
  networks: {kind: fc, depth: 3, width: 64, activation: tanh, rho: {width: 48}}
  batch: {interior: 512, boundary: 256, initial: 256}
  quadrature: 16
  dtype: float32
)";

// float32 GEMM rate of one cache-sized hidden layer, GFLOP/s.
double gemm_rate() {
  auto a = torch::randn({2048, 256}), b = torch::randn({256, 256});
  auto c = torch::mm(a, b);
  const int reps = 200;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < reps; ++i) c = torch::mm(a, b);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return 2.0 * 2048 * 256 * 256 * reps / s / 1e9;
}

// plain: autograd jets by the double backward through torch::autograd::grad also for the fc tanh networks,
// which otherwise use the fused kernel with the hand-written backward (jet_mlp.hpp).
double seconds_per_step(const Problem& problem, neural::NeuralOptions options, int steps, bool plain = false) {
  std::optional<neural::TwiceDifferentiableJets> plain_jets;
  if (plain) plain_jets.emplace();
  torch::manual_seed(0);
  auto model = neural::make_model(problem, options);
  neural::Trainer trainer(model, problem, options, "", {});
  trainer.adam_step();  // warm-up: first-touch allocations
  // The median step: a 2-core VM shows outliers of +30 % when a neighbour takes the second core.
  std::vector<double> seconds;
  for (int i = 0; i < steps; ++i) {
    const auto start = std::chrono::steady_clock::now();
    trainer.adam_step();
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  return steps % 2 ? seconds[steps / 2] : 0.5 * (seconds[steps / 2 - 1] + seconds[steps / 2]);
}

// GFLOP of the hidden-layer GEMMs of r and j per training step (interior rows carry jets, boundary and initial
// rows values only).
double hidden_gemm_gflop(const neural::NeuralOptions& o, bool tangent) {
  const double per_value = o.parity == "fold" ? 1.0 : 2.0;  // symmetrize evaluates at +v and -v
  const double jet = tangent ? 9.0 : 6.0, value = 3.0;
  const double nodes = per_value * o.n_interior * o.quadrature;
  const double points = per_value * o.n_interior;  // sampled: one v per interior point
  const double value_rows = per_value * (2.0 * o.n_boundary + 2.0 * o.n_initial);
  double total = 0;
  for (const char* name : {"r", "j"}) {
    const auto& n = o.networks.at(name);
    const double layers = n.kind == "resnet" ? 2.0 * n.depth : n.depth - 1.0;
    const double unit = 2.0 * n.width * n.width * layers;  // one GEMM pass per row
    // sampled: on the nodes r carries values only, j its jet (for <v j_x>)
    const double interior = o.parity_residuals == "sampled"
                                ? points * jet + nodes * (std::string(name) == "r" ? value : jet)
                                : nodes * jet;
    total += unit * (interior + value_rows * value);
  }
  return total / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  ensure_tuned_blas_kernels(argv);
  if (argc > 1 && !std::isdigit(static_cast<unsigned char>(argv[1][0]))) {
    std::printf("usage: bench_neural_step [steps=5] [threads list, default \"1,2\"] [pass rows list, default \"0,2048\"] "
                "[parity:residuals list, default all] [derivatives: both | autograd | plain] [setup: case1 | flagship]\n");
    return std::string(argv[1]) == "--help" ? 0 : 2;
  }
  const int steps = argc > 1 ? std::stoi(argv[1]) : 5;
  auto int_list = [](const std::string& list) {
    std::vector<int> out;
    for (std::size_t p = 0; p <= list.size();) {
      const std::size_t q = std::min(list.find(',', p), list.size());
      out.push_back(std::stoi(list.substr(p, q - p)));
      p = q + 1;
    }
    return out;
  };
  const std::vector<int> threads = int_list(argc > 2 ? argv[2] : "1,2");
  const std::vector<int> pass_rows = int_list(argc > 3 ? argv[3] : "0,2048");
  const std::string only = argc > 4 ? std::string(",") + argv[4] + "," : "";  // e.g. "symmetrize:sampled"
  const std::string derivatives = argc > 5 ? argv[5] : "both";
  const bool with_tangent = derivatives == "both", with_plain = derivatives == "plain";
  neural::keep_freed_memory();
  const bool flagship = argc > 6 && std::string(argv[6]) == "flagship";
  std::string yaml = kCaseI;
  if (flagship) yaml = yaml.substr(0, yaml.find("neural:")) + (kFlagshipNeural + 1);
  const auto config = ConfigNode::from_string(yaml, flagship ? "flagship" : "case_I");
  const Problem problem = Problem::from_config(config.child("problem"));
  const neural::NeuralOptions base = neural::parse_options(config.child("neural"), problem.equation);

  if (flagship)
    std::printf("APNN v2 Case I step with the flagship's networks of 2026-12-06 (fc 3 x 64, rho 48; 512 x 16 interior, 2 x 256 "
                "boundary, 256 initial, float32), median of %d steps, BLAS kernels: %s\n",
                steps, blas_kernel_name()[0] ? blas_kernel_name() : "not OpenBLAS");
  else
    std::printf("APNN v2 Case I step (512 x 30 interior, 2 x 1024 boundary, 512 initial, float32), median of %d steps, "
                "BLAS kernels: %s\n", steps, blas_kernel_name()[0] ? blas_kernel_name() : "not OpenBLAS");
  std::printf("%-8s %-11s %-10s %-10s %12s %12s %9s %14s %14s %12s\n", "threads", "parity", "residuals", "pass rows",
              "tangent s", "autograd s", "ratio", "GFLOP tan/ag", "GFLOP/s tan/ag", "plain ag s");
  for (int th : threads) {
    torch::set_num_threads(th);
    for (const std::string parity : {"symmetrize", "fold"})
    for (const std::string residuals : {"nodes", "sampled"})
    for (int rows : pass_rows) {
      if (!only.empty() && only.find("," + parity + ":" + residuals + ",") == std::string::npos) continue;
      auto options = base;
      options.parity = parity;
      options.parity_residuals = residuals;
      options.pass_rows = rows;
      options.derivatives = "tangent";
      const double tangent = with_tangent ? seconds_per_step(problem, options, steps) : NAN;
      options.derivatives = "autograd";
      const double autograd = seconds_per_step(problem, options, steps);
      const double plain = with_plain ? seconds_per_step(problem, options, steps, true) : NAN;
      const double ft = hidden_gemm_gflop(options, true), fa = hidden_gemm_gflop(options, false);
      const std::string rows_text = rows > 0 ? std::to_string(rows) : "all";
      std::printf("%-8d %-11s %-10s %-10s %12.3f %12.3f %8.2fx %6.0f / %-6.0f %6.0f / %-6.0f %12.3f\n", th,
                  parity.c_str(), residuals.c_str(), rows_text.c_str(), tangent, autograd, autograd / tangent, ft, fa,
                  ft / tangent, fa / autograd, plain);
      std::fflush(stdout);
    }
    const double rate = gemm_rate();
    auto fold = base;
    fold.parity = "fold";
    std::printf("%-8d sgemm ceiling %.0f GFLOP/s: hidden GEMMs alone (fold) need >= %.3f s tangent, %.3f s autograd\n",
                th, rate, hidden_gemm_gflop(fold, true) / rate, hidden_gemm_gflop(fold, false) / rate);
    const double peak = bench::fma_peak_gflops(th);
    if (peak > 0)
      std::printf("%-8d FMA peak %.0f GFLOP/s: hidden GEMMs alone (fold) need >= %.3f s tangent, %.3f s autograd\n", th,
                  peak, hidden_gemm_gflop(fold, true) / peak, hidden_gemm_gflop(fold, false) / peak);
  }
  return 0;
}
