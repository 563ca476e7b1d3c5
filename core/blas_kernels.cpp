#include "core/blas_kernels.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace kinetic {

const char* blas_kernel_name() {
  // Looked up at run time: the toolkit does not link OpenBLAS itself, LibTorch's BLAS may be another one.
  using CoreName = char* (*)();
  auto corename = reinterpret_cast<CoreName>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  return corename ? corename() : "";
}

const char* vector_blas_kernels_for_this_cpu() {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx512dq"))
    return "SkylakeX";
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
#endif
  return nullptr;
}

void ensure_tuned_blas_kernels(char** argv) {
  if (std::getenv("OPENBLAS_CORETYPE") != nullptr) return;
  if (std::strcmp(blas_kernel_name(), "Prescott") != 0) return;  // a known CPU (or no OpenBLAS): its choice
  const char* core = vector_blas_kernels_for_this_cpu();
  if (core == nullptr) return;  // a genuinely old CPU: Prescott is right
  // Started through the dynamic loader (ld-linux.so PROGRAM ...), /proc/self/exe is the loader, not the program.
  char exe[4096];
  const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return;
  exe[n] = '\0';
  const char* base = std::strrchr(exe, '/');
  if (std::strncmp(base ? base + 1 : exe, "ld-", 3) == 0) return;
  setenv("OPENBLAS_CORETYPE", core, 1);
  execv("/proc/self/exe", argv);
  std::fprintf(stderr, "warning: OpenBLAS runs its generic SSE3 kernels on this CPU and re-executing with "
                       "OPENBLAS_CORETYPE=%s failed; set that variable by hand for ~6x faster training\n", core);
}

}  // namespace kinetic
