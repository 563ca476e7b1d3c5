#include "coupling/supervision_data.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <random>

#include "core/error.hpp"
#include "core/interpolation.hpp"

namespace kinetic::coupling {

SupervisionSampling SupervisionSampling::from_config(const ConfigNode& s) {
  s.allow_only({"mode", "times", "points_per_time", "boundary_width", "include_f", "seed"});
  SupervisionSampling out;
  out.mode = s.get_choice("mode", {"grid", "random", "boundary"}, out.mode);
  out.times = s.get_doubles("times", {});
  out.points_per_time = static_cast<int>(s.get_int("points_per_time", out.points_per_time));
  if (out.points_per_time < 1) s.fail("points_per_time", "must be >= 1");
  out.boundary_width = s.get_double("boundary_width", out.boundary_width);
  if (!(out.boundary_width > 0 && out.boundary_width <= 0.5)) s.fail("boundary_width", "must be in (0, 0.5]");
  out.include_f = s.get_bool("include_f", out.include_f);
  out.seed = static_cast<unsigned>(s.get_int("seed", out.seed));
  return out;
}

SupervisionSet make_supervision(const ResultData& r, const SupervisionSampling& s, const std::string& source) {
  if (r.nt() == 0 || r.nx() < 2) throw InputError("supervision: the result has no snapshots");
  if (s.include_f && r.f.empty()) throw InputError("supervision: include_f needs a result with f (save_f: true)");
  SupervisionSet out;
  out.source = source;
  out.method = r.method;
  out.eps = r.eps;
  std::vector<std::size_t> time_index;
  if (s.times.empty()) {
    for (std::size_t i = 0; i < r.nt(); ++i) time_index.push_back(i);
  } else {
    for (double t : s.times) {
      const auto i = r.time_index(t);
      if (i < 0) throw InputError(fmt::format("supervision: the result has no output time {}", t));
      time_index.push_back(static_cast<std::size_t>(i));
    }
  }
  std::mt19937_64 rng(s.seed);
  const double xl = r.x.front(), xr = r.x.back(), L = xr - xl;
  const std::size_t nv = r.v.size();
  for (std::size_t it : time_index) {
    std::vector<double> xs;
    if (s.mode == "grid") {
      xs = r.x;
    } else {
      std::uniform_real_distribution<double> u(0.0, 1.0);
      for (int k = 0; k < s.points_per_time; ++k) {
        double x = xl + L * u(rng);
        if (s.mode == "boundary") {
          const double d = s.boundary_width * L * u(rng);
          x = (k % 2 == 0) ? xl + d : xr - d;
        }
        xs.push_back(x);
      }
    }
    for (const auto& [name, all] : r.fields) {
      const std::vector<double> row = r.field_at(name, it);
      const auto vals = s.mode == "grid" ? row : interpolate(r.x, row, xs);
      auto& dst = out.values[name];
      dst.insert(dst.end(), vals.begin(), vals.end());
    }
    for (double x : xs) out.t.push_back(r.t[it]), out.x.push_back(x);
    if (s.include_f) {
      // f at every velocity node, interpolated in x node by node.
      for (std::size_t k = 0; k < nv; ++k) {
        std::vector<double> fk(r.nx());
        for (std::size_t i = 0; i < r.nx(); ++i) fk[i] = r.f[(it * r.nx() + i) * nv + k];
        const auto vals = s.mode == "grid" ? fk : interpolate(r.x, fk, xs);
        for (std::size_t p = 0; p < xs.size(); ++p) {
          out.ft.push_back(r.t[it]);
          out.fx.push_back(xs[p]);
          out.fv.push_back(r.v[k]);
          out.f.push_back(vals[p]);
        }
      }
    }
  }
  return out;
}

}  // namespace kinetic::coupling
