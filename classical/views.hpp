#pragma once
// Kokkos view types and host<->view copies shared by the classical solvers, plus the slope limiter they use.
// Views live in the default execution space's memory; host data goes through mirrors, so the same code runs
// on any Kokkos backend.
#include <Kokkos_Core.hpp>
#include <string>
#include <vector>

// Velocity sums vectorise only if the compiler may reassociate them: `omp simd reduction` says so for that
// loop alone (GCC/Clang with -fopenmp-simd, set for kinetic_classical, no OpenMP runtime); other compilers
// ignore the pragma and keep the sum in order.
#define KINETIC_PRAGMA(x) _Pragma(#x)
#define KINETIC_SIMD_REDUCTION(...) KINETIC_PRAGMA(omp simd reduction(__VA_ARGS__))
#define KINETIC_SIMD KINETIC_PRAGMA(omp simd)

namespace kinetic::classical {

using View1 = Kokkos::View<double*>;
// LayoutRight on every backend: a row (one cell, all ordinates) is contiguous, which the micro-macro kernels'
// row pointers rely on.
using View2 = Kokkos::View<double**, Kokkos::LayoutRight>;

// A host view holding a copy of `values` (to deep_copy into a device view of the same size).
inline View1::HostMirror host_view(const std::string& label, const std::vector<double>& values) {
  View1::HostMirror h(label, values.size());
  for (std::size_t i = 0; i < values.size(); ++i) h(i) = values[i];
  return h;
}

// A device view initialised from host values.
inline View1 to_view(const std::string& label, const std::vector<double>& values) {
  View1 d(label, values.size());
  Kokkos::deep_copy(d, host_view(label + "_host", values));
  return d;
}

inline std::vector<double> to_vector(const View1& d) {
  auto h = Kokkos::create_mirror_view(d);
  Kokkos::deep_copy(h, d);
  return std::vector<double>(h.data(), h.data() + h.extent(0));
}

// van Leer limiter of two consecutive differences: 2ab/(a+b) if they have the same sign, else 0.
KOKKOS_INLINE_FUNCTION double van_leer(double a, double b) { return a * b > 0.0 ? 2.0 * a * b / (a + b) : 0.0; }

// The same limiter written branch-free, (a|b| + |a|b)/(|a| + |b|) (equal to 2ab/(a+b) for ab > 0, else 0), so
// that velocity loops calling it vectorise: a ?: around a division keeps GCC's loops scalar.
KOKKOS_INLINE_FUNCTION double van_leer_branch_free(double a, double b) {
  return (a * fabs(b) + fabs(a) * b) / (fabs(a) + fabs(b) + 1e-300);
}

}  // namespace kinetic::classical
