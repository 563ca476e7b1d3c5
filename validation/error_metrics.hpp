#pragma once
// Error norms between a solution and a reference sampled at the same points.
#include <vector>

namespace kinetic::validation {

struct ErrorNorms {
  double rel_l2 = 0;   // sqrt(sum (q - r)^2 / sum r^2)
  double rel_l1 = 0;   // sum |q - r| / sum |r|
  double max_abs = 0;  // max |q - r|
  double l1 = 0;       // mean |q - r| times the interval length is the caller's L1; here: mean |q - r|
};

// Throws std::invalid_argument on size mismatch or empty input. A zero reference gives absolute errors.
ErrorNorms error_norms(const std::vector<double>& value, const std::vector<double>& reference);

}  // namespace kinetic::validation
