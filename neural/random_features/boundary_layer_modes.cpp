#include "neural/random_features/boundary_layer_modes.hpp"

#include <algorithm>

namespace kinetic::neural {

std::vector<LayerMode> layer_modes(const std::vector<double>& vs, const std::vector<double>& ws, double sigma_s,
                                   double s, bool left) {
  std::vector<LayerMode> modes;
  if (!(sigma_s > 0) || !(s > 0)) return modes;  // no scattering: no layer modes
  std::vector<double> vpos;
  for (double v : vs)
    if (v > 0) vpos.push_back(v);
  std::sort(vpos.begin(), vpos.end());
  // F(lambda) = sum_k w_k sigma/(s - v_k lambda) - 1 goes from -inf to +inf between consecutive poles s/v_k.
  auto dispersion = [&](double lambda) {
    double sum = -1.0;
    for (std::size_t k = 0; k < vs.size(); ++k) sum += ws[k] * sigma_s / (s - vs[k] * lambda);
    return sum;
  };
  for (std::size_t k = 0; k + 1 < vpos.size(); ++k) {
    double lo = s / vpos[k + 1] * (1 + 1e-13), hi = s / vpos[k] * (1 - 1e-13);
    if (!(dispersion(lo) < 0 && dispersion(hi) > 0)) continue;  // no sign change (degenerate ordinates)
    for (int it = 0; it < 200 && hi - lo > 1e-15 * hi; ++it) {
      const double mid = (lo + hi) / 2;
      (dispersion(mid) < 0 ? lo : hi) = mid;
    }
    LayerMode m;
    m.left = left;
    m.lambda = (lo + hi) / 2;
    m.phi.resize(vs.size());
    // Right modes are the mirror images: v -> -v.
    for (std::size_t i = 0; i < vs.size(); ++i) m.phi[i] = sigma_s / (s - (left ? 1.0 : -1.0) * vs[i] * m.lambda);
    modes.push_back(std::move(m));
  }
  return modes;
}

}  // namespace kinetic::neural
