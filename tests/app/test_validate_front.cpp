// `kinetic validate --front T=0.5` on the Marshak wave, and the probe series (problem.probes) that the gray
// radiative transfer solvers write and the report draws as the slides' Marshak figure; the wall-flux series
// written beside it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "core/result_file.hpp"
#include "gnuplot_figure.hpp"
#include "run_program.hpp"
#include "validation/front_position.hpp"

namespace fs = std::filesystem;

namespace {
// examples/grte/marshak_sigma30.yaml shrunk to t = 0.3 ns on a coarse grid, with the probe of the figure.
std::string marshak(int nx) {
  return std::string(KINETIC_SOURCE_DIR) + "/examples/grte/marshak_sigma30.yaml -q --set problem.time.end=0.3 "
         "--set problem.output_times=[0.1,0.3] --set problem.probes=[0.0025] --set classical.nv=8 "
         "--set classical.nx=" + std::to_string(nx);
}
}  // namespace

TEST_CASE("validate compares the Marshak front and the report draws T at the probe", "[cli][grte]") {
  const fs::path dir = fs::temp_directory_path() / ("kinetic_validate_front_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string coarse = (dir / "coarse.h5").string(), fine = (dir / "fine.h5").string();
  REQUIRE(run_kinetic("solve " + marshak(200) + " -o " + coarse).exit_code == 0);
  REQUIRE(run_kinetic("solve " + marshak(400) + " -o " + fine).exit_code == 0);

  // The probe series: from t = 0 to the end, T at x = 0.0025 (linear between the grid points around it),
  // equal to the saved field there at the output times; the wall heats the probe from 0.01 keV.
  const kinetic::ResultData r = kinetic::read_result(fine);
  REQUIRE(r.series.count("probe_t"));
  const auto& pt = r.series.at("probe_t");
  const auto& pT = r.series.at("probe_T_0");
  REQUIRE(pt.size() == pT.size());
  CHECK(pt.front() == 0.0);
  CHECK(std::abs(pt.back() - 0.3) < 1e-12);
  CHECK(pt.size() > 300);  // every t_end/400 at most, with the steps' spacing
  CHECK(r.series.at("probe_x") == std::vector<double>{0.0025});
  CHECK(pT.front() == Approx(0.01));
  for (std::size_t it = 0; it < r.nt(); ++it) {
    const auto T = r.field_at("T", it);
    std::size_t i = 0;
    while (r.x[i + 1] <= 0.0025) ++i;
    const double s = (0.0025 - r.x[i]) / (r.x[i + 1] - r.x[i]);
    const double expected = (1 - s) * T[i] + s * T[i + 1];
    std::size_t k = 0;
    while (std::abs(pt[k] - r.t[it]) > 1e-12) ++k;
    CHECK(pT[k] == Approx(expected).epsilon(1e-14));
    CHECK(pT[k] > 0.5);  // the wave has passed 0.0025 cm by t = 0.1 ns
  }

  // The wall fluxes on the same clock: energy enters through the hot wall, none through the cold one, and the
  // interior nodes' energy sum dx ((2/c) rho + C_v T) grows from 0.1 to 0.3 ns by the flux's time integral
  // (trapezoidal rule on the series: exact step by step in the scheme, tests/classical; the rule's error here).
  const auto& wt = r.series.at("wall_t");
  const auto& left = r.series.at("wall_flux_left");
  const auto& right = r.series.at("wall_flux_right");
  REQUIRE(wt.size() == left.size());
  REQUIRE(wt.size() == right.size());
  CHECK(wt.size() > 300);
  CHECK(std::is_sorted(wt.begin(), wt.end()));
  CHECK(wt.front() > 0.0);  // the first step's flux, at its end
  CHECK(std::abs(wt.back() - 0.3) < 1e-12);
  double let_in = 0;
  for (std::size_t k = 0; k < wt.size(); ++k) {
    CHECK(left[k] > 0.0);
    CHECK(std::abs(right[k]) < 1e-6 * left[k]);
    if (k > 0 && wt[k] > 0.1 + 1e-12)
      let_in += 0.5 * (wt[k] - wt[k - 1]) * ((left[k] - right[k]) + (left[k - 1] - right[k - 1]));
  }
  auto interior_energy = [&](std::size_t it) {
    const auto rho = r.field_at("rho", it), T = r.field_at("T", it);
    double sum = 0;
    for (std::size_t i = 1; i + 1 < r.x.size(); ++i) sum += (r.x[1] - r.x[0]) * (2 / 29.9792458 * rho[i] + 0.3 * T[i]);
    return sum;
  };
  REQUIRE(r.nt() == 2);
  INFO("energy let in " << let_in);
  CHECK(let_in > 0.005);  // ~0.04 GJ/cm^2 per ns
  CHECK(interior_energy(1) - interior_energy(0) == Approx(let_in).epsilon(1e-3));

  // The front at T = 0.5 keV: the first-order scheme's 200-cell front is within a few per cent of the 400-cell
  // one (the example's 1600-cell front is 0.48 % from 3200 cells at t = 0.1).
  const ProgramRun run = run_kinetic("validate " + coarse + " " + fine + " --front T=0.5 --csv " +
                                     (dir / "errors.csv").string() + " --report " + (dir / "report").string());
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  CHECK(run.output.find("front where T first falls below 0.5") != std::string::npos);
  std::ifstream csv(dir / "errors.csv");
  std::string line;
  int fronts = 0;
  while (std::getline(csv, line))
    if (line.rfind("front(T=0.5),", 0) == 0) {
      ++fronts;
      const double rel = std::stod(line.substr(line.find(',', 14) + 1));
      CHECK(rel > 0.0);
      CHECK(rel < 5e-2);
    }
  CHECK(fronts == 2);
  // The figure: T_r profiles (2 output times x reference line and markers) beside T at the probe (2 curves).
  CHECK(fs::exists(dir / "report" / "probe_T.png"));
  CHECK(fs::exists(dir / "report" / "profiles_and_probe.png"));
  const GnuplotFigure figure = read_figure(dir / "report" / "profiles_and_probe");
  CHECK(figure.script.find("set multiplot layout 1,2") != std::string::npos);
  CHECK(figure.blocks == 2 * 2 + 2);
  CHECK(figure.addresses_every_block());

  // A malformed spec fails before any work, naming it.
  const ProgramRun bad = run_kinetic("validate " + coarse + " " + fine + " --front T");
  CHECK(bad.exit_code == 2);
  CHECK(bad.output.find("--front 'T'") != std::string::npos);
  fs::remove_all(dir);
}
