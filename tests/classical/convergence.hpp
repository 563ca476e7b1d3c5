#pragma once
// Error norms and observed orders shared by the classical tests of every equation.
#include <cmath>
#include <vector>

namespace kinetic::test {

inline double relative_l2(const std::vector<double>& q, const std::vector<double>& ref) {
  double num = 0.0, den = 0.0;
  for (std::size_t i = 0; i < q.size(); ++i) {
    num += (q[i] - ref[i]) * (q[i] - ref[i]);
    den += ref[i] * ref[i];
  }
  return std::sqrt(num / den);
}

inline double relative_l1(const std::vector<double>& q, const std::vector<double>& ref) {
  double num = 0.0, den = 0.0;
  for (std::size_t i = 0; i < q.size(); ++i) num += std::abs(q[i] - ref[i]), den += std::abs(ref[i]);
  return num / den;
}

inline double order(double coarse_error, double fine_error, double ratio = 2.0) {
  return std::log(coarse_error / fine_error) / std::log(ratio);
}

// The values of a fine grid at the nodes of a grid `factor` times coarser (the nodes coincide).
inline std::vector<double> every(const std::vector<double>& fine, int factor) {
  std::vector<double> out;
  for (std::size_t i = 0; i < fine.size(); i += factor) out.push_back(fine[i]);
  return out;
}

}  // namespace kinetic::test
