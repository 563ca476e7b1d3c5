#pragma once
// Linear theory of the VPFP system (core/equations/vpfp.cpp) about the uniform equilibrium f = M0(v),
// h = 1, E = 0, for one Fourier mode exp(i k x): the rates against which the solvers' electric energy is
// checked.
//
// Write the perturbation as g = sum_n c_n(t) He_n(v) M0(v) (probabilists' Hermite polynomials; the He_n M0
// are the eigenfunctions of the Fokker-Planck operator, (v g + g_v)_v = -n g, and int He_n M0 dv = delta_n0).
// Linearised, g_t + v g_x - (1/eps) E v M0 = (1/eps)(v g + g_v)_v with i k E = c_0 (Poisson), and with
// v He_n = He_{n+1} + n He_{n-1} the moments obey
//   c_n' = -i k (c_{n-1} + (n + 1) c_{n+1}) - (n/eps) c_n + delta_n1 (1/eps) E,   E = -i c_0 / k.
// Truncated at N moments this is c' = A c; its eigenvalues converge fast in N because the collisions damp
// moment n at the rate n/eps. The least damped eigenvalue lambda governs late times: the field amplitude
// behaves as exp(Re(lambda) t), the electric energy (1/2) int E^2 dx decays at the rate 2 Re(lambda), and it
// oscillates with the angular frequency 2 Im(lambda) (a standing wave: both modes +-k are excited).
//
// High-field limit (eps -> 0): for the slow mode c_2 = O(eps c_1), so the n = 1 equation gives
// c_1 = -(i/k) c_0 - i eps (k - lambda/k) c_0 + O(eps^2) and the n = 0 one lambda = -1 - eps (k^2 - lambda):
//   lambda = -1 - eps (1 + k^2) + O(eps^2),
// whose eps = 0 value -1 is the rate of the drift-Poisson limit rho_t + (rho E)_x = 0, E_x = rho - 1.
// Collisionless Landau damping (no Fokker-Planck term) is not captured by a truncated Hermite system (no
// dissipation): its root comes from the plasma dispersion function; the tests use the published values
// (reference-facts.md: k = 0.5, omega = 1.4157, gamma = -0.1533).
#include <complex>
#include <vector>

namespace kinetic::classical::vpfp {

// Eigenvalues of the N-moment system for wavenumber k, sorted by decreasing real part.
std::vector<std::complex<double>> hermite_spectrum(double k, double eps, int moments);
// The least damped eigenvalue, with N doubled (16 .. 256) until it changes by less than 1e-9 (relative).
std::complex<double> least_damped_mode(double k, double eps);
// The first two terms of its high-field expansion: -1 - eps (1 + k^2).
double high_field_rate(double k, double eps);

}  // namespace kinetic::classical::vpfp
