#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>

#include "validation/compare.hpp"
#include "validation/plots.hpp"
#include "validation/report.hpp"

using namespace kinetic;
using namespace kinetic::validation;
namespace fs = std::filesystem;

namespace {
// Width and height from a PNG's IHDR chunk; {0,0} if the file is not a PNG.
std::pair<std::uint32_t, std::uint32_t> png_size(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  unsigned char h[24] = {};
  in.read(reinterpret_cast<char*>(h), 24);
  const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (!std::equal(sig, sig + 8, h)) return {0, 0};
  auto be32 = [&](int o) { return std::uint32_t(h[o]) << 24 | std::uint32_t(h[o + 1]) << 16 | std::uint32_t(h[o + 2]) << 8 | h[o + 3]; };
  return {be32(16), be32(20)};
}
}  // namespace

TEST_CASE("plots are valid PNG files of the requested size", "[validation][plots]") {
  const fs::path dir = fs::temp_directory_path() / "kinetic_plot_test";
  fs::remove_all(dir);
  Curve c{"sin", {}, {}};
  for (int i = 0; i <= 50; ++i) c.x.push_back(i / 50.0), c.y.push_back(std::sin(3 * i / 50.0));
  PlotSpec spec{"a test", "x", "y"};
  spec.width = 640;
  spec.height = 480;
  const auto png = plot_curves({c}, spec, (dir / "curve.png").string());
  CHECK(png_size(png) == std::make_pair(640u, 480u));
  CHECK(fs::exists(dir / "curve.gp"));
  CHECK(fs::exists(dir / "curve.dat"));
}

TEST_CASE("a report holds the error table and the profile plot", "[validation][plots]") {
  const fs::path dir = fs::temp_directory_path() / "kinetic_report_test";
  fs::remove_all(dir);
  ResultData ref, res;
  ref.method = "micro_macro";
  res.method = "apnn_v2";
  for (int i = 0; i <= 10; ++i) ref.x.push_back(i / 10.0), res.x.push_back(i / 10.0);
  std::vector<double> a, b;
  for (double x : ref.x) a.push_back(1 - x), b.push_back(1 - x + 0.01);
  ref.add_snapshot(0.1, {{"rho", a}});
  res.add_snapshot(0.1, {{"rho", b}});
  ReportInputs in;
  in.result = &res;
  in.reference = &ref;
  in.rows = compare_results(res, ref);
  const auto path = write_report(dir.string(), in);
  std::ifstream md(path);
  const std::string text((std::istreambuf_iterator<char>(md)), std::istreambuf_iterator<char>());
  CHECK(text.find("| rho | 0.1 |") != std::string::npos);
  CHECK(text.find("![rho](rho.png)") != std::string::npos);
  CHECK(png_size(dir / "rho.png").first == 900u);
  CHECK(fs::exists(dir / "errors.csv"));
}
