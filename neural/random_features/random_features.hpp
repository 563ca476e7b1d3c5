#pragma once
// Local random feature spaces for the random feature method (RFM, Chen-Chi-E-Yang 2022), Eigen-free and
// LibTorch-free.
//
// Space: [xL, xR] is cut into P equal patches with centres c_p and half-widths r_p; a C^1 partition of unity
//   psi_p(x) = psi((x - c_p)/r_p),  psi(s) = 1 on |s| <= 3/4, (1 -+ sin(2 pi s))/2 on 3/4 <= |s| <= 5/4,
// (kept equal to 1 beyond the domain ends) glues local approximations: u(x) = sum_p psi_p(x) u_p(x).
// Each local u_p is a combination of M fixed random features phi_pj(s, t) = tanh(a_pj s + b_pj t + c_pj)
// plus a constant, with s = (x - c_p)/r_p and t the velocity normalised to the feature's velocity group;
// a, b, c ~ U(-R, R) (R = feature scale), drawn once from a seeded generator, so runs are reproducible.
// Velocity groups: the discrete ordinates are split into contiguous groups (one group per ordinate gives an
// independent local approximation per ordinate); a feature of group q is zero at ordinates outside q. No
// continuity in v is needed: the steady equation has no v-derivative.
#include <cstdint>
#include <vector>

namespace kinetic::neural {

class PartitionOfUnity {
 public:
  PartitionOfUnity(double x_left, double x_right, int patches);
  int size() const { return patches_; }
  double centre(int p) const { return x_left_ + (2 * p + 1) * radius_; }
  double radius() const { return radius_; }
  // psi_p(x) and psi_p'(x); zero outside the patch's support.
  void eval(int p, double x, double& psi, double& dpsi) const;
  // Patches whose support contains x: [first, last].
  void active(double x, int& first, int& last) const;

 private:
  double x_left_, radius_;
  int patches_;
};

// Value and x-derivative of one basis function at a point.
struct FeatureValue {
  int column;
  double value, dx;
};

// M random tanh features + a constant on each (x-patch, velocity group) pair; columns numbered from `offset`.
class RandomFeatureSpace {
 public:
  // `groups[k]` = velocity group of ordinate k (use all zeros for functions of x only), `vs` the ordinates.
  RandomFeatureSpace(const PartitionOfUnity& pou, int features, double scale, std::uint64_t seed,
                     const std::vector<int>& groups, const std::vector<double>& vs, int offset);
  int columns() const { return pou_.size() * n_groups_ * (features_ + 1); }
  int offset() const { return offset_; }
  int group_of(int k) const { return groups_[k]; }
  int n_groups() const { return n_groups_; }
  // Appends the nonzero basis values at (x, ordinate k) (k is ignored for a single group built with vs = {0}).
  void eval(double x, int k, std::vector<FeatureValue>& out) const;

 private:
  int column(int p, int q, int j) const { return offset_ + (p * n_groups_ + q) * (features_ + 1) + j; }
  PartitionOfUnity pou_;
  int features_, n_groups_, offset_;
  std::vector<int> groups_;
  std::vector<double> t_;          // ordinate normalised to [-1, 1] within its group
  std::vector<double> a_, b_, c_;  // per (p, q, j)
};

// Splits n ordinates (ascending) into `groups` contiguous groups of near-equal size; groups <= 0 or >= n: one
// group per ordinate. When n is even and groups is even, no group straddles v = 0.
std::vector<int> velocity_groups(int n, int groups);

}  // namespace kinetic::neural
