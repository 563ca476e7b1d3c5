#include "core/interpolation.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace kinetic {

namespace {

// The local cubic at x_new (see the header); with `bounded`, clamped to the range of its stencil's values.
std::vector<double> local_cubic(const std::vector<double>& x_ref, const std::vector<double>& y_ref,
                                const std::vector<double>& x_new, double tol, bool bounded) {
  const std::size_t n = x_ref.size();
  if (n < 2 || y_ref.size() != n) throw std::invalid_argument("interpolate: need >= 2 reference points");
  const double span = x_ref.back() - x_ref.front();
  const std::size_t stencil = std::min<std::size_t>(4, n);
  std::vector<double> out(x_new.size());
  for (std::size_t i = 0; i < x_new.size(); ++i) {
    const double x = x_new[i];
    if (x < x_ref.front() - tol * span || x > x_ref.back() + tol * span)
      throw std::out_of_range("interpolate: point outside the reference grid");
    // First node of the stencil: centre the four nodes around x, clipped to the grid.
    const auto upper = std::upper_bound(x_ref.begin(), x_ref.end(), x) - x_ref.begin();
    std::ptrdiff_t first = upper - static_cast<std::ptrdiff_t>(stencil / 2);
    first = std::clamp<std::ptrdiff_t>(first, 0, static_cast<std::ptrdiff_t>(n - stencil));
    double y = 0;
    for (std::size_t a = 0; a < stencil; ++a) {
      double basis = 1;
      const double xa = x_ref[first + a];
      for (std::size_t b = 0; b < stencil; ++b)
        if (b != a) basis *= (x - x_ref[first + b]) / (xa - x_ref[first + b]);
      y += basis * y_ref[first + a];
    }
    if (bounded) {
      const auto [lo, hi] = std::minmax_element(y_ref.begin() + first, y_ref.begin() + first + stencil);
      y = std::clamp(y, *lo, *hi);
    }
    out[i] = y;
  }
  return out;
}

}  // namespace

std::vector<double> interpolate(const std::vector<double>& x_ref, const std::vector<double>& y_ref,
                                const std::vector<double>& x_new, double tol) {
  return local_cubic(x_ref, y_ref, x_new, tol, false);
}

std::vector<double> interpolate_bounded(const std::vector<double>& x_ref, const std::vector<double>& y_ref,
                                        const std::vector<double>& x_new) {
  return local_cubic(x_ref, y_ref, x_new, 1e-9, true);
}

std::vector<double> interpolate_periodic(const std::vector<double>& x_ref, const std::vector<double>& y_ref,
                                         double period, const std::vector<double>& x_new) {
  const std::size_t n = x_ref.size();
  if (n < 2 || y_ref.size() != n) throw std::invalid_argument("interpolate_periodic: need >= 2 reference points");
  std::vector<double> xs, ys;
  for (std::size_t k = 2; k >= 1; --k) xs.push_back(x_ref[n - k] - period), ys.push_back(y_ref[n - k]);
  xs.insert(xs.end(), x_ref.begin(), x_ref.end());
  ys.insert(ys.end(), y_ref.begin(), y_ref.end());
  for (std::size_t k = 0; k < 2; ++k) xs.push_back(x_ref[k] + period), ys.push_back(y_ref[k]);
  // Map every point into the window [x_ref.front(), x_ref.front() + period).
  std::vector<double> wrapped(x_new.size());
  for (std::size_t i = 0; i < x_new.size(); ++i)
    wrapped[i] = x_ref.front() + std::fmod(std::fmod(x_new[i] - x_ref.front(), period) + period, period);
  return interpolate(xs, ys, wrapped);
}

bool same_grid(const std::vector<double>& a, const std::vector<double>& b, double tol) {
  if (a.size() != b.size() || a.empty()) return false;
  const double span = std::max(std::abs(a.back() - a.front()), 1e-300);
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::abs(a[i] - b[i]) > tol * span) return false;
  return true;
}

}  // namespace kinetic
