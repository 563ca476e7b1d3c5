// Random inputs of uncertain problems: formulas with z1 ... zd, per-sample problems, the rules over z
// (exactness on polynomials in several dimensions), the statistics of a closed-form case, refused keys.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/config.hpp"
#include "core/error.hpp"
#include "core/problem.hpp"
#include "core/random_quadrature.hpp"

using namespace kinetic;

namespace {

const char* kUncertain = R"yaml(
problem:
  equation: linear_transport
  eps: 1.0e-8
  time: {end: 0.1}
  space: [0, 1]
  random: {dim: 2, distribution: uniform, range: [0, 2]}
  sigma_s: 1 + 0.5*z1*x
  initial: {f: "0"}
  boundary: {type: inflow, left: "z2", right: "0"}
)yaml";

RandomInputs inputs(int dim, bool normal = false) {
  RandomInputs r;
  r.dim = dim;
  if (normal) r.distribution = RandomInputs::Distribution::Normal, r.a = 0.0, r.b = 1.0;
  return r;
}

// E[prod_k z_k^p_k] under the rule.
double moment(const RandomRule& rule, const std::vector<int>& p) {
  double sum = 0.0;
  for (std::size_t n = 0; n < rule.size(); ++n) {
    double term = rule.weights[n];
    for (std::size_t k = 0; k < p.size(); ++k) term *= std::pow(rule.nodes[n][k], p[k]);
    sum += term;
  }
  return sum;
}
// Exact moments of one variable: uniform on [-1, 1] and standard normal.
double uniform_moment(int p) { return p % 2 ? 0.0 : 1.0 / (p + 1); }
double normal_moment(int p) {
  double m = p % 2 ? 0.0 : 1.0;
  for (int k = p - 1; k > 0 && p % 2 == 0; k -= 2) m *= k;
  return m;
}
double exact_moment(const std::vector<int>& p, bool normal) {
  double m = 1.0;
  for (int pk : p) m *= normal ? normal_moment(pk) : uniform_moment(pk);
  return m;
}

