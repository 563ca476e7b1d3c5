// Random inputs of uncertain problems in the network models (model.hpp): z as network inputs, its draws and
// the statistics over z of the trained fields (formulas at each point's z: Model::tabulate, model.cpp).
#include <fmt/format.h>

#include "core/error.hpp"
#include "neural/training/model.hpp"

namespace kinetic::neural {

void Model::append_random_range(std::vector<double>& lo, std::vector<double>& hi) const {
  const RandomInputs& r = problem_.random;
  for (int k = 0; k < r.dim; ++k) {
    const bool uniform = r.distribution == RandomInputs::Distribution::Uniform;
    lo.push_back(uniform ? r.a : r.a - 4.0 * r.b);
    hi.push_back(uniform ? r.b : r.a + 4.0 * r.b);
  }
}

torch::Tensor Model::random_from_unit(const std::vector<std::vector<double>>& columns, std::size_t first) const {
  const RandomInputs& r = problem_.random;
  if (!r.active()) return {};
  const long n = static_cast<long>(columns.at(first).size());
  std::vector<double> z(static_cast<std::size_t>(n) * r.dim);
  for (long i = 0; i < n; ++i)
    for (int k = 0; k < r.dim; ++k) {
      // The sampler's points lie in [0, 1): the normal law through the inverse CDF (away from u = 0).
      const double uk = std::min(std::max(columns[first + k][i], 1e-12), 1.0 - 1e-12);
      const double y = r.distribution == RandomInputs::Distribution::Uniform ? 2.0 * uk - 1.0 : inverse_normal_cdf(uk);
      z[static_cast<std::size_t>(i) * r.dim + k] = r.from_reference(y);
    }
  return torch::tensor(z, torch::kFloat64).view({n, r.dim}).to(topt_);
}

torch::Tensor Model::with_random(const torch::Tensor& X, const torch::Tensor& z) const {
  if (!z.defined()) return X;
  const long repeat = X.size(0) / z.size(0);
  return torch::cat({X, repeat == 1 ? z : z.repeat_interleave(repeat, 0)}, 1);
}

std::vector<std::pair<std::string, torch::Tensor>> Model::random_statistics(const std::string& field,
                                                                            const RandomField& field_at,
                                                                            const torch::Tensor& t,
                                                                            const torch::Tensor& x) {
  const RandomRule& rule = random_rule_;
  const long n = t.numel();
  std::vector<std::vector<double>> samples;
  for (std::size_t k = 0; k < rule.size(); ++k) {
    auto z = torch::tensor(rule.nodes[k], torch::kFloat64).to(topt_).unsqueeze(0).expand({n, random_dim()});
    auto values = field_at(t.reshape(-1), x.reshape(-1), z.contiguous()).to(torch::kCPU, torch::kFloat64).contiguous();
    samples.emplace_back(values.data_ptr<double>(), values.data_ptr<double>() + values.numel());
  }
  std::vector<std::pair<std::string, torch::Tensor>> out;
  for (auto& [stat, values] : sample_statistics(samples, rule.weights, options_.statistics.quantiles))
    out.emplace_back(field + "_" + stat, torch::tensor(values, torch::kFloat64).to(topt_).view(t.sizes()));
  return out;
}

}  // namespace kinetic::neural
