// The single Catch2 main shared by every test executable.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "core/blas_kernels.hpp"

int main(int argc, char** argv) {
  kinetic::ensure_tuned_blas_kernels(argv);  // the training tests run at the BLAS speed users get
  return Catch::Session().run(argc, argv);
}
