#include "validation/compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "core/config.hpp"
#include "core/error.hpp"
#include "core/interpolation.hpp"

namespace kinetic::validation {

namespace {
// The period of a result whose problem is periodic (read from its echoed config), 0 otherwise.
double period_of(const ResultData& r) {
  try {
    const ConfigNode root = ConfigNode::from_string(r.config_text, "result");
    const ConfigNode problem = root.child("problem");
    if (problem.child("boundary").get_string("type", "") != "periodic") return 0.0;
    const auto space = problem.get_doubles("space");
    return space.size() == 2 ? space[1] - space[0] : 0.0;
  } catch (const std::exception&) {
    return 0.0;  // no readable config: treat as non-periodic
  }
}
}  // namespace

std::vector<ErrorRow> compare_results(const ResultData& result, const ResultData& reference,
                                      const std::vector<std::string>& fields) {
  std::vector<std::string> names = fields;
  if (names.empty())
    for (const auto& kv : result.fields)
      if (reference.fields.count(kv.first)) names.push_back(kv.first);
  if (names.empty()) throw InputError("result and reference have no field in common");
  const bool same = same_grid(result.x, reference.x);
  const double period = period_of(reference);
  std::vector<ErrorRow> rows;
  for (const auto& name : names) {
    if (!result.fields.count(name)) throw InputError(fmt::format("the result has no field '{}'", name));
    if (!reference.fields.count(name)) throw InputError(fmt::format("the reference has no field '{}'", name));
    for (std::size_t it = 0; it < result.nt(); ++it) {
      const auto jt = reference.time_index(result.t[it]);
      if (jt < 0) continue;
      std::vector<double> ref = reference.field_at(name, jt);
      if (!same) {
        try {
          // Cell-centred references stop half a cell short of the walls: allow extrapolating one cell.
          const double span = reference.x.back() - reference.x.front();
          const double cell = std::max(reference.x[1] - reference.x[0],
                                       reference.x[reference.nx() - 1] - reference.x[reference.nx() - 2]);
          ref = period > 0 ? interpolate_periodic(reference.x, ref, period, result.x)
                           : interpolate(reference.x, ref, result.x, 1.000001 * cell / span);
        } catch (const std::out_of_range&) {
          throw InputError("the result's points lie outside the reference's space grid");
        }
      }
      ErrorRow row;
      row.field = name;
      row.time = result.t[it];
      row.norms = error_norms(result.field_at(name, it), ref);
      row.points = result.nx();
      row.interpolated = !same;
      rows.push_back(row);
    }
  }
  if (rows.empty()) throw InputError("result and reference share no output time");
  return rows;
}

std::string error_table_markdown(const std::vector<ErrorRow>& rows) {
  std::string s = "| field | t | rel. l2 | rel. l1 | max abs | points |\n|---|---|---|---|---|---|\n";
  for (const auto& r : rows)
    s += fmt::format("| {} | {:g} | {:.3e} | {:.3e} | {:.3e} | {}{} |\n", r.field, r.time, r.norms.rel_l2,
                     r.norms.rel_l1, r.norms.max_abs, r.points, r.interpolated ? " (ref. interpolated)" : "");
  return s;
}

std::string error_table_csv(const std::vector<ErrorRow>& rows) {
  std::string s = "field,t,rel_l2,rel_l1,max_abs,points\n";
  for (const auto& r : rows)
    s += fmt::format("{},{:.17g},{:.6e},{:.6e},{:.6e},{}\n", r.field, r.time, r.norms.rel_l2, r.norms.rel_l1,
                     r.norms.max_abs, r.points);
  return s;
}

}  // namespace kinetic::validation
