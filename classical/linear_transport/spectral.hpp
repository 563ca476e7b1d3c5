#pragma once
// Spectral reference for periodic slab linear transport with constant sigma_s, sigma_a and no source:
// Fourier transform in x (FFTW), then per Fourier mode k the discrete-ordinate system
//   d/dt fhat = A(k) fhat,   A(k) = -i k V / eps + (sigma_s/eps^2)(1 w^T - I) - sigma_a I,
// is linear with constant coefficients and is advanced exactly, fhat(t) = exp(A t) fhat(0) (Eigen matrix
// exponential). Exact in x (for data resolved by the grid) and in t; the only error is the number of ordinates.
//
// Config (`classical:`): method: spectral, nx (grid points = FFT size, even, 128), nv (even, 32), save_f.
#include "core/config.hpp"
#include "core/problem.hpp"
#include "core/result_file.hpp"

namespace kinetic::classical {

void solve_spectral(const Problem& problem, const ConfigNode& section, ResultWriter& writer);

}  // namespace kinetic::classical
