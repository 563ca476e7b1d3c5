#include "classical/vpfp/periodic_poisson.hpp"

#include <cmath>

#include "core/error.hpp"

namespace kinetic::classical::vpfp {

PeriodicPoisson::PeriodicPoisson(int n, double length)
    : n_(n), length_(length), real_(fftw_alloc_real(n)), spec_(fftw_alloc_complex(n / 2 + 1)) {
  if (n < 2) throw RunError("PeriodicPoisson: needs at least 2 points");
  forward_ = fftw_plan_dft_r2c_1d(n, real_, spec_, FFTW_ESTIMATE);
  backward_ = fftw_plan_dft_c2r_1d(n, spec_, real_, FFTW_ESTIMATE);
}

PeriodicPoisson::~PeriodicPoisson() {
  fftw_destroy_plan(forward_);
  fftw_destroy_plan(backward_);
  fftw_free(real_);
  fftw_free(spec_);
}

std::vector<double> PeriodicPoisson::field(const std::vector<double>& q) {
  if (static_cast<int>(q.size()) != n_) throw RunError("PeriodicPoisson: wrong number of points");
  for (int i = 0; i < n_; ++i) real_[i] = q[i];
  fftw_execute(forward_);
  mean_ = spec_[0][0] / n_;
  spec_[0][0] = spec_[0][1] = 0.0;
  for (int m = 1; m <= n_ / 2; ++m) {
    // q_m / (i k) = -i q_m / k; FFTW's c2r is unnormalised, hence the 1/n.
    const double k = 2.0 * M_PI * m / length_, re = spec_[m][0], im = spec_[m][1];
    spec_[m][0] = im / (k * n_);
    spec_[m][1] = -re / (k * n_);
  }
  // The Nyquist mode of an even n has no sign of its own (cos(pi i) is real): its antiderivative sin(pi i)
  // vanishes on the grid, so it is dropped.
  if (n_ % 2 == 0) spec_[n_ / 2][0] = spec_[n_ / 2][1] = 0.0;
  fftw_execute(backward_);
  return std::vector<double>(real_, real_ + n_);
}

}  // namespace kinetic::classical::vpfp
