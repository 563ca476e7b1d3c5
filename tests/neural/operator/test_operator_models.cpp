// APCON operator models (neural/operator/): the published parameter counts, the branch and trunk shapes, the
// trunk's forward-mode derivatives, and the physics-informed losses vanishing on an exact solution.
#include <torch/torch.h>

#include <catch2/catch.hpp>

#include "neural/operator/operator_model.hpp"

using namespace kinetic::neural;

namespace {

OperatorModel published_model(OperatorLoss loss, const std::string& branch, long nx = 32, long nv = 64) {
  BranchShape b;
  b.kind = branch, b.nx = nx, b.nv = nv;  // width 64, depth 5, 4 channels
  OperatorShape s;
  s.loss = loss, s.branch = b, s.trunk_depth = 4;
  return OperatorModel(s, TransportData{});
}

}  // namespace

TEST_CASE("the six APCON models have the slides' parameter counts", "[operator]") {
  struct Row {
    OperatorLoss loss;
    const char* branch;
    long count;
  };
  const Row table[] = {{OperatorLoss::PI, "don", 423296},   {OperatorLoss::PI, "con", 43288},
                       {OperatorLoss::ApV1, "don", 846400}, {OperatorLoss::ApV1, "con", 86384},
                       {OperatorLoss::ApV2, "don", 1269696}, {OperatorLoss::ApV2, "con", 129672}};
  for (const Row& row : table) {
    INFO(row.branch << " loss " << static_cast<int>(row.loss));
    CHECK(published_model(row.loss, row.branch)->parameter_count() == row.count);
  }
  // The convolutional branch does not grow with the grid except for its lift layer (features x 64).
  CHECK(OperatorBranchImpl::con_features(32, 64) == 8);
  CHECK(OperatorBranchImpl::con_features(64, 128) == 32);
  CHECK(published_model(OperatorLoss::PI, "con", 64, 128)->parameter_count() == 43288 + (32 - 8) * 64);
}

TEST_CASE("operator branch and trunk shapes", "[operator]") {
  for (const char* kind : {"don", "con"}) {
    BranchShape b;
    b.kind = kind;
    OperatorBranch branch(b);
    auto B = branch->forward(torch::rand({3, 32, 64}));
    CHECK(B.sizes() == torch::IntArrayRef({3, 64}));
    DeepOnet net(b, 4L, std::vector<double>{0, 0, -1}, std::vector<double>{1, 1, 1});
    CHECK(net->features(torch::rand({7, 3})).sizes() == torch::IntArrayRef({7, 64}));
    Jet G = combine(B, net->feature_jet(torch::rand({7, 3})));
    CHECK(G.v.sizes() == torch::IntArrayRef({3, 7}));
    CHECK(G.x.sizes() == torch::IntArrayRef({3, 7}));
  }
  BranchShape small;
  small.nx = 8;
  CHECK_THROWS_WITH(OperatorBranch(small), Catch::Contains("at least 16 x 16"));
}

TEST_CASE("the trunk's forward-mode derivatives equal autograd", "[operator]") {
  torch::manual_seed(5);
  ModifiedMlp mlp(std::vector<long>{3, 16, 16, 16, 8});
  mlp->to(torch::kFloat64);
  auto X = torch::rand({11, 3}, torch::kFloat64).requires_grad_(true);
  Jet J = mlp->jet(X);
  CHECK(torch::allclose(J.v, mlp->forward(X)));
  for (long k = 0; k < 8; ++k) {
    auto g = torch::autograd::grad({J.v.select(1, k).sum()}, {X}, {}, true)[0];
    CHECK(torch::allclose(J.t.select(1, k), g.select(1, 0), 1e-12, 1e-12));
    CHECK(torch::allclose(J.x.select(1, k), g.select(1, 1), 1e-12, 1e-12));
  }
}

