#pragma once
// Jin-Pareschi-Toscani even-odd parity AP scheme for slab linear transport, an AP discretisation independent
// of the micro-macro one (used to cross-check it). For v in (0, 1]:
//   r = (f(v) + f(-v))/2,  j = (f(v) - f(-v))/(2 eps),  rho = <f> = sum_{v_k>0} 2 w_k r_k,
//   r_t + v j_x = (sigma_s/eps^2)(rho - r) - sigma_a r + G_even,
//   eps^2 j_t + v r_x = -(sigma_s + eps^2 sigma_a) j + eps G_odd.
// With phi = min(1, 1/eps) the system is split into a stiff relaxation step (implicit, rho fixed)
//   r* = rho + (r - rho) eps^2/(eps^2 + sigma_s dt),
//   j* = [eps^2 j - dt (1 - eps^2 phi) v r*_x + eps dt G_odd] / (eps^2 + dt (sigma_s + eps^2 sigma_a)),
// and the hyperbolic step r_t + v j_x = 0, j_t + phi v r_x = 0, upwinded on the Riemann invariants
// w = r +- j/sqrt(phi) (first-order upwind or a van Leer limited Lax-Wendroff flux). Everything lives on the
// nodes; inflow nodes combine the outgoing invariant with r + eps j = f_L (left), r - eps j = f_R (right).
// Step: dt = C min(dx/(sqrt(phi) vmax), 2/(<v^2>/(sigma_min dx^2) + sqrt(phi)/dx)) (hyperbolic CFL and the
// parabolic bound of the limit scheme, both independent of eps).
//
// Config (`classical:`): method: even_odd, nx (cells, 200), nv (even, 32), cfl (C, 0.5), transport
// (first_order | second_order), dt (override), save_f (false).
#include "core/config.hpp"
#include "core/problem.hpp"
#include "core/result_file.hpp"

namespace kinetic::classical {

void solve_even_odd(const Problem& problem, const ConfigNode& section, ResultWriter& writer);

}  // namespace kinetic::classical
