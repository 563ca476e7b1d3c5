// Forward-mode tangents against autograd, and the output transforms holding exactly.
// LibTorch first: its glog CHECK macro is replaced by Catch's below.
#include <torch/torch.h>
#undef CHECK
#include <catch2/catch.hpp>

#include <optional>

#include "core/quadrature.hpp"
#include "neural/nets/jet.hpp"
#include "neural/nets/jet_tanh.hpp"
#include "neural/nets/layer_tanh.hpp"
#include "neural/training/model.hpp"
#include "neural/nets/network.hpp"
#include "neural/training/sampler.hpp"
#include "../loss_paths.hpp"
#include "../neural_test_problems.hpp"

using namespace kinetic;
using namespace kinetic::neural;

namespace {

torch::Tensor random_inputs(long n, int d, std::uint64_t seed) {
  torch::manual_seed(seed);
  return torch::rand({n, d}, torch::kFloat64) * 2 - 0.5;
}

double max_abs(const torch::Tensor& a) { return a.abs().max().item<double>(); }

}  // namespace

TEST_CASE("network tangents equal autograd input derivatives (float64)", "[neural]") {
  for (const double log_time : {0.0, 0.02})
  for (const double period : {0.0, 3.0})
  for (const std::string kind : {"fc", "resnet"})
    for (const std::string act : {"tanh", "swish", "sin", "sigmoid"}) {
      INFO(kind << " " << act << " period " << period << " log_time " << log_time);
      NetworkOptions o;
      o.kind = kind, o.width = 10, o.depth = 3, o.activation = act, o.log_time = log_time;
      torch::manual_seed(3);
      FieldNet net(o, std::vector<double>{0.0, -1.0, -1.0}, std::vector<double>{0.1, 2.0, 1.0}, 0, 1, period);
      net->to(torch::kFloat64);
      auto X = random_inputs(50, 3, 7);
      if (log_time > 0) X.select(1, 0).abs_();  // the log coordinate needs t > -tau
      Jet a = net->jet(X, Derivatives::Tangent);
      Jet b = net->jet(X, Derivatives::Autograd);
      // The input scaling (t in [0, 0.1]) makes derivatives O(10): compare relative to their size.
      CHECK(max_abs(a.v - b.v) == 0.0);
      CHECK(max_abs(a.t - b.t) <= 1e-12 * (1 + max_abs(b.t)));
      CHECK(max_abs(a.x - b.x) <= 1e-12 * (1 + max_abs(b.x)));
      // And both against a central difference in t (catches an error shared by the two paths).
      const double h = 1e-6;
      auto Xp = X.clone(), Xm = X.clone();
      Xp.select(1, 0).add_(h), Xm.select(1, 0).sub_(h);
      auto fd = (net->forward(Xp) - net->forward(Xm)) / (2 * h);
      CHECK(max_abs(a.t - fd) <= 1e-6 * (1 + max_abs(fd)));
      if (period > 0) {  // periodic features: the same values one period to the right
        auto Xs = X.clone();
        Xs.select(1, 1).add_(period);
        CHECK(max_abs(net->forward(Xs) - a.v) <= 1e-12);
      }
    }
}

