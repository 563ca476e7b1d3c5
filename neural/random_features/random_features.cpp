#include "neural/random_features/random_features.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace kinetic::neural {

PartitionOfUnity::PartitionOfUnity(double x_left, double x_right, int patches)
    : x_left_(x_left), radius_((x_right - x_left) / (2.0 * patches)), patches_(patches) {}

void PartitionOfUnity::eval(int p, double x, double& psi, double& dpsi) const {
  // psi(s): 1 on [-3/4, 3/4], (1 + sin 2 pi s)/2 on [-5/4, -3/4], (1 - sin 2 pi s)/2 on [3/4, 5/4]: C^1, and
  // neighbouring patches (centres 2 apart in s) sum to 1 on the overlaps. The outer ends stay at 1.
  const double s = (x - centre(p)) / radius_;
  psi = 0.0;
  dpsi = 0.0;
  const bool open_left = p == 0, open_right = p == patches_ - 1;
  if ((s <= -1.25 && !open_left) || (s >= 1.25 && !open_right)) return;
  if ((s <= 0.75 || open_right) && (s >= -0.75 || open_left)) {
    psi = 1.0;
    return;
  }
  const double sign = s < 0 ? 1.0 : -1.0;  // rising edge on the left, falling on the right
  psi = 0.5 * (1 + sign * std::sin(2 * M_PI * s));
  dpsi = sign * M_PI * std::cos(2 * M_PI * s) / radius_;
}

void PartitionOfUnity::active(double x, int& first, int& last) const {
  const double u = (x - x_left_) / (2 * radius_);  // patch coordinate: patch p covers [p, p+1)
  first = std::clamp(static_cast<int>(std::floor(u - 0.125)), 0, patches_ - 1);
  last = std::clamp(static_cast<int>(std::floor(u + 0.125)), 0, patches_ - 1);
}

std::vector<int> velocity_groups(int n, int groups) {
  std::vector<int> g(n);
  if (groups <= 0 || groups >= n) {
    for (int k = 0; k < n; ++k) g[k] = k;
    return g;
  }
  for (int k = 0; k < n; ++k) g[k] = static_cast<int>((static_cast<long>(k) * groups) / n);
  return g;
}

RandomFeatureSpace::RandomFeatureSpace(const PartitionOfUnity& pou, int features, double scale, std::uint64_t seed,
                                       const std::vector<int>& groups, const std::vector<double>& vs, int offset)
    : pou_(pou), features_(features), offset_(offset), groups_(groups) {
  n_groups_ = groups.empty() ? 1 : *std::max_element(groups.begin(), groups.end()) + 1;
  // Normalised velocity of each ordinate inside its group's [min, max].
  t_.assign(groups.size(), 0.0);
  for (int q = 0; q < n_groups_; ++q) {
    double lo = 1e300, hi = -1e300;
    for (std::size_t k = 0; k < groups.size(); ++k)
      if (groups[k] == q) lo = std::min(lo, vs[k]), hi = std::max(hi, vs[k]);
    for (std::size_t k = 0; k < groups.size(); ++k)
      if (groups[k] == q && hi > lo) t_[k] = (2 * vs[k] - lo - hi) / (hi - lo);
  }
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<double> uni(-scale, scale);
  const std::size_t n = static_cast<std::size_t>(pou.size()) * n_groups_ * features;
  a_.resize(n);
  b_.resize(n);
  c_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    a_[i] = uni(gen);
    b_[i] = uni(gen);
    c_[i] = uni(gen);
  }
}

void RandomFeatureSpace::eval(double x, int k, std::vector<FeatureValue>& out) const {
  const int q = groups_.empty() ? 0 : groups_[k];
  const double t = t_.empty() ? 0.0 : t_[k];
  int first, last;
  pou_.active(x, first, last);
  const double r = pou_.radius();
  for (int p = first; p <= last; ++p) {
    double psi, dpsi;
    pou_.eval(p, x, psi, dpsi);
    if (psi == 0.0 && dpsi == 0.0) continue;
    const double s = (x - pou_.centre(p)) / r;
    const std::size_t base = (static_cast<std::size_t>(p) * n_groups_ + q) * features_;
    for (int j = 0; j < features_; ++j) {
      // d/dx [psi tanh(a s + b t + c)] = psi' tanh + psi (1 - tanh^2) a / r
      const double th = std::tanh(a_[base + j] * s + b_[base + j] * t + c_[base + j]);
      out.push_back({column(p, q, j), psi * th, dpsi * th + psi * (1 - th * th) * a_[base + j] / r});
    }
    out.push_back({column(p, q, features_), psi, dpsi});  // the constant feature
  }
}

}  // namespace kinetic::neural