// f = a + b x - eps b v is an exact steady solution: v f_x = b v = sigma_s (<f> - f)/eps with sigma_s = 1.
// Its parts: rho = a + b x, g = -b v (micro-macro); r = a + b x, j = -b v (parity). Inflow data and f0 are
// taken from it, so every term of every loss vanishes; with the wrong sign of the eps v term they do not.
TEST_CASE("the PI and AP operator losses vanish on an exact solution", "[operator]") {
  const double a = 0.7, b = -0.4;
  for (double eps : {1.0, 1e-2, 1e-4}) {
    for (double sign : {1.0, -1.0}) {  // -1: not a solution
      INFO("eps " << eps << " sign " << sign);
      TransportData d;
      d.eps = eps, d.t_end = 0.1;
      const auto o = torch::TensorOptions().dtype(torch::kFloat64);
      const long F = 2, n = 9, m = 5, nx = 4, nv = 6, q = 4;
      auto f_exact = [&](const torch::Tensor& x, const torch::Tensor& v) { return a + b * x - sign * eps * b * v; };
      OperatorBatch batch;
      batch.t = torch::rand({n}, o) * 0.1, batch.x = torch::rand({n}, o), batch.bt = torch::rand({m}, o) * 0.1;
      batch.x0 = torch::linspace(0.1, 0.9, nx, o);
      batch.v0 = torch::tensor({-0.9, -0.5, -0.2, 0.2, 0.5, 0.9}, o);
      batch.w0 = torch::full({nv}, 1.0 / nv, o);
      batch.f0 = f_exact(batch.x0.view({1, nx, 1}), batch.v0.view({1, 1, nv})).expand({F, nx, nv}).contiguous();
      auto zeros = [&](std::vector<long> s) { return torch::zeros(s, o); };
      auto full_v = torch::tensor({-0.8, -0.3, 0.3, 0.8}, o), half_v = torch::tensor({0.2, 0.4, 0.6, 0.8}, o);
      auto x = batch.x.view({1, n, 1});
      auto rho_jet = Jet{(a + b * batch.x).expand({F, n}), zeros({F, n}), torch::full({F, n}, b, o)};
      SECTION("pi") {
        batch.v = full_v, batch.w = torch::full({q}, 0.25, o);
        batch.f_left = f_exact(torch::zeros({1, 1}, o), batch.v.view({1, q})).expand({m, q});
        batch.f_right = f_exact(torch::ones({1, 1}, o), batch.v.view({1, q})).expand({m, q});
        PiFields u;
        auto V = batch.v.view({1, 1, q});
        u.f = {f_exact(x, V).expand({F, n, q}), zeros({F, n, q}), torch::full({F, n, q}, b, o)};
        u.left = f_exact(torch::zeros({1, 1, 1}, o), V.view({1, 1, q})).expand({F, m, q});
        u.right = f_exact(torch::ones({1, 1, 1}, o), V.view({1, 1, q})).expand({F, m, q});
        u.initial = batch.f0;
        auto terms = pi_terms(u, batch, d);
        CHECK(terms[0].item<double>() < 1e-20);  // pde (the data terms hold for either sign: see below)
        if (sign < 0) CHECK(terms[0].item<double>() > 1e-2 * b * b);
        for (std::size_t k = 1; k < terms.size(); ++k) CHECK(terms[k].item<double>() < 1e-20);
      }
      SECTION("ap_v1") {
        batch.v = full_v, batch.w = torch::full({q}, 0.25, o);
        batch.f_left = f_exact(torch::zeros({1, 1}, o), batch.v.view({1, q})).expand({m, q});
        batch.f_right = f_exact(torch::ones({1, 1}, o), batch.v.view({1, q})).expand({m, q});
        V1Fields u;
        auto V = batch.v.view({1, 1, q});
        u.rho = rho_jet;
        u.g = {(-sign * b * V).expand({F, n, q}), zeros({F, n, q}), zeros({F, n, q})};
        u.rho_left = torch::full({F, m}, a, o), u.rho_right = torch::full({F, m}, a + b, o);
        u.g_left = u.g_right = (-sign * b * V).expand({F, m, q});
        u.rho_initial = (a + b * batch.x0).expand({F, nx});
        u.g_initial = (-sign * b * batch.v0).view({1, 1, nv}).expand({F, nx, nv});
        auto terms = v1_terms(u, batch, d);
        CHECK(terms[0].item<double>() < 1e-20);  // macro holds for either sign
        if (sign > 0) CHECK(terms[1].item<double>() < 1e-20);
        else CHECK(terms[1].item<double>() > 1e-2 * b * b);
        for (std::size_t k = 2; k < terms.size(); ++k) CHECK(terms[k].item<double>() < 1e-20);
      }
      SECTION("ap_v2") {
        batch.v = half_v, batch.w = torch::full({q}, 0.25, o);
        batch.f_left = f_exact(torch::zeros({1, 1}, o), batch.v.view({1, q})).expand({m, q});
        batch.f_right = f_exact(torch::ones({1, 1}, o), -batch.v.view({1, q})).expand({m, q});
        V2Fields u;
        auto V = batch.v.view({1, 1, q});
        u.rho = rho_jet;
        u.r = {(a + b * x).expand({F, n, q}), zeros({F, n, q}), torch::full({F, n, q}, b, o)};
        u.j = {(-sign * b * V).expand({F, n, q}), zeros({F, n, q}), zeros({F, n, q})};
        u.r_left = torch::full({F, m, q}, a, o), u.r_right = torch::full({F, m, q}, a + b, o);
        u.j_left = u.j_right = (-sign * b * V).expand({F, m, q});
        u.rho_initial = (a + b * batch.x0).expand({F, nx});
        u.r_initial = (a + b * batch.x0).view({1, nx, 1}).expand({F, nx, nv / 2});
        u.j_initial = (-sign * b * batch.v0.narrow(0, nv / 2, nv / 2)).view({1, 1, nv / 2}).expand({F, nx, nv / 2});
        auto terms = v2_terms(u, batch, d);
        if (sign > 0) {
          for (auto& t : terms) CHECK(t.item<double>() < 1e-20);
        } else {
          CHECK(terms[1].item<double>() > 1e-2 * b * b);  // odd
        }
      }
    }
  }
}
