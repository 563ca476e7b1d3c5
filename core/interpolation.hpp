#pragma once
// Moving a reference onto another grid: local cubic Lagrange interpolation on the four nearest reference
// nodes (any spacing), exact for polynomials of degree <= 3; linear when the reference has 2-3 points.
#include <vector>

namespace kinetic {

// `x_ref` strictly increasing. Points outside [x_ref.front(), x_ref.back()] by more than `tol` throw
// std::out_of_range.
std::vector<double> interpolate(const std::vector<double>& x_ref, const std::vector<double>& y_ref,
                                const std::vector<double>& x_new, double tol = 1e-9);

// The same, clamped to the range of the four reference values it uses: no new extrema, so data that are
// positive or bounded stay so (the plain cubic overshoots at a steep front: the Marshak wave's T at 0.1 ns
// fell to 0.0019 keV below its cold 0.01 keV). Near a smooth extremum between nodes the clamp costs O(h^2)
// instead of O(h^4).
std::vector<double> interpolate_bounded(const std::vector<double>& x_ref, const std::vector<double>& y_ref,
                                        const std::vector<double>& x_new);

// The same for a periodic function of period `period` sampled on one period (any window): the reference is
// extended by two wrapped nodes on each side, so points anywhere in that period are interpolated.
std::vector<double> interpolate_periodic(const std::vector<double>& x_ref, const std::vector<double>& y_ref,
                                         double period, const std::vector<double>& x_new);

// True if the two grids are the same points (to `tol`, relative to the domain size).
bool same_grid(const std::vector<double>& a, const std::vector<double>& b, double tol = 1e-12);

}  // namespace kinetic
