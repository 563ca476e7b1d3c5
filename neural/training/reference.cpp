#include "neural/training/reference.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/analytic_references.hpp"
#include "core/interpolation.hpp"

namespace kinetic::neural {

DensityReference DensityReference::make(const Problem& problem, const std::string& path) {
  DensityReference r;
  r.problem_ = problem;
  if (!path.empty()) {
    r.data_ = read_result(path);
    r.kind_ = Kind::File;
    r.description_ = "result file " + path;
    return r;
  }
  const auto& b = problem.boundary;
  const bool series_applies = problem.equation == Equation::LinearTransport && b.kind == BoundaryKind::Inflow &&
                              b.f_left.is_constant() && b.f_right.is_constant() && !problem.initial.macroscopic &&
                              problem.initial.f.is_constant() && problem.initial.f(0, 0, 0) == 0.0 &&
                              problem.sigma_s.is_constant() && problem.sigma_a.is_constant() &&
                              problem.sigma_a(0, 0, 0) == 0.0 && problem.source.is_constant() &&
                              problem.source(0, 0, 0) == 0.0 && problem.velocity.measure == VelocityMeasure::Average;
  if (series_applies) {
    r.kind_ = Kind::Series;
    r.rho_left_ = b.f_left(0, 0, 0);
    r.rho_right_ = b.f_right(0, 0, 0);
    // D = <v^2>/sigma_s for the average measure on [-V, V]: V^2/(3 sigma_s).
    const double V = problem.velocity.vmax;
    r.diffusion_ = V * V / (3.0 * problem.sigma_s(0, 0, 0));
    r.description_ = fmt::format("diffusion-limit series (D = {:.6g}; exact as eps -> 0)", r.diffusion_);
  }
  return r;
}

bool DensityReference::has_field(const std::string& field) const {
  if (kind_ == Kind::Series) return field == "rho";
  return kind_ == Kind::File && data_.fields.count(field) > 0;
}

std::vector<double> DensityReference::at(double t, const std::vector<double>& x, const std::string& field) const {
  std::vector<double> out;
  if (!has_field(field)) return out;
  if (kind_ == Kind::Series) {
    for (double xi : x)
      out.push_back(analytic::diffusion_dirichlet_series(t, xi, problem_.x_left, problem_.x_right, rho_left_,
                                                         rho_right_, diffusion_));
  } else if (kind_ == Kind::File) {
    const auto it = data_.time_index(t, 1e-6 * std::max(1.0, std::abs(t)));
    if (it < 0) return out;
    const std::vector<double> row = data_.field_at(field, static_cast<std::size_t>(it));
    const auto& xs = data_.x;
    // Periodic problems: the reference's grid (cell centres, say) need not contain the ends; wrap around.
    if (problem_.periodic() && xs.size() >= 4) return interpolate_periodic(xs, row, problem_.length(), x);
    for (double xi : x) {
      // Linear interpolation, constant beyond the ends.
      auto hi = std::lower_bound(xs.begin(), xs.end(), xi);
      if (hi == xs.begin()) { out.push_back(row.front()); continue; }
      if (hi == xs.end()) { out.push_back(row.back()); continue; }
      const std::size_t k = static_cast<std::size_t>(hi - xs.begin());
      const double s = (xi - xs[k - 1]) / (xs[k] - xs[k - 1]);
      out.push_back((1 - s) * row[k - 1] + s * row[k]);
    }
  }
  return out;
}

}  // namespace kinetic::neural
