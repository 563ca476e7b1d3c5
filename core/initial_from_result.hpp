#pragma once
// Initial data taken from a result file (neural -> classical coupling: a trained network evaluated on a
// grid, or any earlier run, continues as the initial state of a new run).
//   initial: {from_result: run.h5, time: 0.1}
// If the file holds f(x, v) it is interpolated (cubic in x, linear in v). Otherwise f is rebuilt from the
// moments: linear transport uses the first-order Chapman-Enskog closure f = rho - (eps/sigma_s) v rho_x,
// which is the exact asymptotic state for small eps; BGK uses the Maxwellian of (rho, momentum, energy).
#include <string>

#include "core/config.hpp"
#include "core/problem.hpp"

namespace kinetic {

// Fills problem.initial from the section's from_result/time keys. Needs equation, eps, sigma_s set.
void load_initial_from_result(const ConfigNode& initial_section, Problem& problem);

// Gray radiative transfer (initial: {from_result: run.h5, time: 0.1}): T(x) from the field T, and I(x, mu) from
// the saved intensity (classical save_f) or else the isotropic I = rho. The new run's clock starts at 0.
void load_grte_initial_from_result(const ConfigNode& initial_section, Problem& problem);

}  // namespace kinetic
