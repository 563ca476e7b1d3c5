#pragma once
// OpenBLAS (LibTorch's BLAS on Debian) picks its GEMM kernels from the CPU model at load time. Debian 12's
// OpenBLAS 0.3.21 does not know CPUs newer than itself (e.g. Intel family 6 model 207, Emerald Rapids) and
// then falls back to its "Prescott" SSE3 kernels: sgemm runs ~6x slower and training with it. The
// environment variable OPENBLAS_CORETYPE overrides the choice, but it is read only when the library loads,
// before main. So, when OpenBLAS is loaded, the variable is unset and it chose Prescott on a CPU with
// AVX-512 (or AVX2 + FMA), this sets OPENBLAS_CORETYPE=SkylakeX (or Haswell) and re-executes the program
// with the same arguments; otherwise it returns at once. A user's own OPENBLAS_CORETYPE is always kept (set
// it to any value, e.g. the one OpenBLAS chose, to run without the re-exec, under a debugger say).
namespace kinetic {

// Call first thing in main. Returns only when nothing needs doing (or the re-exec failed).
void ensure_tuned_blas_kernels(char** argv);

// The kernel set OpenBLAS is using ("SkylakeX", "Prescott", ...), or "" if OpenBLAS is not loaded.
const char* blas_kernel_name();

// The kernel set this CPU can run in place of the SSE3 fallback: "SkylakeX" (AVX-512), "Haswell" (AVX2 + FMA),
// or nullptr (an older CPU, or not x86-64).
const char* vector_blas_kernels_for_this_cpu();

}  // namespace kinetic
