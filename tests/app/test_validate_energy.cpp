// `kinetic validate` on VPFP results: besides the field errors it fits the electric energy's decay rate of both
// results on one window, reports them and their relative difference as the row energy_decay_rate, and the
// report plots the energy (log scale).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "gnuplot_figure.hpp"
#include "run_program.hpp"

namespace fs = std::filesystem;

TEST_CASE("validate fits the electric energy's decay rate of VPFP results", "[cli][vpfp]") {
  const std::string source = KINETIC_SOURCE_DIR;
  const fs::path dir = fs::temp_directory_path() / ("kinetic_validate_energy_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string ap = (dir / "ap.h5").string(), limit = (dir / "limit.h5").string();
  // The high-field example (eps = 1e-3, rate -1.00125 per field amplitude) against its eps -> 0 limit (-1).
  REQUIRE(run_kinetic("solve " + source + "/examples/vpfp/landau_high_field_eps1e-3.yaml -q -o " + ap +
                      " --set classical.nx=64 --set classical.nv=64").exit_code == 0);
  REQUIRE(run_kinetic("solve " + source + "/examples/vpfp/landau_high_field_limit.yaml -q -o " + limit +
                      " --set classical.nx=64").exit_code == 0);
  const ProgramRun run = run_kinetic("validate " + ap + " " + limit + " --csv " + (dir / "errors.csv").string() +
                                     " --report " + (dir / "report").string());
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  CHECK(run.output.find("electric energy on t in [1, 5]") != std::string::npos);
  std::ifstream csv(dir / "errors.csv");
  std::string line;
  double rel = -1;
  while (std::getline(csv, line))
    if (line.rfind("energy_decay_rate,", 0) == 0) rel = std::stod(line.substr(line.find(',', 18) + 1));
  // Both decay at about 2 (energy): the rates differ by eps (1 + k^2) ~ 1e-3 plus the grids' first-order error.
  CHECK(rel > 0.0);
  CHECK(rel < 2e-2);
  CHECK(fs::exists(dir / "report" / "electric_energy.png"));
  // The slides' figure in one PNG: rho, E and the energy side by side, each panel addressing its own data
  // blocks (profiles: reference line and markers per output time; energy: both curves).
  CHECK(fs::exists(dir / "report" / "fields_and_energy.png"));
  const GnuplotFigure figure = read_figure(dir / "report" / "fields_and_energy");
  CHECK(figure.script.find("set multiplot layout 1,3") != std::string::npos);
  CHECK(figure.blocks == 2 * 3 * 2 + 2);  // 3 output times x (line, markers) for rho and E, then 2 energy curves
  CHECK(figure.addresses_every_block());
  fs::remove_all(dir);
}
