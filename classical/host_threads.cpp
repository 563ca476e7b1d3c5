#include "classical/host_threads.hpp"

namespace kinetic::classical {

bool host_threads_active() {
#if defined(_OPENMP) && defined(KOKKOS_ENABLE_SERIAL)
  return std::is_same_v<Kokkos::DefaultExecutionSpace, Kokkos::Serial>;
#else
  return false;
#endif
}

}  // namespace kinetic::classical
