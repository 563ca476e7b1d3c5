#pragma once
// The machine's float32 peak: fused multiply-adds on 12 independent chains of 16 lanes per thread (enough to
// keep two FMA pipes of latency 4-6 busy), with the widest vector ISA the CPU reports (AVX-512 or AVX2+FMA,
// chosen at run time, so the bench itself needs no -march flag). A GEMM-bound kernel cannot run faster, so the
// neural bench reads its GEMM work against this number. Returns 0 where it cannot measure (non-x86 builds).
#include <chrono>
#include <thread>
#include <vector>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

namespace kinetic::bench {

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx512f"))) inline float fma_chains_avx512(long iterations) {
  __m512 acc[12];
  const __m512 a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(1e-7f);
  for (int i = 0; i < 12; ++i) acc[i] = _mm512_set1_ps(static_cast<float>(i));
  for (long n = 0; n < iterations; ++n) {
#pragma GCC unroll 12
    for (int i = 0; i < 12; ++i) acc[i] = _mm512_fmadd_ps(acc[i], a, b);  // unrolled: acc stays in registers
  }
  float sum = 0.0f;
  for (int i = 0; i < 12; ++i) sum += _mm512_reduce_add_ps(acc[i]);
  return sum;
}

// Two 8-lane registers per chain: the same 16 lanes per FMA step as the AVX-512 version.
__attribute__((target("avx2,fma"))) inline float fma_chains_avx2(long iterations) {
  __m256 acc[24];
  const __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
  for (int i = 0; i < 24; ++i) acc[i] = _mm256_set1_ps(static_cast<float>(i));
  for (long n = 0; n < iterations; ++n) {
#pragma GCC unroll 24
    for (int i = 0; i < 24; ++i) acc[i] = _mm256_fmadd_ps(acc[i], a, b);
  }
  alignas(32) float lanes[8];
  float sum = 0.0f;
  for (int i = 0; i < 24; ++i) {
    _mm256_store_ps(lanes, acc[i]);
    for (float l : lanes) sum += l;
  }
  return sum;
}
#endif

// GFLOP/s of `threads` threads running the FMA chains at once (2 flops per lane and FMA).
inline double fma_peak_gflops(int threads) {
#if defined(__x86_64__) && defined(__GNUC__)
  const bool avx512 = __builtin_cpu_supports("avx512f");
  if (!avx512 && !(__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))) return 0.0;
  const long iterations = 100'000'000;
  std::vector<float> sink(threads);
  std::vector<std::thread> pool;
  const auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] { sink[t] = avx512 ? fma_chains_avx512(iterations) : fma_chains_avx2(iterations); });
  for (auto& th : pool) th.join();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  volatile float keep = sink[0];  // the chains' results are used
  (void)keep;
  return 2.0 * 16 * 12 * static_cast<double>(iterations) * threads / s / 1e9;
#else
  (void)threads;
  return 0.0;
#endif
}

}  // namespace kinetic::bench
