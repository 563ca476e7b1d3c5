#pragma once
// The damping rate (and oscillation frequency) of an electric-energy history W(t) = (1/2) int E^2 dx, to
// compare with a linear theory (classical/vpfp/linear_theory.hpp).
//   - oscillating (at least 2 local maxima of W in the window; its first sample counts when the parabola
//     through the first three samples peaks within one sample spacing of it, as at the start of a standing
//     wave at rest): the maxima, each refined by a parabola through
//     log W at its three samples, are fitted by least squares, log W_peak = a + r t; a standing wave
//     exp(2 gamma t)(A + B cos(2 omega t + phi)) has maxima spaced pi/omega apart whose heights fall at
//     exactly 2 gamma, so rate r = 2 gamma and frequency omega = pi / (mean spacing);
//   - otherwise: the least-squares slope r of log W over the window (omega = 0).
#include <vector>

namespace kinetic::validation {

struct EnergyDecay {
  double rate = 0.0;       // d log W / dt (twice the field's rate)
  double frequency = 0.0;  // the field's angular frequency omega (0: no oscillation seen)
  int peaks = 0;           // maxima used (0: slope fit)
};

EnergyDecay fit_energy_decay(const std::vector<double>& t, const std::vector<double>& energy, double t_from,
                             double t_to);

}  // namespace kinetic::validation
