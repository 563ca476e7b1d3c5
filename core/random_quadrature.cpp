#include "core/random_quadrature.hpp"

#include <Eigen/Eigenvalues>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "core/error.hpp"
#include "core/quadrature.hpp"

namespace kinetic {

bool RandomRule::positive() const {
  return std::all_of(weights.begin(), weights.end(), [](double w) { return w > 0.0; });
}

std::pair<std::vector<double>, std::vector<double>> gauss_hermite_probabilists(int n) {
  // Golub-Welsch: the Jacobi matrix of He_k has off-diagonals sqrt(k); weights are the squared first
  // components of the normalised eigenvectors (the weight function has total mass 1).
  Eigen::MatrixXd J = Eigen::MatrixXd::Zero(n, n);
  for (int i = 1; i < n; ++i) J(i, i - 1) = J(i - 1, i) = std::sqrt(static_cast<double>(i));
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(J);
  std::vector<double> nodes(n), weights(n);
  for (int i = 0; i < n; ++i) {
    nodes[i] = solver.eigenvalues()(i);
    weights[i] = solver.eigenvectors()(0, i) * solver.eigenvectors()(0, i);
  }
  return {nodes, weights};
}

double inverse_normal_cdf(double u) {
  if (!(u > 0.0 && u < 1.0)) throw RunError(fmt::format("inverse_normal_cdf: {} is not in (0, 1)", u));
  // Newton on Phi(y) - u = 0.5 erfc(-y / sqrt 2) - u, kept inside a bisection bracket (far in the tails the
  // density is tiny and a plain Newton step would leave the root's neighbourhood).
  double lo = -40.0, hi = 40.0, y = std::log(u / (1.0 - u)) / 1.702;
  for (int it = 0; it < 200; ++it) {
    const double residual = 0.5 * std::erfc(-y / std::sqrt(2.0)) - u;
    (residual > 0.0 ? hi : lo) = y;
    const double phi = std::exp(-0.5 * y * y) / std::sqrt(2.0 * M_PI);
    double next = y - residual / phi;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    const bool done = std::abs(next - y) < 1e-15 * std::max(1.0, std::abs(y));
    y = next;
    if (done) break;
  }
  return y;
}

namespace {

// The 1-D rule with n points on the reference variable (probability weights).
std::pair<std::vector<double>, std::vector<double>> reference_rule(const RandomInputs& random, int n) {
  if (random.distribution == RandomInputs::Distribution::Normal) return gauss_hermite_probabilists(n);
  const Quadrature q = gauss_legendre(n, -1.0, 1.0);
  std::vector<double> w = q.weights;
  for (double& x : w) x *= 0.5;
  return {q.nodes, w};
}

// Adds coefficient x the tensor product of the 1-D rules with points[k] points to `nodes` (merging equal nodes).
void add_tensor(const RandomInputs& random, const std::vector<int>& points, double coefficient,
                std::map<std::vector<double>, double>& nodes) {
  const int d = random.dim;
  std::vector<std::pair<std::vector<double>, std::vector<double>>> rules;
  for (int k = 0; k < d; ++k) rules.push_back(reference_rule(random, points[k]));
  std::vector<int> index(d, 0);
  while (true) {
    std::vector<double> y(d);
    double w = coefficient;
    for (int k = 0; k < d; ++k) y[k] = rules[k].first[index[k]], w *= rules[k].second[index[k]];
    nodes[y] += w;
    int k = 0;
    while (k < d && ++index[k] == points[k]) index[k++] = 0;
    if (k == d) break;
  }
}

RandomRule finish(const RandomInputs& random, std::string name, int level,
                  const std::map<std::vector<double>, double>& nodes) {
  RandomRule rule;
  rule.name = std::move(name);
  rule.level = level;
  for (const auto& [y, w] : nodes) {
    if (w == 0.0) continue;
    std::vector<double> z(y.size());
    for (std::size_t k = 0; k < y.size(); ++k) z[k] = random.from_reference(y[k]);
    rule.nodes.push_back(std::move(z));
    rule.weights.push_back(w);
  }
  return rule;
}

double binomial(int n, int k) {
  double r = 1.0;
  for (int i = 1; i <= k; ++i) r = r * (n - k + i) / i;
  return r;
}

// Number of Smolyak nodes before merging: sum over |i - 1| in [l - d + 1, l] of the product of i_k (an upper
// bound of the merged count, for the size check without building the rule).
double smolyak_bound(int d, int level) {
  // Count multi-indices j >= 0 with |j| <= level weighted by prod (j_k + 1): a small dynamic programme.
  std::vector<double> ways(level + 1, 0.0);
  ways[0] = 1.0;
  for (int k = 0; k < d; ++k) {
    std::vector<double> next(level + 1, 0.0);
    for (int s = 0; s <= level; ++s)
      for (int j = 0; s + j <= level; ++j) next[s + j] += ways[s] * (j + 1);
    ways = next;
  }
  return std::accumulate(ways.begin(), ways.end(), 0.0);
}

}  // namespace

RandomRule tensor_gauss_rule(const RandomInputs& random, int points_per_dim) {
  std::map<std::vector<double>, double> nodes;
  add_tensor(random, std::vector<int>(random.dim, points_per_dim), 1.0, nodes);
  return finish(random, "tensor", points_per_dim, nodes);
}

RandomRule smolyak_rule(const RandomInputs& random, int level) {
  // A(l + d, d) = sum_{l - d + 1 <= |j| <= l} (-1)^(l - |j|) binom(d - 1, l - |j|) (x)_k U^{j_k + 1}, j >= 0,
  // U^i the i-point Gauss rule (Wasilkowski-Wozniakowski; exact for total degree 2 l + 1).
  const int d = random.dim;
  std::map<std::vector<double>, double> nodes;
  std::vector<int> j(d, 0);
  while (true) {
    const int s = std::accumulate(j.begin(), j.end(), 0);
    if (s <= level && s >= level - d + 1) {
      const double c = ((level - s) % 2 ? -1.0 : 1.0) * binomial(d - 1, level - s);
      std::vector<int> points(d);
      for (int k = 0; k < d; ++k) points[k] = j[k] + 1;
      add_tensor(random, points, c, nodes);
    }
    // Next multi-index with |j| <= level (odometer that resets a digit once the sum would exceed level).
    int k = 0;
    while (k < d) {
      ++j[k];
      if (std::accumulate(j.begin(), j.end(), 0) <= level) break;
      j[k++] = 0;
    }
    if (k == d) break;
  }
  // Merged weights that cancel to round-off are dropped by finish (exact zeros only); tiny ones stay harmless.
  return finish(random, "smolyak", level, nodes);
}

RandomRule halton_rule(const RandomInputs& random, int points) {
  std::vector<int> primes;
  for (int p = 2; static_cast<int>(primes.size()) < random.dim; ++p) {
    bool prime = true;
    for (int q : primes)
      if (p % q == 0) prime = false;
    if (prime) primes.push_back(p);
  }
  RandomRule rule;
  rule.name = "halton";
  rule.level = points;
  for (int i = 1; i <= points; ++i) {  // index 0 is the corner 0: skipped
    std::vector<double> z(random.dim);
    for (int k = 0; k < random.dim; ++k) {
      double u = 0.0, f = 1.0 / primes[k];
      for (int n = i; n > 0; n /= primes[k], f /= primes[k]) u += f * (n % primes[k]);
      const double y = random.distribution == RandomInputs::Distribution::Normal ? inverse_normal_cdf(u) : 2.0 * u - 1.0;
      z[k] = random.from_reference(y);
    }
    rule.nodes.push_back(std::move(z));
    rule.weights.push_back(1.0 / points);
  }
  return rule;
}

StatisticsOptions parse_statistics(const std::optional<ConfigNode>& node, const RandomInputs& random,
                                   std::size_t max_nodes) {
  StatisticsOptions o;
  const int d = random.dim;
  o.rule = d <= 3 ? "tensor" : d <= 12 ? "smolyak" : "halton";
  if (node) {
    node->allow_only({"rule", "level", "quantiles"});
    o.rule = node->get_choice("rule", {"tensor", "smolyak", "halton"}, o.rule);
  }
  o.level = o.rule == "tensor" ? 5 : o.rule == "smolyak" ? 2 : 256;
  if (node) {
    const long level = node->get_int("level", o.level);
    const long least = o.rule == "smolyak" ? 0 : 1;
    if (level < least) node->fail("level", fmt::format("must be >= {} for rule {} (got {})", least, o.rule, level));
    double size = o.rule == "tensor" ? std::pow(static_cast<double>(level), d)
                  : o.rule == "smolyak" ? smolyak_bound(d, static_cast<int>(std::min<long>(level, 64)))
                                        : static_cast<double>(level);
    if (level > 64 && o.rule == "smolyak") size = 1e300;
    if (size > static_cast<double>(max_nodes))
      node->fail("level", fmt::format("rule {} at level {} in {} dimensions needs ~{:.3g} samples (more than {}); "
                                      "lower the level or use a rule for higher dimensions (smolyak, halton)",
                                      o.rule, level, d, size, max_nodes));
    o.level = static_cast<int>(level);
    o.quantiles = node->get_doubles("quantiles", {});
    for (double q : o.quantiles)
      if (!(q > 0.0 && q < 1.0)) node->fail("quantiles", fmt::format("each quantile must lie in (0, 1) (got {})", q));
    if (!o.quantiles.empty() && o.rule == "smolyak")
      node->fail("quantiles", "the Smolyak rule has negative weights, which define no distribution to take "
                              "quantiles of: use rule tensor or halton for quantiles");
  }
  return o;
}

RandomRule make_rule(const StatisticsOptions& options, const RandomInputs& random) {
  if (options.rule == "tensor") return tensor_gauss_rule(random, options.level);
  if (options.rule == "smolyak") return smolyak_rule(random, options.level);
  return halton_rule(random, options.level);
}

namespace {
// The p-quantile of values with positive weights (summing to 1): the weighted empirical CDF taken at the
// midpoints of each value's mass, linear in between.
double weighted_quantile(std::vector<std::pair<double, double>> vw, double p) {
  std::sort(vw.begin(), vw.end());
  double cum = 0.0, prev_mid = 0.0, prev_value = vw.front().first;
  for (std::size_t k = 0; k < vw.size(); ++k) {
    const double mid = cum + 0.5 * vw[k].second;
    if (p <= mid) {
      if (k == 0) return vw[0].first;
      return prev_value + (vw[k].first - prev_value) * (p - prev_mid) / (mid - prev_mid);
    }
    cum += vw[k].second, prev_mid = mid, prev_value = vw[k].first;
  }
  return vw.back().first;
}
}  // namespace

std::vector<std::pair<std::string, std::vector<double>>> sample_statistics(
    const std::vector<std::vector<double>>& samples, const std::vector<double>& weights,
    const std::vector<double>& quantiles) {
  if (samples.empty() || samples.size() != weights.size()) throw RunError("sample_statistics: samples and weights differ");
  const std::size_t n = samples.front().size();
  std::vector<double> mean(n, 0.0), second(n, 0.0), sd(n);
  for (std::size_t k = 0; k < samples.size(); ++k) {
    if (samples[k].size() != n) throw RunError("sample_statistics: samples of different lengths");
    for (std::size_t i = 0; i < n; ++i) mean[i] += weights[k] * samples[k][i];
  }
  // The variance as the weighted mean of squared deviations (not E[q^2] - E[q]^2: no cancellation).
  for (std::size_t k = 0; k < samples.size(); ++k)
    for (std::size_t i = 0; i < n; ++i) second[i] += weights[k] * (samples[k][i] - mean[i]) * (samples[k][i] - mean[i]);
  for (std::size_t i = 0; i < n; ++i) sd[i] = std::sqrt(std::max(0.0, second[i]));
  std::vector<std::pair<std::string, std::vector<double>>> out;
  out.emplace_back("mean", std::move(mean));
  out.emplace_back("std", std::move(sd));
  for (double p : quantiles) {
    std::vector<double> q(n);
    std::vector<std::pair<double, double>> vw(samples.size());
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t k = 0; k < samples.size(); ++k) vw[k] = {samples[k][i], weights[k]};
      q[i] = weighted_quantile(vw, p);
    }
    out.emplace_back(fmt::format("q{}", p), q);
  }
  return out;
}

}  // namespace kinetic