TEST_CASE("fused tanh MLP jets (hand-written backward) equal the double-backward path, values to gradients",
          "[neural]") {
  // The autograd mode of plain fc tanh networks runs jet_mlp.hpp; under TwiceDifferentiableJets it runs the
  // double backward through torch::autograd::grad. Both give the same jets and the same parameter gradients
  // of a loss that uses the value and both derivatives nonlinearly.
  for (const int depth : {1, 2, 4})
    for (const int inputs : {2, 3, 5}) {  // (t, x), (t, x, v), (t, x, v, z1, z2)
      INFO("depth " << depth << ", inputs " << inputs);
      NetworkOptions o;
      o.kind = "fc", o.width = 12, o.depth = depth, o.activation = "tanh";
      torch::manual_seed(5);
      std::vector<double> lo(inputs, -1.0), hi(inputs, 1.0);
      lo[0] = 0.0, hi[0] = 0.1;  // t in [0, 0.1]: derivatives O(10)
      FieldNet net(o, lo, hi, 0, 1);
      net->to(torch::kFloat64);
      const auto X = random_inputs(40, inputs, 11);
      auto run = [&](bool plain, const torch::Tensor& inputs) {
        std::optional<TwiceDifferentiableJets> guard;
        if (plain) guard.emplace();
        for (auto& p : net->parameters()) p.mutable_grad() = torch::Tensor();
        Jet j = net->jet(inputs, Derivatives::Autograd);
        auto loss = (j.v * j.v * 0.3 + j.t * j.x + j.x * j.x * j.v + 0.7 * j.t).sum();
        loss.backward();
        std::vector<torch::Tensor> out = {j.v.detach(), j.t.detach(), j.x.detach()};
        for (auto& p : net->parameters()) out.push_back(p.grad().clone());
        return out;
      };
      const auto fused = run(false, X), plain = run(true, X);
      REQUIRE(fused.size() == plain.size());
      for (std::size_t k = 0; k < fused.size(); ++k) {
        INFO("output " << k << " (0-2: value, d/dt, d/dx; then parameter gradients)");
        CHECK(max_abs(fused[k] - plain[k]) <= 1e-12 * (1 + max_abs(plain[k])));
      }
      // In float32 the fused path adds the bias and takes tanh in its own kernel (fast_tanh.hpp, a few ulp
      // from LibTorch's): the same jets and gradients to float accuracy.
      net->to(torch::kFloat32);
      const auto X32 = X.to(torch::kFloat32);
      const auto fused32 = run(false, X32), plain32 = run(true, X32);
      for (std::size_t k = 0; k < fused32.size(); ++k) {
        INFO("float32 output " << k);
        CHECK(max_abs(fused32[k] - plain32[k]) <= 2e-5 * (1 + max_abs(plain32[k])));
      }
    }
}

TEST_CASE("float32 layer tanh: values, first and second derivatives of LibTorch's tanh", "[neural]") {
  // layer_tanh runs the vectorized kernel forward and tanh_backward as its derivative; jets by double backward
  // differentiate through it twice: d tanh = 1 - a^2, d^2 tanh = -2 a (1 - a^2).
  torch::manual_seed(3);
  auto z = (torch::randn({257, 33}, torch::kFloat32) * 3).requires_grad_(true);  // 257 x 33: vector tails too
  auto a = layer_tanh(z);
  auto exact = torch::tanh(z.detach().to(torch::kFloat64));
  CHECK(max_abs((a.detach().to(torch::kFloat64) - exact) / exact.abs().clamp_min(1e-30)) < 1e-6);
  auto g = torch::autograd::grad({a.sum()}, {z}, {}, true, true)[0];
  auto h = torch::autograd::grad({g.sum()}, {z})[0];
  auto ad = a.detach().to(torch::kFloat64);
  CHECK(max_abs(g.detach().to(torch::kFloat64) - (1 - ad * ad)) < 1e-6);
  CHECK(max_abs(h.to(torch::kFloat64) - (-2 * ad * (1 - ad * ad))) < 1e-6);
  // Float64 tensors stay on LibTorch's tanh, to the bit.
  auto z64 = z.detach().to(torch::kFloat64);
  CHECK(torch::equal(layer_tanh(z64), torch::tanh(z64)));
}

