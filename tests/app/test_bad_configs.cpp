// Every config in tests/bad_configs/ goes through the real program and must be refused with exit code 2 and
// one clear line naming the key. Each file starts with "# command: <subcommand>" and "# expect: <text>".
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "run_program.hpp"

namespace fs = std::filesystem;

TEST_CASE("every bad config is refused with exit code 2 and a message naming the key", "[cli][bad-config]") {
  const fs::path dir = fs::path(KINETIC_SOURCE_DIR) / "tests" / "bad_configs";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 30);
  const fs::path out = fs::temp_directory_path() / "kinetic_bad_config_out.h5";
  for (const auto& file : files) {
    std::ifstream in(file);
    std::string command_line, expect_line;
    std::getline(in, command_line);
    std::getline(in, expect_line);
    REQUIRE(command_line.rfind("# command: ", 0) == 0);
    REQUIRE(expect_line.rfind("# expect: ", 0) == 0);
    const std::string command = command_line.substr(11), expect = expect_line.substr(10);
    const ProgramRun run = run_kinetic(command + " " + file.string() + " -q -o " + out.string());
    INFO(file.filename().string() << "\n" << run.output);
    CHECK(run.exit_code == 2);
    CHECK(run.output.find(expect) != std::string::npos);
    CHECK(run.output.find("error: " + file.string()) != std::string::npos);  // names the file
    CHECK(run.output.find("terminate called") == std::string::npos);
  }
  CHECK_FALSE(fs::exists(out));  // nothing was written for a refused config
}

TEST_CASE("missing files and bad command lines are input errors", "[cli]") {
  CHECK(run_kinetic("check /nonexistent/case.yaml").exit_code == 2);
  CHECK(run_kinetic("validate /nonexistent/a.h5 /nonexistent/b.h5").exit_code == 2);
  CHECK(run_kinetic("frobnicate").exit_code == 2);
  CHECK(run_kinetic("solve").exit_code == 2);
  const ProgramRun set = run_kinetic(std::string("check ") + KINETIC_SOURCE_DIR +
                                     "/tests/bad_configs/01_eps_negative.yaml --set problem.eps");
  CHECK(set.exit_code == 2);
  CHECK(set.output.find("expected key=value") != std::string::npos);
  CHECK(run_kinetic("--help").exit_code == 0);
  CHECK(run_kinetic("solve --help").exit_code == 0);
}

TEST_CASE("an override repairs a bad config and the resolved config is printed", "[cli]") {
  const ProgramRun run = run_kinetic(std::string("check ") + KINETIC_SOURCE_DIR +
                                     "/tests/bad_configs/01_eps_negative.yaml --set problem.eps=0.01");
  INFO(run.output);
  CHECK(run.exit_code == 0);
  CHECK(run.output.find("eps: 0.01") != std::string::npos);
  CHECK(run.output.find("config OK") != std::string::npos);
}
