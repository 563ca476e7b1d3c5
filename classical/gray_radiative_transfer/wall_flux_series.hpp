#pragma once
// The energy flux through each wall against time, recorded while a gray radiative transfer solver marches, on
// the probe series' clock (series_clock.hpp; from the first step's end, since no flux has passed at t = 0).
// Written as the result series wall_t, wall_flux_left, wall_flux_right: the same names and quantity as the
// networks' (2 F of ((2/c) rho + e(T))_t + (2 F)_x = Q/eps^2, positive to the right), so the energy a run lets
// in can be set beside a network's. Walls only: a periodic problem has none.
#include <utility>
#include <vector>

#include "classical/gray_radiative_transfer/series_clock.hpp"
#include "core/problem.hpp"
#include "core/result_file.hpp"

namespace kinetic::classical::grte {

class WallFluxSeries {
 public:
  explicit WallFluxSeries(const Problem& problem)
      : walls_(problem.radiation.left.kind != RadiationSide::Kind::Periodic), clock_(problem.t_end) {}

  // Whether a step that ended at time t is to be recorded (the first call always is).
  bool due(double t) const { return walls_ && clock_.due(t); }
  // Records the fluxes (left, right) that carried energy up to time t; a time already recorded is skipped.
  void record(double t, std::pair<double, double> flux) {
    if (!walls_ || !clock_.take(t)) return;
    left_.push_back(flux.first), right_.push_back(flux.second);
  }

  void write(ResultData& data) const {
    if (!walls_) return;
    data.series["wall_t"] = clock_.times();
    data.series["wall_flux_left"] = left_;
    data.series["wall_flux_right"] = right_;
  }

 private:
  bool walls_;
  SeriesClock clock_;
  std::vector<double> left_, right_;
};

}  // namespace kinetic::classical::grte
