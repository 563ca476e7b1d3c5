#pragma once
// Collocation points, redrawn every training step: uniform random (std::mt19937_64) or a Sobol
// low-discrepancy sequence (Boost) continued from step to step, with a seeded Cranley-Patterson shift so that
// different seeds give different point sets. The whole state is a short text, stored in checkpoints, so a
// resumed run draws exactly the points the uninterrupted run would have drawn.
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace kinetic::neural {

class PointSampler {
 public:
  PointSampler(std::string kind, std::uint64_t seed);
  ~PointSampler();

  // n points in the unit cube [0,1)^dim of stream `name` (each stream is an independent sequence); returns
  // dim columns of n values each.
  std::vector<std::vector<double>> unit(const std::string& name, int n, int dim);

  std::string state() const;
  void set_state(const std::string& text);  // InputError if the text is not a state of this sampler kind

 private:
  struct Stream;
  Stream& stream(const std::string& name, int dim);
  std::string kind_;
  std::uint64_t seed_;
  std::map<std::string, std::unique_ptr<Stream>> streams_;
};

}  // namespace kinetic::neural
