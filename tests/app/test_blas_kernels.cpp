// OpenBLAS's kernel choice: on a CPU it does not know it falls back to SSE3 ("Prescott") kernels, ~6x slower;
// the program then re-executes itself with OPENBLAS_CORETYPE set (core/blas_kernels.hpp). A user's own
// choice is kept.
#include <catch2/catch.hpp>

#include <iostream>
#include <string>

#include "core/blas_kernels.hpp"
#include "run_program.hpp"

namespace {
std::string kernels_named(const std::string& output) {
  const auto at = output.find("BLAS kernels: ");
  if (at == std::string::npos) return "";
  const auto begin = at + 14;
  return output.substr(begin, output.find(')', begin) - begin);
}
bool has_vector_kernels() { return kinetic::vector_blas_kernels_for_this_cpu() != nullptr; }
// ctest reports a test that prints this marker as skipped (SKIP_REGULAR_EXPRESSION in tests/CMakeLists.txt):
// on a machine where a check does not apply, it says so instead of passing having checked nothing.
void skip(const std::string& why) { std::cout << "SKIPPED: " << why << std::endl; }
}  // namespace

TEST_CASE("the program runs OpenBLAS with vector kernels wherever the CPU has AVX2", "[cli][blas]") {
  const auto run = run_kinetic_env("env -u OPENBLAS_CORETYPE", "--version");
  REQUIRE(run.exit_code == 0);
  const std::string kernels = kernels_named(run.output);
  INFO(run.output);
  REQUIRE(!kernels.empty());
  if (kernels == "not OpenBLAS") return skip("LibTorch does not run on OpenBLAS here: no kernel choice to check");
  if (!has_vector_kernels()) return skip("this CPU has neither AVX2 nor AVX-512: the SSE3 kernels are right");
  CHECK(kernels != "Prescott");
  // The test program itself went through the same start-up (tests/catch_main.cpp).
  CHECK(std::string(kinetic::blas_kernel_name()) != "Prescott");
}

TEST_CASE("a user's OPENBLAS_CORETYPE is kept", "[cli][blas]") {
  const auto run = run_kinetic_env("env OPENBLAS_CORETYPE=Prescott", "--version");
  REQUIRE(run.exit_code == 0);
  const std::string kernels = kernels_named(run.output);
  INFO(run.output);
  if (kernels == "not OpenBLAS") return skip("LibTorch does not run on OpenBLAS here: no OPENBLAS_CORETYPE to keep");
  CHECK(kernels == "Prescott");
}
