#pragma once
// Errors of a result against a reference result, per field and per output time. The reference is
// interpolated onto the result's points when the grids differ (cubic; up to one reference cell beyond its
// end points, for cell-centred references); times are matched exactly (to 1e-9).
#include <string>
#include <vector>

#include "core/result_file.hpp"
#include "validation/error_metrics.hpp"

namespace kinetic::validation {

struct ErrorRow {
  std::string field;
  double time = 0;
  ErrorNorms norms;
  std::size_t points = 0;
  bool interpolated = false;
};

// `fields` empty: every field present in both. Times of `result` absent from `reference` are skipped;
// InputError if nothing at all can be compared.
std::vector<ErrorRow> compare_results(const ResultData& result, const ResultData& reference,
                                      const std::vector<std::string>& fields = {});

std::string error_table_markdown(const std::vector<ErrorRow>& rows);
std::string error_table_csv(const std::vector<ErrorRow>& rows);

}  // namespace kinetic::validation
