#include "core/random_inputs.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/formula.hpp"

namespace kinetic {

std::vector<double> RandomInputs::nominal() const {
  const double mean = distribution == Distribution::Uniform ? 0.5 * (a + b) : a;
  return std::vector<double>(dim, mean);
}

double RandomInputs::from_reference(double y) const {
  return distribution == Distribution::Uniform ? 0.5 * (a + b) + 0.5 * (b - a) * y : a + b * y;
}

std::string RandomInputs::describe() const {
  return distribution == Distribution::Uniform ? fmt::format("z1..z{} iid uniform on [{}, {}]", dim, a, b)
                                               : fmt::format("z1..z{} iid normal, mean {}, std {}", dim, a, b);
}

RandomInputs RandomInputs::from_config(const ConfigNode& node) {
  if (!node.is_map()) node.fail_here("expected a mapping {dim, distribution, range | mean, std}");
  RandomInputs r;
  const long dim = node.get_int("dim");
  if (dim < 1 || dim > Formula::kMaxRandomInputs)
    node.fail("dim", fmt::format("must be between 1 and {} (got {})", Formula::kMaxRandomInputs, dim));
  r.dim = static_cast<int>(dim);
  const std::string kind = node.get_choice("distribution", {"uniform", "normal"}, "uniform");
  if (kind == "uniform") {
    node.allow_only({"dim", "distribution", "range"});
    const std::vector<double> range = node.get_doubles("range", {-1.0, 1.0});
    if (range.size() != 2 || !std::isfinite(range[0]) || !std::isfinite(range[1]) || !(range[1] > range[0]))
      node.fail("range", "expected a finite increasing interval [a, b]");
    r.a = range[0], r.b = range[1];
  } else {
    node.allow_only({"dim", "distribution", "mean", "std"});
    r.distribution = Distribution::Normal;
    r.a = node.get_double("mean", 0.0);
    r.b = node.get_double("std", 1.0);
    if (!std::isfinite(r.a)) node.fail("mean", "must be finite");
    if (!(r.b > 0.0) || !std::isfinite(r.b)) node.fail("std", fmt::format("must be a finite number > 0 (got {})", r.b));
  }
  return r;
}

}  // namespace kinetic
