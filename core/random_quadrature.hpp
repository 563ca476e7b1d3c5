#pragma once
// Rules for expectations over the random inputs z of an uncertain problem (core/random_inputs.hpp):
// E[q(z)] ~ sum_k w_k q(z_k), weights summing to 1. All rules are built on the reference variables (uniform
// on [-1, 1], or standard normal) and mapped to z by RandomInputs::from_reference.
//   tensor   Gauss rules (Legendre / probabilists' Hermite) with n points per dimension: exact for degree
//            2n - 1 in each variable; n^d nodes (small d)
//   smolyak  the Smolyak combination of the Gauss rules with i points (i = 1, 2, ...) at level l: exact for
//            polynomials of total degree 2 l + 1; O((2d)^l / l!) nodes (moderate d); some weights negative
//   halton   the first n points of the Halton sequence (radical inverses in the first d primes; normal inputs
//            through the inverse normal CDF), equal weights: quasi-Monte Carlo for large d
// `statistics: {rule, level, quantiles}` chooses one (level: n for tensor and halton, l for smolyak).
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/random_inputs.hpp"

namespace kinetic {

struct RandomRule {
  std::string name;  // tensor | smolyak | halton
  int level = 0;
  std::vector<std::vector<double>> nodes;  // z at each node (dim values)
  std::vector<double> weights;             // sum to 1
  std::size_t size() const { return weights.size(); }
  bool positive() const;  // every weight > 0 (quantiles need it)
};

RandomRule tensor_gauss_rule(const RandomInputs& random, int points_per_dim);
RandomRule smolyak_rule(const RandomInputs& random, int level);
RandomRule halton_rule(const RandomInputs& random, int points);

// n-point probabilists' Gauss-Hermite rule (weight exp(-y^2/2)/sqrt(2 pi)), weights summing to 1, ascending.
std::pair<std::vector<double>, std::vector<double>> gauss_hermite_probabilists(int n);
// The inverse of the standard normal CDF (Newton on erfc, to round-off) for u in (0, 1).
double inverse_normal_cdf(double u);

// What to compute over z: the rule, its level and the quantiles (each in (0, 1)) besides mean and std.
struct StatisticsOptions {
  std::string rule = "tensor";
  int level = 5;
  std::vector<double> quantiles;
};
// Reads `node` (a `statistics` section; defaults if absent: tensor with 5 points for dim <= 3, smolyak level 2
// up to 12, halton 256 beyond); InputError naming the key on a bad value or a rule too large (> max_nodes).
StatisticsOptions parse_statistics(const std::optional<ConfigNode>& node, const RandomInputs& random,
                                   std::size_t max_nodes = 200000);
RandomRule make_rule(const StatisticsOptions& options, const RandomInputs& random);

// Mean, standard deviation and quantiles over the rule of samples[k] (each a vector of the same length):
// "mean", "std", "q<quantile>" (e.g. q0.05). Variances below 0 (Smolyak's negative weights) are clipped to 0.
std::vector<std::pair<std::string, std::vector<double>>> sample_statistics(
    const std::vector<std::vector<double>>& samples, const std::vector<double>& weights,
    const std::vector<double>& quantiles);

}  // namespace kinetic
