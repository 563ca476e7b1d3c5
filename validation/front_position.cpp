#include "validation/front_position.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace kinetic::validation {

double front_position(const std::vector<double>& x, const std::vector<double>& y, double level) {
  const std::size_t n = std::min(x.size(), y.size());
  bool above = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (y[i] >= level) {
      above = true;
      continue;
    }
    if (!above) continue;  // still below the level before the first point at or above it
    const double s = (y[i - 1] - level) / (y[i - 1] - y[i]);  // in (0, 1]: y[i-1] >= level > y[i]
    return x[i - 1] + s * (x[i] - x[i - 1]);
  }
  return std::numeric_limits<double>::quiet_NaN();
}

FrontSpec parse_front_spec(const std::string& text) {
  const auto eq = text.find('=');
  FrontSpec spec;
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
    throw InputError(fmt::format("--front '{}': expected FIELD=LEVEL, e.g. T=0.5", text));
  spec.field = text.substr(0, eq);
  const std::string level = text.substr(eq + 1);
  try {
    std::size_t used = 0;
    spec.level = std::stod(level, &used);
    if (used != level.size() || !std::isfinite(spec.level)) throw std::invalid_argument(level);
  } catch (const std::exception&) {
    throw InputError(fmt::format("--front '{}': the level '{}' is not a number", text, level));
  }
  return spec;
}

std::vector<ErrorRow> compare_fronts(const ResultData& result, const ResultData& reference, const FrontSpec& front,
                                     std::vector<FrontPositions>* positions) {
  for (const auto* d : {&result, &reference})
    if (!d->fields.count(front.field))
      throw InputError(fmt::format("--front {}={:g}: the {} has no field '{}'", front.field, front.level,
                                   d == &result ? "result" : "reference", front.field));
  std::vector<ErrorRow> rows;
  for (std::size_t it = 0; it < result.nt(); ++it) {
    const auto jt = reference.time_index(result.t[it]);
    if (jt < 0) continue;
    const double xr = front_position(reference.x, reference.field_at(front.field, jt), front.level);
    if (std::isnan(xr)) continue;
    const double xf = front_position(result.x, result.field_at(front.field, it), front.level);
    ErrorRow row;
    row.field = fmt::format("front({}={:g})", front.field, front.level);
    row.time = result.t[it];
    row.points = 1;
    const double diff = std::isnan(xf) ? std::numeric_limits<double>::infinity() : std::abs(xf - xr);
    row.norms.max_abs = diff;
    row.norms.rel_l2 = row.norms.rel_l1 = xr != 0.0 ? diff / std::abs(xr) : diff;
    rows.push_back(row);
    if (positions) positions->push_back({result.t[it], xf, xr});
  }
  return rows;
}

}  // namespace kinetic::validation
