#pragma once
// When a gray radiative transfer solver records its time series (T at the probes, the walls' fluxes): at the
// first time offered, then whenever another t_end/400 has passed, and at every output time; never one time
// twice. One clock for every series, so they share their times.
#include <vector>

namespace kinetic::classical::grte {

class SeriesClock {
 public:
  explicit SeriesClock(double t_end) : every_(t_end / 400.0) {}

  // Whether a step that ended at time t is to be recorded (the first call always is).
  bool due(double t) const { return times_.empty() || t >= next_; }
  // Takes time t into the series; false (nothing to record) if it is not after the last one taken.
  bool take(double t) {
    if (!times_.empty() && t <= times_.back()) return false;
    times_.push_back(t);
    next_ = t + every_ * (1.0 - 1e-9);
    return true;
  }
  const std::vector<double>& times() const { return times_; }

 private:
  double every_, next_ = 0.0;
  std::vector<double> times_;
};

}  // namespace kinetic::classical::grte
