#pragma once
// What a training run is measured against: a result file (e.g. a converged classical run; every field it
// holds: rho, and for BGK momentum and energy), or, for the inflow problem with constant isotropic data, zero
// initial data and sigma_s constant, the exact diffusion-limit series of rho (exact as eps -> 0; a proxy at
// small eps: about 2.7e-3 relative l2 at eps = 1e-3).
#include <string>
#include <vector>

#include "core/problem.hpp"
#include "core/result_file.hpp"

namespace kinetic::neural {

class DensityReference {
 public:
  DensityReference() = default;
  // From `path` if not empty (InputError if unreadable), else the series when it applies, else none.
  static DensityReference make(const Problem& problem, const std::string& path);

  bool available() const { return kind_ != Kind::None; }
  const std::string& description() const { return description_; }
  // Reference `field` at time t on points x (linear interpolation in x for files); empty if t or the field
  // is not available.
  std::vector<double> at(double t, const std::vector<double>& x, const std::string& field = "rho") const;
  bool has_field(const std::string& field) const;

 private:
  enum class Kind { None, Series, File };
  Kind kind_ = Kind::None;
  std::string description_ = "none";
  Problem problem_;
  double rho_left_ = 0, rho_right_ = 0, diffusion_ = 1.0 / 3.0;
  ResultData data_;
};

}  // namespace kinetic::neural
