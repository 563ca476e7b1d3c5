#include "neural/random_features/space_time_features.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace kinetic::neural {

SpaceTimeFeatureSpace::SpaceTimeFeatureSpace(const PartitionOfUnity& pou_x, const PartitionOfUnity& pou_t, int features,
                                             double scale, std::uint64_t seed, const std::vector<int>& groups,
                                             const std::vector<double>& vs, int offset)
    : pou_x_(pou_x), pou_t_(pou_t), features_(features), offset_(offset), groups_(groups) {
  n_groups_ = groups.empty() ? 1 : *std::max_element(groups.begin(), groups.end()) + 1;
  u_.assign(groups.size(), 0.0);
  for (int g = 0; g < n_groups_; ++g) {
    double lo = 1e300, hi = -1e300;
    for (std::size_t k = 0; k < groups.size(); ++k)
      if (groups[k] == g) lo = std::min(lo, vs[k]), hi = std::max(hi, vs[k]);
    for (std::size_t k = 0; k < groups.size(); ++k)
      if (groups[k] == g && hi > lo) u_[k] = (2 * vs[k] - lo - hi) / (hi - lo);
  }
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<double> uni(-scale, scale);
  const std::size_t n = static_cast<std::size_t>(pou_x.size()) * pou_t.size() * n_groups_ * features;
  for (auto* v : {&a_, &b_, &c_, &d_}) v->resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    a_[i] = uni(gen);
    b_[i] = uni(gen);
    c_[i] = uni(gen);
    d_[i] = uni(gen);
  }
}

void SpaceTimeFeatureSpace::eval(double t, double x, int k, std::vector<SpaceTimeFeatureValue>& out) const {
  const int g = groups_.empty() ? 0 : groups_[k];
  const double u = u_.empty() ? 0.0 : u_[k];
  int px0, px1, pt0, pt1;
  pou_x_.active(x, px0, px1);
  pou_t_.active(t, pt0, pt1);
  const double rx = pou_x_.radius(), rt = pou_t_.radius();
  for (int p = px0; p <= px1; ++p) {
    double psi, dpsi;
    pou_x_.eval(p, x, psi, dpsi);
    if (psi == 0.0 && dpsi == 0.0) continue;
    const double s = (x - pou_x_.centre(p)) / rx;
    for (int q = pt0; q <= pt1; ++q) {
      double chi, dchi;
      pou_t_.eval(q, t, chi, dchi);
      if (chi == 0.0 && dchi == 0.0) continue;
      const double tau = (t - pou_t_.centre(q)) / rt;
      const int block = (p * pou_t_.size() + q) * n_groups_ + g;
      const std::size_t base = static_cast<std::size_t>(block) * features_;
      const int col0 = offset_ + block * (features_ + 1);
      // d/dx [psi chi th] = psi' chi th + psi chi th' a/rx,  d/dt [...] = psi chi' th + psi chi th' b/rt
      for (int j = 0; j < features_; ++j) {
        const std::size_t i = base + j;
        const double th = std::tanh(a_[i] * s + b_[i] * tau + c_[i] * u + d_[i]), dth = 1 - th * th;
        out.push_back({col0 + j, psi * chi * th, dpsi * chi * th + psi * chi * dth * a_[i] / rx,
                       psi * dchi * th + psi * chi * dth * b_[i] / rt});
      }
      out.push_back({col0 + features_, psi * chi, dpsi * chi, psi * dchi});
    }
  }
}

}  // namespace kinetic::neural
