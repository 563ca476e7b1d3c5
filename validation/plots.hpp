#pragma once
// PNG plots drawn by gnuplot (Debian's gnuplot-nox): the data go to a .dat file and the commands to a .gp
// file beside the PNG, so a user can restyle any plot by editing and re-running `gnuplot file.gp`.
#include <string>
#include <vector>

#include "core/result_file.hpp"

namespace kinetic::validation {

struct Curve {
  std::string label;
  std::vector<double> x, y;
  bool markers = false;  // points instead of a line
  int color = 0;         // gnuplot line colour index; 0: one colour per curve
};

struct PlotSpec {
  std::string title, xlabel, ylabel;
  bool log_x = false, log_y = false;
  int width = 900, height = 600;
};

// Throws RunError if gnuplot is missing or fails; returns the PNG path.
std::string plot_curves(const std::vector<Curve>& curves, const PlotSpec& spec, const std::string& png_path);

// Several plots side by side in one PNG (gnuplot multiplot, one row), each panel width x height of its spec.
struct Panel {
  std::vector<Curve> curves;
  PlotSpec spec;
};
std::string plot_panels(const std::vector<Panel>& panels, const std::string& png_path);

// `field`(x) at each output time: reference as lines, result as markers (the slides' style). Times the
// reference lacks are drawn without a reference line.
std::string plot_profiles(const ResultData& result, const ResultData* reference, const std::string& field,
                          const std::string& png_path);
// The curves and spec of that plot (for a panel of a larger figure).
Panel profile_panel(const ResultData& result, const ResultData* reference, const std::string& field);

// Reads a CSV with a header line; returns the named columns (throws InputError if one is missing).
std::vector<std::vector<double>> read_csv_columns(const std::string& path, const std::vector<std::string>& names);

}  // namespace kinetic::validation
