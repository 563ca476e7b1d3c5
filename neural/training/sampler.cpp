#include "neural/training/sampler.hpp"

#include <boost/random/sobol.hpp>
#include <fmt/format.h>

#include <cmath>
#include <sstream>

#include "core/error.hpp"

namespace kinetic::neural {

// One named sequence: a uniform generator, or a Sobol engine plus the number of points already drawn
// (the engine is rebuilt and fast-forwarded on restore) and its random shift.
struct PointSampler::Stream {
  int dim = 0;
  std::mt19937_64 rng;
  std::uint64_t drawn = 0;
  std::vector<double> shift;
  std::unique_ptr<boost::random::sobol> sobol;
};

PointSampler::PointSampler(std::string kind, std::uint64_t seed) : kind_(std::move(kind)), seed_(seed) {
  if (kind_ != "sobol" && kind_ != "uniform") throw InputError("unknown sampler kind '" + kind_ + "'");
}

PointSampler::~PointSampler() = default;

PointSampler::Stream& PointSampler::stream(const std::string& name, int dim) {
  auto it = streams_.find(name);
  if (it != streams_.end()) {
    if (it->second->dim != dim) throw RunError(fmt::format("sampler stream '{}' used with two dimensions", name));
    return *it->second;
  }
  auto s = std::make_unique<Stream>();
  s->dim = dim;
  // Stream seeds mix the run seed with the stream name, so streams are independent and order-free.
  s->rng.seed(seed_ * 0x9E3779B97F4A7C15ull + std::hash<std::string>{}(name));
  if (kind_ == "sobol") {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (int d = 0; d < dim; ++d) s->shift.push_back(u(s->rng));
    s->sobol = std::make_unique<boost::random::sobol>(dim);
  }
  return *streams_.emplace(name, std::move(s)).first->second;
}

std::vector<std::vector<double>> PointSampler::unit(const std::string& name, int n, int dim) {
  Stream& s = stream(name, dim);
  std::vector<std::vector<double>> cols(dim, std::vector<double>(n));
  if (kind_ == "uniform") {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (int i = 0; i < n; ++i)
      for (int d = 0; d < dim; ++d) cols[d][i] = u(s.rng);
  } else {
    // Sobol point i has coordinates engine()/2^64 in turn (boost::random::sobol yields 64-bit integers);
    // shifted modulo 1.
    const double scale = 0x1p-64;
    static_assert(sizeof(boost::random::sobol::result_type) == 8, "sobol engine is expected to be 64-bit");
    for (int i = 0; i < n; ++i)
      for (int d = 0; d < dim; ++d) {
        const double y = static_cast<double>((*s.sobol)()) * scale + s.shift[d];
        cols[d][i] = y - std::floor(y);
      }
    s.drawn += static_cast<std::uint64_t>(n);
  }
  return cols;
}

std::string PointSampler::state() const {
  std::ostringstream out;
  out << kind_ << ' ' << seed_ << ' ' << streams_.size() << '\n';
  for (const auto& [name, s] : streams_) {
    out << name << ' ' << s->dim << ' ' << s->drawn << '\n' << s->rng << '\n';
    for (double v : s->shift) out << fmt::format("{:a} ", v);
    out << '\n';
  }
  return out.str();
}

void PointSampler::set_state(const std::string& text) {
  std::istringstream in(text);
  std::string kind;
  std::size_t count = 0;
  in >> kind >> seed_ >> count;
  if (!in || kind != kind_) throw InputError("checkpoint sampler state does not match sampler '" + kind_ + "'");
  streams_.clear();
  for (std::size_t k = 0; k < count; ++k) {
    std::string name;
    int dim = 0;
    std::uint64_t drawn = 0;
    in >> name >> dim >> drawn;
    Stream& s = stream(name, dim);
    in >> s.rng;
    for (int d = 0; d < dim && kind_ == "sobol"; ++d) {
      std::string hex;
      in >> hex;
      s.shift[d] = std::strtod(hex.c_str(), nullptr);
    }
    if (kind_ == "sobol") {
      s.sobol->discard(drawn * static_cast<std::uint64_t>(dim));
      s.drawn = drawn;
    }
    if (!in) throw InputError("corrupt sampler state in checkpoint");
  }
}

}  // namespace kinetic::neural
