#include "validation/energy_decay.hpp"

#include <cmath>

#include "core/error.hpp"

namespace kinetic::validation {

namespace {

// Least-squares slope and intercept of y against x.
std::pair<double, double> line_fit(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) sx += x[i], sy += y[i], sxx += x[i] * x[i], sxy += x[i] * y[i];
  const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  return {slope, (sy - slope * sx) / n};
}

}  // namespace

EnergyDecay fit_energy_decay(const std::vector<double>& t, const std::vector<double>& energy, double t_from,
                             double t_to) {
  if (t.size() != energy.size()) throw RunError("fit_energy_decay: t and energy differ in length");
  std::vector<double> ts, logs;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (t[i] >= t_from && t[i] <= t_to) {
      if (!(energy[i] > 0.0)) throw RunError("fit_energy_decay: the energy must be > 0 in the window");
      ts.push_back(t[i]), logs.push_back(std::log(energy[i]));
    }
  if (ts.size() < 5) throw RunError("fit_energy_decay: fewer than 5 samples in the window");
  std::vector<double> peak_t, peak_log;
  {  // The window's first sample is a maximum if the parabola through the first three peaks within one spacing
     // of it (a standing wave started at rest, e.g. Landau damping's t = 0, where dW/dt = 0).
    const double x0 = ts[0], x1 = ts[1], x2 = ts[2], y0 = logs[0], y1 = logs[1], y2 = logs[2];
    const double d01 = (y1 - y0) / (x1 - x0), d12 = (y2 - y1) / (x2 - x1), c = (d12 - d01) / (x2 - x0);
    if (c < 0.0) {
      const double xv = 0.5 * (x0 + x1) - d01 / (2 * c);
      if (std::abs(xv - x0) <= x1 - x0) peak_t.push_back(xv), peak_log.push_back(y0 + (xv - x0) * (d01 + c * (xv - x1)));
    }
  }
  for (std::size_t i = 1; i + 1 < ts.size(); ++i)
    if (logs[i] > logs[i - 1] && logs[i] >= logs[i + 1]) {
      // The vertex of the parabola through the three samples (uneven spacing allowed).
      const double x0 = ts[i - 1], x1 = ts[i], x2 = ts[i + 1], y0 = logs[i - 1], y1 = logs[i], y2 = logs[i + 1];
      const double d01 = (y1 - y0) / (x1 - x0), d12 = (y2 - y1) / (x2 - x1), c = (d12 - d01) / (x2 - x0);
      const double b = d01 - c * (x0 + x1);  // y = y0 + ... written as c x^2 + b x + const
      const double xv = c < 0.0 ? -b / (2 * c) : x1;
      peak_t.push_back(xv), peak_log.push_back(y1 + (xv - x1) * (d01 + c * (xv - x0)));
    }
  EnergyDecay out;
  if (peak_t.size() >= 2) {
    out.peaks = static_cast<int>(peak_t.size());
    out.rate = line_fit(peak_t, peak_log).first;
    out.frequency = M_PI * (peak_t.size() - 1) / (peak_t.back() - peak_t.front());
    return out;
  }
  out.rate = line_fit(ts, logs).first;
  return out;
}

}  // namespace kinetic::validation
