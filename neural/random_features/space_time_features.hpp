#pragma once
// Space-time random features for the time-dependent random feature method: the partition of unity is a
// product psi_p(x) chi_q(t) of two 1-D partitions (neural/random_features/random_features.hpp), and each (x-patch, t-patch,
// velocity group) carries M features tanh(a s + b tau + c u + d) plus a constant, with s, tau the patch-local
// coordinates in [-1, 1] and u the ordinate normalised within its velocity group; a, b, c, d ~ U(-R, R).
#include <cstdint>
#include <vector>

#include "neural/random_features/random_features.hpp"

namespace kinetic::neural {

struct SpaceTimeFeatureValue {
  int column;
  double value, dx, dt;
};

class SpaceTimeFeatureSpace {
 public:
  SpaceTimeFeatureSpace(const PartitionOfUnity& pou_x, const PartitionOfUnity& pou_t, int features, double scale,
                        std::uint64_t seed, const std::vector<int>& groups, const std::vector<double>& vs, int offset);
  int columns() const { return pou_x_.size() * pou_t_.size() * n_groups_ * (features_ + 1); }
  // Appends the nonzero basis values at (t, x, ordinate k) (k ignored when built with empty groups).
  void eval(double t, double x, int k, std::vector<SpaceTimeFeatureValue>& out) const;

 private:
  PartitionOfUnity pou_x_, pou_t_;
  int features_, n_groups_, offset_;
  std::vector<int> groups_;
  std::vector<double> u_;              // normalised ordinate within its group
  std::vector<double> a_, b_, c_, d_;  // per (p, q, group, j)
};

}  // namespace kinetic::neural