TEST_CASE("float32 resnet jets through the layer tanh agree with the float64 network", "[neural]") {
  // The double-backward path (resnet, autograd), the tangent path (jet_tanh) and the parameter gradients of a
  // loss of both derivatives: float32 against the same network in float64 (LibTorch's tanh), to float accuracy.
  NetworkOptions o;
  o.kind = "resnet", o.width = 16, o.depth = 4, o.activation = "tanh";
  torch::manual_seed(9);
  const std::vector<double> lo = {0.0, -1.0, -1.0}, hi = {0.1, 1.0, 1.0};
  FieldNet net(o, lo, hi, 0, 1);
  const auto X = random_inputs(64, 3, 4);
  auto run = [&](torch::Dtype dtype, Derivatives mode) {
    net->to(dtype);
    for (auto& p : net->parameters()) p.mutable_grad() = torch::Tensor();
    Jet j = net->jet(X.to(dtype), mode);
    (j.v * j.v + j.t * j.x + 0.5 * j.x).sum().backward();
    std::vector<torch::Tensor> out = {j.v.detach(), j.t.detach(), j.x.detach()};
    for (auto& p : net->parameters()) out.push_back(p.grad().clone());
    for (auto& t : out) t = t.to(torch::kFloat64);
    return out;
  };
  const auto ref = run(torch::kFloat64, Derivatives::Autograd);
  for (const auto mode : {Derivatives::Autograd, Derivatives::Tangent}) {
    const auto got = run(torch::kFloat32, mode);
    for (std::size_t k = 0; k < got.size(); ++k) {
      INFO((mode == Derivatives::Autograd ? "autograd" : "tangent") << " output " << k);
      CHECK(max_abs(got[k] - ref[k]) <= 1e-4 * (1 + max_abs(ref[k])));
    }
  }
}

TEST_CASE("loss terms and parameter gradients: tangent path equals autograd path", "[neural]") {
  struct Case {
    std::string name, problem, neural;
  };
  const std::vector<Case> cases = {
      {"apnn_v2 symmetrize inflow", testing::inflow_problem(1e-3), testing::tiny_neural("apnn_v2")},
      {"apnn_v2 fold periodic", testing::periodic_problem(0.5),
       testing::tiny_neural("apnn_v2", "  transforms: {rho: exp, parity: fold}\n")},
      {"apnn_v2 t-enforced r, j", testing::inflow_problem(1e-2),
       testing::tiny_neural("apnn_v2", "  transforms: {parity: fold, r: t_exp, j: t}\n")},
      {"apnn_v1 exact inflow", testing::inflow_problem(1e-8), testing::tiny_neural("apnn_v1")},
      {"apnn_v1 soft periodic", testing::periodic_problem(1.0),
       testing::tiny_neural("apnn_v1", "  projection: soft\n  networks: {kind: resnet, width: 8, depth: 2}\n")},
      {"pinn inflow", testing::inflow_problem(1e-2), testing::tiny_neural("pinn")},
      {"apnn_v2 rho initial periodic", testing::periodic_problem(0.5),
       testing::tiny_neural("apnn_v2", "  transforms: {rho: initial, parity: fold}\n")},
      {"apnn_v1 rho initial periodic", testing::periodic_problem(1e-3),
       testing::tiny_neural("apnn_v1", "  transforms: {rho: initial}\n")},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    auto s = testing::make_setup(c.problem, c.neural + "  dtype: float64\n");
    torch::manual_seed(1);
    auto model = make_model(s.problem, s.options);
    PointSampler sampler("sobol", 5);
    model->resample(sampler, 1);
    testing::check_loss_paths_agree(*model);
  }
}

