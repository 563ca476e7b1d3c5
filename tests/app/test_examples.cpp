// Golden checks of the examples: every config in examples/ passes `kinetic check`, and a shrunk classical run
// of each example in tests/golden/examples.yaml reproduces its stored table (tests/golden/<example>.txt), so a
// change in any example's numbers is seen. KINETIC_REGENERATE_GOLDEN=1 rewrites the tables instead
// (scripts/regenerate-golden.sh).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "core/config.hpp"
#include "core/result_file.hpp"
#include "run_program.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kSource = KINETIC_SOURCE_DIR;

std::vector<fs::path> example_configs() {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(kSource / "examples"))
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

// A table: one row per x, columns x then the fields (names in the header line "# x f1 f2 ...").
struct Table {
  std::vector<std::string> names;
  std::vector<std::vector<double>> rows;
};

Table final_fields(const kinetic::ResultData& d) {
  Table t;
  for (const auto& [name, unused] : d.fields) t.names.push_back(name);
  const std::size_t last = d.nt() - 1;
  std::vector<std::vector<double>> columns;
  for (const auto& name : t.names) columns.push_back(d.field_at(name, last));
  for (std::size_t i = 0; i < d.nx(); ++i) {
    std::vector<double> row = {d.x[i]};
    for (const auto& c : columns) row.push_back(c[i]);
    t.rows.push_back(row);
  }
  return t;
}

void write_table(const fs::path& path, const Table& t, const std::string& header) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path);
  out << "# " << header << "\n# x";
  for (const auto& n : t.names) out << ' ' << n;
  out << '\n';
  for (const auto& row : t.rows) {
    for (std::size_t j = 0; j < row.size(); ++j) out << (j ? " " : "") << kinetic::yaml_number(row[j]);
    out << '\n';
  }
}

Table read_table(const fs::path& path) {
  Table t;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // the header comment
  std::getline(in, line);
  std::istringstream names(line.substr(4));  // after "# x "
  for (std::string n; names >> n;) t.names.push_back(n);
  while (std::getline(in, line)) {
    std::istringstream values(line);
    std::vector<double> row;
    for (double v; values >> v;) row.push_back(v);
    if (!row.empty()) t.rows.push_back(row);
  }
  return t;
}

}  // namespace

TEST_CASE("every example config passes `kinetic check`", "[cli][examples]") {
  const auto files = example_configs();
  REQUIRE(files.size() >= 10);
  for (const auto& file : files) {
    const ProgramRun run = run_kinetic("check " + file.string());
    INFO(file.string() << "\n" << run.output);
    CHECK(run.exit_code == 0);
    CHECK(run.output.find("config OK") != std::string::npos);
  }
}

TEST_CASE("shrunk classical runs of the examples reproduce their golden tables", "[cli][examples][golden]") {
  const auto manifest = kinetic::ConfigNode::load_file((kSource / "tests/golden/examples.yaml").string());
  const double tolerance = manifest.get_double("tolerance");
  const auto examples = manifest.child("examples");
  const bool regenerate = std::getenv("KINETIC_REGENERATE_GOLDEN") != nullptr;
  // Every example with a classical section has a golden run (a new example is not forgotten).
  for (const auto& file : example_configs()) {
    const std::string name = fs::relative(file, kSource / "examples").string();
    INFO(name);
    CHECK(examples.has(name));
  }
  const fs::path out = fs::temp_directory_path() / ("kinetic_golden_" + std::to_string(::getpid()) + ".h5");
  for (const auto& name : examples.keys()) {
    std::string sets;
    const auto list = examples.child(name);
    for (std::size_t i = 0; i < list.size(); ++i) sets += " --set '" + list.at(i).as_scalar_text() + "'";
    const ProgramRun run = run_kinetic("solve " + (kSource / "examples" / name).string() + sets + " -q -o " + out.string());
    INFO(name << sets << "\n" << run.output);
    REQUIRE(run.exit_code == 0);
    const Table now = final_fields(kinetic::read_result(out.string()));
    const fs::path golden = kSource / "tests/golden" / fs::path(name).replace_extension(".txt");
    if (regenerate) {
      write_table(golden, now, "kinetic solve examples/" + name + sets);
      WARN("rewrote " << golden.string());
      continue;
    }
    REQUIRE(fs::exists(golden));
    const Table stored = read_table(golden);
    REQUIRE(stored.names == now.names);
    REQUIRE(stored.rows.size() == now.rows.size());
    for (std::size_t j = 0; j <= now.names.size(); ++j) {  // column 0: x
      double num = 0, den = 0;
      for (std::size_t i = 0; i < now.rows.size(); ++i) {
        const double d = now.rows[i][j] - stored.rows[i][j];
        num += d * d, den += stored.rows[i][j] * stored.rows[i][j];
      }
      INFO("column " << (j == 0 ? "x" : now.names[j - 1]) << ": relative l2 change " << std::sqrt(num / (den + 1e-300)));
      CHECK(std::sqrt(num) <= tolerance * std::sqrt(den) + 1e-300);
    }
  }
  fs::remove(out);
}
