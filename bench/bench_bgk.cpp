// Throughput of the IMEX BGK discrete-velocity solver: cell-velocity updates per second (one update = one
// f(x_i, v_k) advanced by one full IMEX step: transport, moments, relaxation, conservative correction), on
// the slides' smooth problem with Dirichlet boundaries, for the fused kernel and for the plain multi-pass
// kernels (the "before" of the optimisation), on one core (Kokkos' default execution space, Serial in this build)
// and for the fused kernel also on 2 host threads. Absolute rates only; the published numpy step, rebuilt with the same array operations
// (bench/published/bgk_step.py, scripts/compare-published-bgk.sh), runs beside it for a ratio.
// Measured 2026-11-25 on the 2-core AMD EPYC (best-chunk CPU-time rates, 800x60):
//   KINETIC_NATIVE=OFF (SSE2):         multipass 4.6e7, fused 1.24e8 (first fused version with libm exp: 1.06e8)
//   KINETIC_NATIVE=ON (the default):   multipass 5.2e7, fused 2.4e8 (AVX-512/AVX2 + FMA vectorise vector_exp);
//                                      2.6-2.8e8 at nv = 64, 120
// 2026-12-05, same machine, after perf showed gathers/scatters (View indexing in the velocity loops) and
// in-order scalar sums (vaddsd chains) in the relaxation stage: row pointers and `omp simd` reductions give
// fused 3.2e8 at 800x60 and 1600x60, 3.8e8 at 6400x64, 4.3e8 at 800x120 (one core). What is left (perf): the
// Maxwellian loop (one division per value in vector_exp's rational form), the flux pass (one division per
// face and velocity in the van Leer limiter), and the per-cell chain moments -> (rho, u, T) -> Maxwellian ->
// correction, which nv = 60 velocities (7.5 AVX-512 vectors) do not hide. A Taylor form of exp without the
// division measured 5 % slower; 256-bit vectors 2-15 % slower. On 2 host threads (classical.threads: 2,
// host_threads.hpp; wall-time rates): 5.8-6.1e8 at 1600x60, 7.4-7.6e8 at 6400x64, 7.8-8.1e8 at 800x120.
// Side by side the same day (scripts/compare-published-bgk.sh): the rebuilt numpy step 1.2-1.45e7.
// 2026-12-06, same machine: velocity slots padded to whole vectors per sign (the scalar remainders of 30 + 30
// velocities cost 14 %), cells in blocks of 16 with the per-cell chain vectorised across the block and the
// fluxes computed in the block (one pass per step), lane sums by a tree, the Maxwellian's exp without the
// clamps it cannot need and with the amplitude folded into 2^n: fused 4.6-4.7e8 at 1600x60 on one core,
// 8.1-9.4e8 on two. perf and variants: the Maxwellian loop is ~45 % of the step and no longer waits on its
// division (a multiply in its place, or a division-free polynomial, is not faster); about 63 vector
// instructions per 8 updates issue at ~1 per cycle, and each one removed gains ~1 %.
// Later that day, the cost per cell against the slot count (one core, `bench_bgk 0.5 1600x48,...`): 48 slots
// 109 ns, 64 slots 128-134 ns, i.e. ~2 ns per slot and ~25 ns per cell. A layout without the padding per
// sign (slots rounded to half vectors, a last half vector, one chunk holding both signs) was tried against
// this one in alternating rounds: +5 % at nv = 56 and +3 % at 120 (less padding), but -5 % at 60 and -3 % at
// 64: a half vector (AVX2 width) cost as much as a whole AVX-512 one on this CPU, and the chunk loop cost the
// rest. Not adopted; 60 velocities need 64 slots either way.
// 2026-12-07, AMD EPYC family 25 model 1 (Zen 3, AVX2): the face fluxes' slope coefficient formed once per
// step and velocity: 3.54-3.57e8 on one core, 6.89-7.08e8 on two at 1600x60 (before: 3.49-3.50e8, 6.83-6.92e8;
// six interleaved rounds beside the published solver, 6.72-6.86e6 that day: README).
// A second argument times other grids: bench_bgk 1 1600x60,800x64.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <sstream>
#include <string>
#include <vector>

#include "classical/bgk/bgk_imex.hpp"
#include "classical/solve.hpp"
#include "core/config.hpp"
#include "core/problem.hpp"

using namespace kinetic;
using namespace kinetic::classical;

