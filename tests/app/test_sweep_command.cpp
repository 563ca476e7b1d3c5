// `kinetic sweep --side classical` as a user runs it: the method is judged against a distinct reference (a
// refined grid unless one is given, said in the table), and a sweep whose errors are all zero still finishes.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "run_program.hpp"

namespace fs = std::filesystem;

TEST_CASE("a classical sweep judges the method against a refined grid, and copes with zero errors", "[cli][sweep]") {
  const std::string config = std::string(KINETIC_SOURCE_DIR) + "/examples/linear_transport/inflow_eps1e-8.yaml";
  const fs::path out = fs::temp_directory_path() / ("kinetic_classical_sweep_" + std::to_string(::getpid()));
  const std::string command = "sweep " + config + " --side classical --eps 1 1e-2 1e-4 1e-8 --set classical.nx=40 -q";
  {
    const ProgramRun run = run_kinetic(command + " --out " + out.string());
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    std::ifstream md(out / "sweep.md");
    const std::string table((std::istreambuf_iterator<char>(md)), std::istreambuf_iterator<char>());
    INFO(table);
    CHECK(table.find("Reference at each eps: micro_macro, classical.nx=80") != std::string::npos);
    std::ifstream csv(out / "sweep.csv");
    std::string line;
    std::getline(csv, line);
    int rows = 0;
    while (std::getline(csv, line)) {
      const double err = std::stod(line.substr(line.rfind(',', line.rfind(',', line.rfind(',') - 1) - 1) + 1));
      CHECK(err > 1e-6);  // 40 against 80 cells: a real discretisation error, not a run against itself
      CHECK(err < 0.2);
      ++rows;
    }
    CHECK(rows == 4 * 2);  // four eps, two output times
    CHECK(fs::exists(out / "error_vs_eps.png"));
  }
  fs::remove_all(out);
  {  // A reference identical to the judged run: every error is 0, the log plot is skipped with a warning.
    const ProgramRun run = run_kinetic(command + " --reference-set classical.nx=40 --out " + out.string());
    INFO(run.output);
    CHECK(run.exit_code == 0);
    CHECK(run.output.find("no error_vs_eps.png") != std::string::npos);
    CHECK(fs::exists(out / "sweep.md"));
  }
  fs::remove_all(out);
}
