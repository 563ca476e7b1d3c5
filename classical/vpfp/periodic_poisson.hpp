#pragma once
// The field of a periodic charge: E_x = q (q = rho - h with zero mean), E with zero mean, by FFT (FFTW):
//   E_m = q_m / (i k_m),  k_m = 2 pi m / L,  E_0 = 0.
// Spectrally accurate on point values of a smooth q; a non-zero mean of q (a charge the periodic problem cannot
// hold) is dropped and reported by mean_charge().
#include <fftw3.h>

#include <vector>

namespace kinetic::classical::vpfp {

// The electric energy (1/2) int E^2 dx of E at n equispaced points of a period (spacing dx).
inline double electric_energy(const std::vector<double>& E, double dx) {
  double w = 0.0;
  for (double e : E) w += e * e;
  return 0.5 * w * dx;
}

class PeriodicPoisson {
 public:
  PeriodicPoisson(int n, double length);
  ~PeriodicPoisson();
  PeriodicPoisson(const PeriodicPoisson&) = delete;
  PeriodicPoisson& operator=(const PeriodicPoisson&) = delete;

  // E at the n equispaced points for the charge q at the same points.
  std::vector<double> field(const std::vector<double>& q);
  double mean_charge() const { return mean_; }

 private:
  int n_;
  double length_, mean_ = 0.0;
  double* real_;
  fftw_complex* spec_;
  fftw_plan forward_, backward_;
};

}  // namespace kinetic::classical::vpfp