std::string message_of(const std::string& override_text) {
  try {
    ConfigNode root = ConfigNode::from_string(kUncertain, "case.yaml");
    root.apply_override(override_text);
    Problem::from_config(root.child("problem"));
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("formulas of an uncertain problem use z1 ... zd: variables in the nominal problem, constants per sample",
          "[random]") {
  const ConfigNode root = ConfigNode::from_string(kUncertain, "case.yaml");
  const Problem nominal = Problem::from_config(root.child("problem"));
  REQUIRE(nominal.random.dim == 2);
  CHECK(nominal.sigma_s.uses_random());
  CHECK_FALSE(nominal.sigma_s.is_constant());
  CHECK(nominal.sigma_s(0, 0.5, 0) == Approx(1.25));  // at the means z = (1, 1)
  const double z[2] = {2.0, 0.3};
  CHECK(nominal.sigma_s.at_random(0, 0.5, 0, z) == Approx(1.5));
  CHECK(nominal.boundary.f_left.at_random(0, 0, 1, z) == Approx(0.3));
  CHECK(nominal.sigma_s(0, 0.5, 0) == Approx(1.25));  // at_random leaves the nominal values in place

  const Problem sample = nominal.at_random_inputs({0.0, 0.7});
  CHECK(sample.boundary.f_left.is_constant());  // z are constants of a sample: solvers see plain data
  CHECK(sample.boundary.f_left(0, 0, 1) == Approx(0.7));
  CHECK(sample.sigma_s(0, 0.9, 0) == Approx(1.0));
  CHECK_THROWS_AS(nominal.at_random_inputs({1.0}), RunError);
}

TEST_CASE("bad random keys are refused with the key named", "[random]") {
  CHECK_THAT(message_of("problem.random.dim=0"), Catch::Contains("case.yaml: problem.random.dim"));
  CHECK_THAT(message_of("problem.random.distribution=beta"), Catch::Contains("problem.random.distribution"));
  CHECK_THAT(message_of("problem.random.range=[1, 0]"), Catch::Contains("problem.random.range"));
  CHECK_THAT(message_of("problem.random.std=1"), Catch::Contains("problem.random.std"));  // not for uniform
  CHECK_THAT(message_of("problem.random={dim: 1, distribution: normal, std: -1}"), Catch::Contains("problem.random.std"));
  CHECK_THAT(message_of("problem.sigma_s=1+z3"), Catch::Contains("problem.sigma_s"));  // only z1, z2 exist
  CHECK_THAT(message_of("problem.constants={z1: 2}"), Catch::Contains("reserved for the random inputs"));
  CHECK(message_of("problem.random.dim=3").empty());
}

TEST_CASE("tensor Gauss rules integrate polynomials of degree 2n - 1 in each variable exactly", "[random]") {
  for (bool normal : {false, true}) {
    const RandomRule rule = tensor_gauss_rule(inputs(3, normal), 4);  // exact up to degree 7 per variable
    REQUIRE(rule.size() == 64);
    CHECK(moment(rule, {0, 0, 0}) == Approx(1.0).epsilon(1e-14));
    for (const std::vector<int>& p : {std::vector<int>{2, 4, 6}, {7, 2, 0}, {6, 6, 6}, {1, 3, 5}})
      CHECK(moment(rule, p) == Approx(exact_moment(p, normal)).margin(1e-13).epsilon(1e-12));
    // Degree 8 in one variable is beyond it.
    CHECK(std::abs(moment(rule, {8, 0, 0}) - exact_moment({8, 0, 0}, normal)) > 1e-4 * exact_moment({8, 0, 0}, normal));
  }
}

TEST_CASE("Smolyak rules at level l integrate polynomials of total degree 2l + 1 exactly, with far fewer nodes",
          "[random]") {
  for (bool normal : {false, true}) {
    for (int level = 1; level <= 3; ++level) {
      const int d = 5;
      const RandomRule rule = smolyak_rule(inputs(d, normal), level);
      CHECK(moment(rule, {0, 0, 0, 0, 0}) == Approx(1.0).epsilon(1e-13));
      // Every monomial of total degree <= 2l + 1 in the first three variables (others at degree 0).
      for (int a = 0; a <= 2 * level + 1; ++a)
        for (int b = 0; a + b <= 2 * level + 1; ++b)
          for (int c = 0; a + b + c <= 2 * level + 1; ++c) {
            const std::vector<int> p = {a, b, 0, c, 0};
            INFO("level " << level << " normal " << normal << " exponents " << a << " " << b << " " << c);
            CHECK(moment(rule, p) == Approx(exact_moment(p, normal)).margin(1e-12).epsilon(1e-11));
          }
      // Total degree 2l + 2 in two variables is not integrated exactly.
      const std::vector<int> beyond = {2 * level + 2, 0, 0, 0, 0};
      CHECK(std::abs(moment(rule, beyond) - exact_moment(beyond, normal)) > 1e-6);
      CHECK(rule.size() < std::pow(level + 1, d));  // fewer than the tensor rule of the same 1-D degree
    }
  }
  // d = 20 (the slides' Case II) at level 2: a few hundred nodes.
  const RandomRule big = smolyak_rule(inputs(20), 2);
  CHECK(big.size() < 1000);
  CHECK(moment(big, std::vector<int>(20, 0)) == Approx(1.0).epsilon(1e-12));
}

TEST_CASE("Halton points converge at a quasi-Monte Carlo rate, and the inverse normal CDF is exact", "[random]") {
  // E[prod_k exp(z_k)] = sinh(1)^6 in 6 dimensions. Halton's early points in the larger primes are correlated:
  // measured 0.143 at 1000 points and 0.0144 at 16 000 (a gain of ~10; Monte Carlo's expected errors, from the
  // integrand's standard deviation 5.4, are 0.17 and 0.042, a gain of 4).
  const RandomInputs r = inputs(6);
  auto error = [&](int n) {
    const RandomRule rule = halton_rule(r, n);
    double sum = 0.0;
    for (std::size_t k = 0; k < rule.size(); ++k) {
      double term = rule.weights[k];
      for (double z : rule.nodes[k]) term *= std::exp(z);
      sum += term;
    }
    return std::abs(sum - std::pow(std::sinh(1.0), 6));
  };
  const double e1 = error(1000), e2 = error(16000);
  INFO("errors " << e1 << " " << e2);
  CHECK(e2 < e1 / 6.0);
  CHECK(e2 < 0.03);
  for (double u : {1e-10, 0.01, 0.3, 0.5, 0.8, 0.999})
    CHECK(0.5 * std::erfc(-inverse_normal_cdf(u) / std::sqrt(2.0)) == Approx(u).epsilon(1e-13));
}

TEST_CASE("sample statistics: mean, standard deviation and quantiles of a closed-form case", "[random]") {
  // q(z) = a + b z with z uniform on [-1, 1]: mean a, std |b| / sqrt(3), p-quantile a + b (2p - 1).
  RandomInputs r = inputs(1);
  const RandomRule rule = halton_rule(r, 4096);
  std::vector<std::vector<double>> samples;
  for (const auto& z : rule.nodes) samples.push_back({2.0 + 3.0 * z[0], -1.0 * z[0] * z[0]});
  const auto stats = sample_statistics(samples, rule.weights, {0.1, 0.5, 0.9});
  REQUIRE(stats.size() == 5);
  CHECK(stats[0].first == "mean");
  CHECK(stats[0].second[0] == Approx(2.0).margin(2e-3));
  CHECK(stats[1].second[0] == Approx(3.0 / std::sqrt(3.0)).epsilon(2e-3));
  CHECK(stats[0].second[1] == Approx(-1.0 / 3.0).epsilon(2e-3));
  CHECK(stats[1].second[1] == Approx(std::sqrt(1.0 / 5.0 - 1.0 / 9.0)).epsilon(2e-3));  // var of z^2: 4/45
  CHECK(stats[2].first == "q0.1");
  CHECK(stats[2].second[0] == Approx(2.0 - 3.0 * 0.8).margin(5e-3));
  CHECK(stats[3].second[0] == Approx(2.0).margin(5e-3));
  CHECK(stats[4].second[0] == Approx(2.0 + 3.0 * 0.8).margin(5e-3));
  // A Gauss rule gets mean and variance of a polynomial exactly.
  const RandomRule gauss = tensor_gauss_rule(r, 3);
  samples.clear();
  for (const auto& z : gauss.nodes) samples.push_back({2.0 + 3.0 * z[0]});
  const auto exact = sample_statistics(samples, gauss.weights, {});
  CHECK(exact[0].second[0] == Approx(2.0).epsilon(1e-14));
  CHECK(exact[1].second[0] == Approx(std::sqrt(3.0)).epsilon(1e-14));
}

TEST_CASE("statistics options: rules, levels and quantiles are checked against the dimension", "[random]") {
  auto fails = [](const std::string& yaml, int dim) {
    try {
      const ConfigNode n = ConfigNode::from_string(yaml, "case.yaml");
      parse_statistics(n.child("statistics"), inputs(dim));
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK_THAT(fails("statistics: {rule: sobolev}", 2), Catch::Contains("statistics.rule"));
  CHECK_THAT(fails("statistics: {rule: tensor, level: 10}", 20), Catch::Contains("statistics.level"));
  CHECK_THAT(fails("statistics: {rule: tensor, level: 0}", 2), Catch::Contains("statistics.level"));
  CHECK_THAT(fails("statistics: {rule: halton, quantiles: [1.5]}", 2), Catch::Contains("statistics.quantiles"));
  CHECK_THAT(fails("statistics: {rule: smolyak, quantiles: [0.5]}", 2), Catch::Contains("negative weights"));
  CHECK_THAT(fails("statistics: {rule: halton, points: 5}", 2), Catch::Contains("statistics.points"));
  CHECK(fails("statistics: {rule: smolyak, level: 3}", 20).empty());
  CHECK(parse_statistics(std::nullopt, inputs(20)).rule == "halton");
  CHECK(parse_statistics(std::nullopt, inputs(1)).rule == "tensor");
}