namespace {

const char* kProblem = R"(problem:
  equation: bgk
  eps: 1.0e-3
  time: {end: 0.1}
  space: [-0.5, 0.5]
  velocity: {range: [-10, 10], measure: integral}
  initial:
    rho: 1.5 + (0.625 - 1.5)*(sin(pi*x) + 1)/2
    u: 0
    T: 1.5 + (0.75 - 1.5)*(sin(pi*x) + 1)/2
  boundary:
    type: dirichlet
    left: {rho: 1.5, u: 0, T: 1.5}
    right: {rho: 0.625, u: 0, T: 0.75}
)";

struct Row {
  std::string kernel;
  long steps;
  double wall_rate, best_rate;  // updates per wall second overall; best chunk per CPU second
};

// CPU time of this thread.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Steps for about `min_seconds` after a warm-up, timed in chunks of ~0.05 s. The machine is shared, so the
// best chunk's CPU-time rate is the figure of merit (the least disturbed measurement of the same work);
// the overall wall-clock rate is printed beside it.
Row measure(const Problem& problem, int nx, int nv, bool fused, int threads, double min_seconds) {
  BgkImexOptions o;
  o.nx = nx;
  o.nv = nv;
  o.cfl = 0.9;
  o.fused = fused;
  o.threads = threads;
  BgkImexSolver solver(problem, o);
  const double dt = solver.stable_dt();
  const double updates_per_step = static_cast<double>(nx) * nv;
  const int chunk = std::max(1, static_cast<int>(2.5e6 / updates_per_step));  // ~0.02-0.05 s
  for (int s = 0; s < chunk; ++s) solver.step(dt);
  Kokkos::fence();
  long steps = 0;
  double best = 0.0;
  const auto start = std::chrono::steady_clock::now();
  double seconds = 0.0;
  while (seconds < min_seconds) {
    // One thread: CPU time of this thread; several: wall time of the chunk (CPU time would add the threads).
    const double cpu0 = thread_cpu_seconds();
    const auto wall0 = std::chrono::steady_clock::now();
    for (int s = 0; s < chunk; ++s) solver.step(dt);
    Kokkos::fence();
    const double chunk_seconds = threads > 1
                                     ? std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count()
                                     : thread_cpu_seconds() - cpu0;
    best = std::max(best, chunk * updates_per_step / chunk_seconds);
    steps += chunk;
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  return {fused ? "fused" : "multipass", steps, steps * updates_per_step / seconds, best};
}

}  // namespace

int main(int argc, char** argv) {
  const double min_seconds = argc > 1 ? std::stod(argv[1]) : 1.0;
  ensure_kokkos_initialized();
  const Problem problem = Problem::from_config(ConfigNode::from_string(kProblem, "bench_bgk").child("problem"));
  std::vector<std::pair<int, int>> grids = {{800, 60}, {1600, 60}, {3200, 60}, {800, 120}, {6400, 64}};
  if (argc > 2) {  // grids to time instead, e.g. 1600x60,800x64
    grids.clear();
    std::stringstream list(argv[2]);
    std::string item;
    while (std::getline(list, item, ',')) {
      int nx = 0, nv = 0;
      if (std::sscanf(item.c_str(), "%dx%d", &nx, &nv) != 2 || nx < 4 || nv < 4 || nv % 2 != 0) {
        std::fprintf(stderr, "bench_bgk: grid '%s' is not NXxNV (nx >= 4, nv even >= 4)\n", item.c_str());
        return 2;
      }
      grids.emplace_back(nx, nv);
    }
  }
  std::printf("%-10s %-10s %7s %7s %14s %16s\n", "nx x nv", "kernel", "threads", "steps", "updates/wall-s",
              "best updates/s");
  for (const auto& [nx, nv] : grids) {
    for (int variant = 0; variant < 3; ++variant) {  // multipass, fused, fused on 2 host threads
      const bool fused = variant > 0;
      const int threads = variant == 2 ? 2 : 1;
      const Row r = measure(problem, nx, nv, fused, threads, min_seconds);
      const std::string grid = std::to_string(nx) + "x" + std::to_string(nv);
      std::printf("%-10s %-10s %7d %7ld %14.4e %16.4e\n", grid.c_str(), r.kernel.c_str(), threads, r.steps,
                  r.wall_rate, r.best_rate);
    }
  }
  return 0;
}