TEST_CASE("output transforms hold exactly", "[neural]") {
  NetworkOptions o;
  o.width = 8, o.depth = 2;
  torch::manual_seed(2);
  FieldNet net(o, std::vector<double>{0.0, 0.0, -1.0}, std::vector<double>{1.0, 1.0, 1.0});
  net->to(torch::kFloat64);
  auto X = random_inputs(40, 3, 11);
  auto Xm = X.clone();
  Xm.select(1, 2).neg_();
  Jet plus = net->jet(X, Derivatives::Tangent), minus = net->jet(Xm, Derivatives::Tangent);

  SECTION("even/odd parity: r(-v) = r(v), j(-v) = -j(v) bit for bit") {
    Jet r_at_v = exp_neg(even_part(plus, minus)), r_at_mv = exp_neg(even_part(minus, plus));
    Jet j_at_v = odd_part(plus, minus), j_at_mv = odd_part(minus, plus);
    CHECK(torch::equal(r_at_v.v, r_at_mv.v));
    CHECK(torch::equal(r_at_v.x, r_at_mv.x));
    CHECK(torch::equal(j_at_v.v, -j_at_mv.v));
    CHECK(torch::equal(j_at_v.t, -j_at_mv.t));
  }
  SECTION("positivity: exp(-o) > 0 and softplus(o) > 0 even for large |o|") {
    Jet big = 40.0 * plus;
    CHECK(exp_neg(big).v.min().item<double>() > 0);
    CHECK(softplus(-1.0 * big).v.min().item<double>() >= 0);
    CHECK(softplus(big).v.min().item<double>() > 0);
  }
  SECTION("initial enforcement: t exp(-o) is exactly 0 at t = 0, with d/dt = exp(-o)") {
    auto X0 = X.clone();
    X0.select(1, 0).zero_();
    Jet o0 = net->jet(X0, Derivatives::Tangent);
    Jet rho = times_t(X0.select(1, 0), exp_neg(o0));
    CHECK(max_abs(rho.v) == 0.0);
    CHECK(max_abs(rho.x) == 0.0);
    CHECK(torch::equal(rho.t, torch::exp(-o0.v)));
  }
  SECTION("initial lift: u0(x) + t o equals u0 at t = 0 bit for bit") {
    auto X0 = X.clone();
    X0.select(1, 0).zero_();
    auto x = X0.select(1, 1);
    auto u0 = 1 + 0.5 * torch::cos(x), u0_x = -0.5 * torch::sin(x);
    Jet u = initial_lift(X0.select(1, 0), u0, u0_x, net->jet(X0, Derivatives::Tangent));
    CHECK(torch::equal(u.v, u0));
    CHECK(torch::equal(u.x, u0_x));
  }
  SECTION("boundary lift: the Dirichlet values hold at both ends for any network output") {
    auto Xb = X.clone();
    Xb.select(1, 1).copy_(torch::where(torch::arange(40) % 2 == 0, torch::zeros({40}), torch::ones({40})));
    auto x = Xb.select(1, 1);
    Jet u = boundary_lift(40.0 * net->jet(Xb, Derivatives::Tangent), x, 0.0, 1.0, 1.5, 0.625);
    auto expect = torch::where(x == 0, torch::full({40}, 1.5, torch::kFloat64), torch::full({40}, 0.625, torch::kFloat64));
    CHECK(max_abs(u.v - expect) <= 1e-15);
    CHECK(max_abs(u.t) == 0.0);  // the boundary values do not depend on t
    CHECK(max_abs(exp_pos(boundary_lift(net->jet(Xb, Derivatives::Tangent), x, 0.0, 1.0, std::log(1.5),
                                        std::log(0.625))).v - expect) <= 1e-15);
  }
  SECTION("transform derivatives equal autograd of the transformed value") {
    auto Xr = X.clone().requires_grad_(true);
    Jet o{net->forward(Xr), {}, {}};
    auto t = Xr.select(1, 0), xr = Xr.select(1, 1), x = X.select(1, 1);
    // u0 = 1 + sin(x): the lift's u0_x enters as given, so give the exact derivative.
    const std::vector<std::pair<Jet, Jet>> pairs = {
        {exp_neg(plus), exp_neg(o)},
        {exp_pos(plus), exp_pos(o)},
        {softplus(plus), softplus(o)},
        {times_t(X.select(1, 0), exp_neg(plus)), times_t(t, exp_neg(o))},
        {initial_lift(X.select(1, 0), 1 + torch::sin(x), torch::cos(x), plus),
         initial_lift(t, 1 + torch::sin(xr), torch::cos(xr), o)},
        {boundary_lift(plus, x, -0.5, 1.5, 2.0, -1.0), boundary_lift(o, xr, -0.5, 1.5, 2.0, -1.0)},
    };
    for (const auto& [jet, value] : pairs) {
      auto g = torch::autograd::grad({value.v.sum()}, {Xr}, {}, true)[0];
      CHECK(max_abs(jet.v - value.v) <= 1e-14 * (1 + max_abs(value.v)));
      CHECK(max_abs(jet.t - g.select(1, 0)) <= 1e-12 * (1 + max_abs(g)));
      CHECK(max_abs(jet.x - g.select(1, 1)) <= 1e-12 * (1 + max_abs(g)));
    }
  }
  SECTION("zero-mean projection: <g> = 0 to round-off, tangents too") {
    const Quadrature q = gauss_legendre(8, -1, 1);
    std::vector<double> w = q.weights;
    for (auto& wk : w) wk *= 0.5;
    auto wt = torch::tensor(w, torch::kFloat64);
    Jet g = map_linear(plus, [](const torch::Tensor& a) { return a.view({5, 8}); });
    Jet p = zero_mean(g, wt);
    CHECK(max_abs(torch::matmul(p.v, wt)) <= 1e-15 * (1 + max_abs(g.v)));
    CHECK(max_abs(torch::matmul(p.t, wt)) <= 1e-15 * (1 + max_abs(g.t)));
    CHECK(max_abs(torch::matmul(p.x, wt)) <= 1e-15 * (1 + max_abs(g.x)));
  }
}

