// Throughput of the slab linear-transport AP schemes: cell-ordinate updates per second for several grids,
// next to this machine's memcpy bandwidth measured in the same run. Each scheme is memory bound; the
// "bound" column is memcpy bandwidth / (bytes a step must move per cell-ordinate), so "fraction" says how
// close a kernel gets to streaming its data once.
//   micro_macro: read g, write g_new (the macro step reads one flux per cell)            = 16 bytes
//   even_odd:    relax r (rw) and j (rw, reads r), invariants (r,j -> w+,w-), transport (w+,w- -> r,j) = 96 bytes
// Measured 2026-11-25, idle machine (memcpy 23-26 GB/s), micro_macro, updates/s (fraction of the bound):
//   portable build (SSE2), first order: 5.5e8 (35%) at 32768 x 32 before the row-pointer kernel, 8.1e8 (53-55%)
//   after; second order 2.0-2.1e8 (13-14%).
//   default build (KINETIC_NATIVE: the host's AVX-512/AVX2), row-pointer kernels, before -> after the ordinate
//   count became a compile-time constant (16/32/64) and the second-order kernel carried its slopes from cell to
//   cell (one limiter per update, not two); old and new binaries alternated, two runs each:
//     first order   32768 x 32: 1.09-1.10e9 -> 1.43e9 (1.3x);  262144 x 16: 6.2-6.5e8 -> 8.2-8.3e8 (1.3x);
//                   131072 x 64: 9.0-9.6e8 -> 1.01-1.11e9 (1.1-1.2x)
//     second order  32768 x 32: 6.4-6.5e8 -> 8.0e8 (1.25x);   262144 x 16: 4.0-4.1e8 -> 5.1-5.3e8 (1.3x);
//                   131072 x 64: 6.2-6.5e8 -> 8.0-8.3e8 (1.3x)
//   after, fraction of the bound, two runs (memcpy 22.5-22.9 GB/s): first order 99-101% at 32768 x 32 (16 MB of
//   g: partly cache resident), 83-90% at 262144 x 32, 75-76% at 131072 x 64, 58-59% at 262144 x 16; second
//   order 50-53% at 262144 x 32, 56-57% at x 64, 37% at 262144 x 16. The generic kernel (`fused: false`) is
//   1.7-2.5x slower in the same run.
//   nv = 16 rows are short (two AVX-512 vectors per half-range), so per-cell work (coefficients, three
//   horizontal sums, the macro step) and its latency chain weigh more there.
// Usage: bench_linear_transport [updates per case, default 2e8]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "classical/solve.hpp"
#include "core/config.hpp"
#include "core/problem.hpp"
#include "core/progress.hpp"
#include "core/result_file.hpp"

namespace {

using Clock = std::chrono::steady_clock;

// Bytes moved per second by memcpy (read + write) on a buffer far larger than the caches; best of 5.
double memcpy_bandwidth() {
  const std::size_t bytes = std::size_t{256} << 20;
  std::vector<char> a(bytes, 1), b(bytes, 2);
  double best = 0.0;
  for (int rep = 0; rep < 5; ++rep) {
    const auto start = Clock::now();
    std::memcpy(b.data(), a.data(), bytes);
    const double s = std::chrono::duration<double>(Clock::now() - start).count();
    best = std::max(best, 2.0 * bytes / s);
    a[rep] = b[bytes - 1 - rep];  // keep the copies observable
  }
  return best;
}

struct Case {
  std::string method, transport;
  int nx, nv;
  double bytes_per_update;
  bool fused = true;  // micro_macro: false runs the generic micro kernel (the "before" of the row-pointer kernels)
};

// Runs `steps` steps of a periodic eps = 1e-2 problem and returns the time the solver spent marching
// (set-up, i.e. tabulating the initial data with the formula parser, is excluded).
double run(const Case& c, long steps) {
  const double dx = 1.0 / c.nx, dt = 0.2 * dx * dx;  // fixed dt keeps both schemes' step counts equal
  char text[1024];
  std::snprintf(text, sizeof text,
                "problem:\n  equation: linear_transport\n  eps: 0.01\n  time: {end: %.17g}\n  space: [0, 1]\n"
                "  initial: {f: \"1 + cos(2*pi*x) + 0.1*v\"}\n  boundary: {type: periodic}\n"
                "classical: {method: %s, nx: %d, nv: %d, transport: %s, dt: %.17g%s}\n",
                steps * dt, c.method.c_str(), c.nx, c.nv, c.transport.c_str(), dt, c.fused ? "" : ", fused: false");
  const auto root = kinetic::ConfigNode::from_string(text, "bench");
  const auto problem = kinetic::Problem::from_config(root.child("problem"));
  kinetic::ResultData header;
  kinetic::ResultWriter writer("", header);
  kinetic::classical::solve(problem, root.child("classical"), writer);
  return writer.data().number_attributes.at("march_time_s");
}

}  // namespace

int main(int argc, char** argv) {
  const double updates_per_case = argc > 1 ? std::atof(argv[1]) : 2e8;
  kinetic::Progress::set_quiet(true);
  kinetic::classical::ensure_kokkos_initialized();
  const double bandwidth = memcpy_bandwidth();
  std::printf("memcpy bandwidth (read + write): %.2f GB/s\n\n", bandwidth * 1e-9);
  std::printf("%-20s %-12s %8s %4s %7s %9s %12s %10s %9s\n", "method", "transport", "nx", "nv", "steps",
              "time [s]", "updates/s", "bound", "fraction");
  std::vector<Case> cases;
  for (const auto& grid : std::vector<std::pair<int, int>>{{1024, 16}, {4096, 32}, {32768, 32}, {262144, 16}, {262144, 32}, {131072, 64}})
    for (const std::string transport : {"first_order", "second_order"}) {
      cases.push_back({"micro_macro", transport, grid.first, grid.second, 16.0, true});
      cases.push_back({"micro_macro", transport, grid.first, grid.second, 16.0, false});
      cases.push_back({"even_odd", transport, grid.first, grid.second, 96.0});
    }
  for (const auto& c : cases) {
    const long steps = std::max(5L, static_cast<long>(updates_per_case / (double(c.nx) * c.nv)));
    const double seconds = run(c, steps);
    const double rate = double(c.nx) * c.nv * steps / seconds;
    const double bound = bandwidth / c.bytes_per_update;
    const std::string name = c.method + (c.fused ? "" : " (generic)");
    std::printf("%-20s %-12s %8d %4d %7ld %9.3f %12.3e %10.3e %8.1f%%\n", name.c_str(), c.transport.c_str(), c.nx,
                c.nv, steps, seconds, rate, bound, 100.0 * rate / bound);
  }
  return 0;
}
