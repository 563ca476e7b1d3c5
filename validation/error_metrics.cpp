#include "validation/error_metrics.hpp"

#include <cmath>
#include <stdexcept>

namespace kinetic::validation {

ErrorNorms error_norms(const std::vector<double>& value, const std::vector<double>& reference) {
  if (value.size() != reference.size() || value.empty())
    throw std::invalid_argument("error_norms: arrays must be non-empty and of equal size");
  double d2 = 0, r2 = 0, d1 = 0, r1 = 0, dmax = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const double d = value[i] - reference[i];
    d2 += d * d;
    r2 += reference[i] * reference[i];
    d1 += std::abs(d);
    r1 += std::abs(reference[i]);
    dmax = std::max(dmax, std::abs(d));
  }
  ErrorNorms e;
  e.rel_l2 = r2 > 0 ? std::sqrt(d2 / r2) : std::sqrt(d2 / value.size());
  e.rel_l1 = r1 > 0 ? d1 / r1 : d1 / value.size();
  e.max_abs = dmax;
  e.l1 = d1 / value.size();
  return e;
}

}  // namespace kinetic::validation
