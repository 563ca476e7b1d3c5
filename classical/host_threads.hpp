#pragma once
// Loops over cells on several host threads when Kokkos has only its Serial backend (Debian's Kokkos 3.4 is
// built so): `threads` > 1 runs the body in an OpenMP loop, each cell once, so the result is the same to the
// bit. With any other default execution space (a user's Kokkos build with OpenMP, CUDA, ...), and with one
// thread, Kokkos::parallel_for runs it as everywhere else, and `threads` is ignored.
#include <Kokkos_Core.hpp>

#include <type_traits>

namespace kinetic::classical {

// Whether `threads` > 1 takes effect in this build (the classical library compiled with OpenMP, Kokkos' default
// execution space Serial).
bool host_threads_active();

template <class Body>
void parallel_cells(const char* name, int n, int threads, const Body& body) {
#if defined(_OPENMP) && defined(KOKKOS_ENABLE_SERIAL)
  if (threads > 1 && std::is_same_v<Kokkos::DefaultExecutionSpace, Kokkos::Serial>) {
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int i = 0; i < n; ++i) body(i);
    return;
  }
#endif
  (void)threads;
  Kokkos::parallel_for(name, Kokkos::RangePolicy<>(0, n), body);
}

}  // namespace kinetic::classical
