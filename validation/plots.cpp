#include "validation/plots.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace kinetic::validation {

namespace fs = std::filesystem;

namespace {
std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
  return out + "\"";
}
}  // namespace

std::string plot_curves(const std::vector<Curve>& curves, const PlotSpec& spec, const std::string& png_path) {
  return plot_panels({{curves, spec}}, png_path);
}

std::string plot_panels(const std::vector<Panel>& panels, const std::string& png_path) {
  const fs::path png(png_path);
  if (png.has_parent_path()) fs::create_directories(png.parent_path());
  const std::string stem = (png.parent_path() / png.stem()).string();
  const std::string dat = stem + ".dat", gp = stem + ".gp";
  std::size_t plottable = 0;
  {
    std::ofstream d(dat);
    // One gnuplot data block per curve (all panels in turn), separated by two blank lines (`index`).
    for (const auto& panel : panels)
      for (const auto& c : panel.curves) {
        d << "# " << c.label << "\n";
        for (std::size_t i = 0; i < c.x.size(); ++i)
          if (std::isfinite(c.x[i]) && std::isfinite(c.y[i]) && (!panel.spec.log_x || c.x[i] > 0) &&
              (!panel.spec.log_y || c.y[i] > 0)) {
            d << fmt::format("{:.10g} {:.10g}\n", c.x[i], c.y[i]);
            ++plottable;
          }
        d << "\n\n";
      }
  }
  // gnuplot refuses an empty range ("x range is invalid"): say why instead.
  if (plottable == 0) {
    bool log_y = false;
    for (const auto& panel : panels) log_y = log_y || panel.spec.log_y;
    throw RunError(fmt::format("{}: nothing to plot (every value is {}not finite)", png_path,
                               log_y ? "zero, negative or " : ""));
  }
  {
    std::ofstream g(gp);
    int width = 0, height = 0;
    for (const auto& panel : panels) width += panel.spec.width, height = std::max(height, panel.spec.height);
    g << fmt::format("set terminal pngcairo size {},{} enhanced font 'Sans,11'\n", width, height);
    g << "set output " << quote(png.filename().string()) << "\n";
    if (panels.size() > 1) g << fmt::format("set multiplot layout 1,{}\n", panels.size());
    std::size_t block = 0;
    for (const auto& panel : panels) {
      const auto& spec = panel.spec;
      const auto& curves = panel.curves;
      g << "set title " << quote(spec.title) << " noenhanced\nset xlabel " << quote(spec.xlabel)
        << " noenhanced\nset ylabel " << quote(spec.ylabel) << " noenhanced\n";
      g << "set grid\nset key " << (panels.size() > 1 ? "inside top right" : "outside right top")
        << " noenhanced\n";
      g << (spec.log_x ? "set logscale x\nset format x '%.0e'\n" : "unset logscale x\nset format x '% h'\n");
      g << (spec.log_y ? "set logscale y\nset format y '%.0e'\n" : "unset logscale y\nset format y '% h'\n");
      auto color_of = [&](std::size_t i) { return curves[i].color > 0 ? curves[i].color : static_cast<int>(i) + 1; };
      g << "plot ";
      for (std::size_t i = 0; i < curves.size(); ++i, ++block) {
        g << (i ? ", \\\n     " : "") << quote(fs::path(dat).filename().string()) << " index " << block
          << " using 1:2 title " << quote(curves[i].label)
          << (curves[i].markers ? fmt::format(" with points pt 7 ps 0.8 lc {}", color_of(i))
                                : fmt::format(" with lines lw 2 lc {}", color_of(i)));
      }
      g << "\n";
    }
    if (panels.size() > 1) g << "unset multiplot\n";
  }
  // gnuplot runs in the plot's folder so the script refers to its data by file name only.
  const std::string cmd = fmt::format("cd {} && gnuplot {} 2>&1", quote(png.parent_path().empty() ? "." :
                                                                          png.parent_path().string()),
                                      quote(fs::path(gp).filename().string()));
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) throw RunError("cannot run gnuplot (Debian: apt-get install gnuplot-nox)");
  std::string output;
  char buf[512];
  while (fgets(buf, sizeof buf, pipe)) output += buf;
  const int status = pclose(pipe);
  if (status != 0 || !fs::exists(png))
    throw RunError(fmt::format("gnuplot failed for {} (is gnuplot-nox installed?): {}", png_path, output));
  return png_path;
}

std::string plot_profiles(const ResultData& result, const ResultData* reference, const std::string& field,
                          const std::string& png_path) {
  const auto panel = profile_panel(result, reference, field);
  return plot_curves(panel.curves, panel.spec, png_path);
}

Panel profile_panel(const ResultData& result, const ResultData* reference, const std::string& field) {
  std::vector<Curve> curves;
  for (std::size_t it = 0; it < result.nt(); ++it) {
    const double t = result.t[it];
    if (reference) {
      const auto jt = reference->time_index(t);
      const int color = static_cast<int>(it) + 1;  // a time's reference line and markers share a colour
      if (jt >= 0) curves.push_back({fmt::format("reference t={:g}", t), reference->x, reference->field_at(field, jt), false, color});
      else curves.push_back({fmt::format("(no reference) t={:g}", t), {}, {}, false, color});
    }
    // Markers at most every ~1/60 of the points, so the reference line stays visible (the slides' style).
    const auto values = result.field_at(field, it);
    const std::size_t stride = std::max<std::size_t>(1, result.nx() / 60);
    Curve markers{fmt::format("{} t={:g}", result.method, t), {}, {}, true, static_cast<int>(it) + 1};
    for (std::size_t i = 0; i < result.nx(); i += stride) markers.x.push_back(result.x[i]), markers.y.push_back(values[i]);
    curves.push_back(std::move(markers));
  }
  PlotSpec spec;
  spec.title = fmt::format("{} ({}, eps = {:g})", field, result.equation, result.eps);
  spec.xlabel = "x";
  spec.ylabel = field;
  return {curves, spec};
}

std::vector<std::vector<double>> read_csv_columns(const std::string& path, const std::vector<std::string>& names) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open CSV file");
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  {
    std::stringstream ss(line);
    for (std::string h; std::getline(ss, h, ',');) header.push_back(h);
  }
  std::vector<int> index;
  for (const auto& n : names) {
    const auto it = std::find(header.begin(), header.end(), n);
    if (it == header.end()) throw InputError(fmt::format("{}: no column '{}'", path, n));
    index.push_back(static_cast<int>(it - header.begin()));
  }
  std::vector<std::vector<double>> cols(names.size());
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, ',');) cells.push_back(c);
    if (cells.size() < header.size()) continue;
    for (std::size_t k = 0; k < index.size(); ++k) cols[k].push_back(std::strtod(cells[index[k]].c_str(), nullptr));
  }
  return cols;
}

}  // namespace kinetic::validation
