#pragma once
// Small helpers shared by the BGK solver tests: a BGK problem from YAML text and an initialised Kokkos.
#include <string>

#include "classical/bgk/bgk_imex.hpp"
#include "classical/solve.hpp"
#include "core/config.hpp"
#include "core/problem.hpp"

namespace kinetic::classical::testing {

// `body` is the inside of the problem: mapping (indented by two spaces), e.g. "  eps: 1\n  ...".
inline Problem bgk_problem(const std::string& body) {
  ensure_kokkos_initialized();
  const ConfigNode root = ConfigNode::from_string("problem:\n  equation: bgk\n" + body, "bgk_test.yaml");
  return Problem::from_config(root.child("problem"));
}

inline BgkImexOptions bgk_options(int nx, int nv, double cfl = 0.5,
                                  SlopeLimiter limiter = SlopeLimiter::VanLeer, bool fused = true) {
  BgkImexOptions o;
  o.nx = nx;
  o.nv = nv;
  o.cfl = cfl;
  o.limiter = limiter;
  o.fused = fused;
  return o;
}

}  // namespace kinetic::classical::testing
