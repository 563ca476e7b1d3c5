#pragma once
// T against time at the problem's probe points (problem.probes), recorded while a gray radiative transfer
// solver marches, on the series clock (series_clock.hpp: from t = 0 every t_end/400 and at the output times);
// T at a probe by linear interpolation between the two grid points around it. Written as the result series probe_t, probe_x and
// probe_T_<k> (the same names as the networks' series, so validate draws one against the other).
#include <algorithm>
#include <string>
#include <vector>

#include "classical/gray_radiative_transfer/series_clock.hpp"
#include "core/problem.hpp"
#include "core/result_file.hpp"

namespace kinetic::classical::grte {

class ProbeSeries {
 public:
  ProbeSeries(const Problem& problem, const std::vector<double>& x)
      : probes_(problem.radiation.probes), x_(x), clock_(problem.t_end), values_(probes_.size()) {}

  // Whether a step that ended at time t is to be recorded (the first call always is).
  bool due(double t) const { return !probes_.empty() && clock_.due(t); }
  // Records T (on the grid x) at time t; a time already recorded is skipped.
  void record(double t, const std::vector<double>& T) {
    if (probes_.empty() || !clock_.take(t)) return;
    for (std::size_t k = 0; k < probes_.size(); ++k) values_[k].push_back(at(T, probes_[k]));
  }

  void write(ResultData& data) const {
    if (probes_.empty()) return;
    data.series["probe_t"] = clock_.times();
    data.series["probe_x"] = probes_;
    for (std::size_t k = 0; k < probes_.size(); ++k) data.series["probe_T_" + std::to_string(k)] = values_[k];
  }

 private:
  double at(const std::vector<double>& T, double xp) const {
    if (xp <= x_.front()) return T.front();
    if (xp >= x_.back()) return T.back();
    const std::size_t i = std::upper_bound(x_.begin(), x_.end(), xp) - x_.begin();  // x_[i-1] <= xp < x_[i]
    const double s = (xp - x_[i - 1]) / (x_[i] - x_[i - 1]);
    return (1.0 - s) * T[i - 1] + s * T[i];
  }

  std::vector<double> probes_, x_;
  SeriesClock clock_;
  std::vector<std::vector<double>> values_;
};

}  // namespace kinetic::classical::grte
