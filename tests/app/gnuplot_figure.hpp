#pragma once
// A figure that `validate --report` wrote (validation/plots.hpp): its gnuplot script and the number of data
// blocks of its .dat file (one per curve, each opened by a "# " line), and whether the script addresses
// exactly those blocks.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

struct GnuplotFigure {
  std::string script;
  int blocks = 0;
  // The script plots block blocks-1 and none beyond it (gnuplot's `index` counts from 0).
  bool addresses_every_block() const {
    return script.find(" index " + std::to_string(blocks - 1) + " ") != std::string::npos &&
           script.find(" index " + std::to_string(blocks) + " ") == std::string::npos;
  }
};

// `stem` is the PNG's path without its extension (beside it: stem.gp and stem.dat).
inline GnuplotFigure read_figure(const std::filesystem::path& stem) {
  GnuplotFigure figure;
  std::ifstream gp(stem.string() + ".gp"), dat(stem.string() + ".dat");
  figure.script.assign(std::istreambuf_iterator<char>(gp), std::istreambuf_iterator<char>());
  for (std::string line; std::getline(dat, line);)
    if (line.rfind("# ", 0) == 0) ++figure.blocks;
  return figure;
}