TEST_CASE("rho transform 'initial' holds the initial density exactly, with its x-derivative", "[neural]") {
  for (const std::string method : {"apnn_v1", "apnn_v2"}) {
    INFO(method);
    // f0 = 1 + 0.5 cos(2 pi x) + 0.3 v: rho0 = 1 + 0.5 cos(2 pi x) (the odd part averages out).
    auto s = testing::make_setup(testing::periodic_problem(0.1),
                                 testing::tiny_neural(method, "  dtype: float64\n  transforms: {rho: initial}\n"));
    torch::manual_seed(4);
    auto model = make_model(s.problem, s.options);
    auto x = torch::linspace(0, 1, 37, torch::kFloat64);
    auto rho0 = 1 + 0.5 * torch::cos(2 * M_PI * x);
    CHECK(max_abs(model->density(torch::zeros_like(x), x) - rho0) <= 1e-14);
    CHECK(max_abs(model->density(torch::full_like(x, 0.05), x) - rho0) > 1e-4);  // the network acts for t > 0
    // The initial-rho loss term holds by construction and is reported as exactly zero.
    PointSampler sampler("sobol", 2);
    model->resample(sampler, 1);
    const auto names = loss_term_names(method);
    const auto terms = model->loss_terms(Derivatives::Tangent);
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == "ic_rho") CHECK(terms[i].item<double>() == 0.0);
  }
}

TEST_CASE("a network's time range changes with or without keeping its function", "[neural][windows]") {
  for (const double log_time : {0.0, 0.01}) {
    INFO("log_time " << log_time);
    NetworkOptions o;
    o.kind = "resnet", o.width = 12, o.depth = 2, o.log_time = log_time;
    torch::manual_seed(5);
    FieldNet net(o, std::vector<double>{0.0, 0.0}, std::vector<double>{0.1, 1.0});
    net->to(torch::kFloat64);
    auto X = random_inputs(40, 2, 9).abs();
    const Jet before = net->jet(X, Derivatives::Tangent);
    // Kept: the same values and derivatives on the wider range (the input layer absorbed the change).
    net->set_time_range(0.0, 0.3, /*keep_function=*/true);
    const Jet kept = net->jet(X, Derivatives::Tangent);
    CHECK(max_abs(kept.v - before.v) <= 1e-13);
    CHECK(max_abs(kept.t - before.t) <= 1e-12 * (1 + max_abs(before.t)));
    CHECK(max_abs(kept.x - before.x) <= 1e-13 * (1 + max_abs(before.x)));
    // Setting the same range again changes nothing, bit for bit.
    net->set_time_range(0.0, 0.3, true);
    CHECK(max_abs(net->jet(X, Derivatives::Tangent).v - kept.v) == 0.0);
    // Not kept: as if built for [0, 0.3] with these weights.
    torch::manual_seed(5);
    FieldNet built(o, std::vector<double>{0.0, 0.0}, std::vector<double>{0.3, 1.0});
    built->to(torch::kFloat64);
    torch::manual_seed(5);
    FieldNet moved(o, std::vector<double>{0.0, 0.0}, std::vector<double>{0.1, 1.0});
    moved->to(torch::kFloat64);
    moved->set_time_range(0.0, 0.3, false);
    CHECK(max_abs(moved->forward(X) - built->forward(X)) == 0.0);
    CHECK(max_abs(moved->forward(X) - before.v) > 1e-3);  // a different function
  }
}
