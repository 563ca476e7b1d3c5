#include "neural/random_features/aprfm_options.hpp"

#include <fmt/format.h>

namespace kinetic::neural {

namespace {
int positive_int(const ConfigNode& s, const std::string& key, long fallback, long min_value) {
  const long value = s.get_int(key, fallback);
  if (value < min_value || value > 1000000)
    s.fail(key, fmt::format("must be in [{}, 1000000] (got {})", min_value, value));
  return static_cast<int>(value);
}
}  // namespace

AprfmOptions parse_aprfm_options(const ConfigNode& s) {
  s.allow_only({"method", "nv", "patches_x", "patches_v", "features", "features_rho", "features_g", "collocation",
                "feature_scale", "seed", "boundary_layers", "bc_weight", "solver", "eval_nx", "mode", "patches_t",
                "collocation_t"});
  AprfmOptions o;
  o.micro_macro = s.get_choice("method", {"aprfm", "rfm"}) == "aprfm";
  o.space_time = s.get_choice("mode", {"steady", "space_time"}, "steady") == "space_time";
  if (o.space_time && !o.micro_macro) s.fail("mode", "space_time needs method aprfm");
  o.patches_t = positive_int(s, "patches_t", o.patches_t, 1);
  o.collocation_t = positive_int(s, "collocation_t", o.collocation_t, 1);
  o.nv = positive_int(s, "nv", o.nv, 2);
  if (o.nv % 2 != 0) s.fail("nv", fmt::format("must be even (no ordinate at v = 0; got {})", o.nv));
  o.patches_x = positive_int(s, "patches_x", o.patches_x, 1);
  o.patches_v = positive_int(s, "patches_v", o.patches_v, 0);
  if (o.patches_v > o.nv) s.fail("patches_v", fmt::format("must be <= nv = {} (got {})", o.nv, o.patches_v));
  const int features = positive_int(s, "features", o.features_g, 1);
  o.features_rho = positive_int(s, "features_rho", features, 1);
  o.features_g = positive_int(s, "features_g", features, 1);
  o.collocation = positive_int(s, "collocation", o.collocation, 2);
  o.feature_scale = s.get_double("feature_scale", o.feature_scale);
  if (!(o.feature_scale > 0 && o.feature_scale < 1e3))
    s.fail("feature_scale", fmt::format("must be in (0, 1000) (got {})", o.feature_scale));
  const long seed = s.get_int("seed", 0);
  if (seed < 0) s.fail("seed", fmt::format("must be >= 0 (got {})", seed));
  o.seed = static_cast<std::uint64_t>(seed);
  o.boundary_layers = s.get_bool("boundary_layers", o.boundary_layers);
  o.bc_weight = s.get_double("bc_weight", o.bc_weight);
  if (!(o.bc_weight > 0)) s.fail("bc_weight", fmt::format("must be > 0 (got {})", o.bc_weight));
  o.solver = s.get_choice("solver", {"cod", "colpiv_qr", "qr", "normal"}, o.solver);
  o.eval_nx = positive_int(s, "eval_nx", o.eval_nx, 2);
  return o;
}

}  // namespace kinetic::neural
