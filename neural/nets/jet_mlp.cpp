#include "neural/nets/jet_mlp.hpp"

#include "neural/nets/fast_tanh.hpp"
#include "neural/nets/parallel_rows.hpp"

namespace kinetic::neural {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

class TanhMlpJet : public torch::autograd::Function<TanhMlpJet> {
 public:
  static variable_list forward(AutogradContext* ctx, const torch::Tensor& X, torch::TensorList params, int64_t t_col,
                               int64_t x_col, double scale_t, double scale_x) {
    const int L = static_cast<int>(params.size()) / 2 - 1;  // tanh layers; params[2L] is the output row
    const int64_t rows = X.size(0);
    std::vector<torch::Tensor> a(L), d(L), e(L);  // e[l] for l < L-1
    torch::Tensor in = X;
    for (int l = 0; l < L; ++l) {
      if (X.scalar_type() == torch::kFloat32) {  // bias and tanh in one vectorized pass (fast_tanh.hpp)
        a[l] = in.mm(params[2 * l].t());
        const auto bias = params[2 * l + 1].contiguous();
        float* pa = a[l].data_ptr<float>();
        const float* pb = bias.data_ptr<float>();
        const int64_t width = a[l].size(1);
        at::parallel_for(0, rows, kRowGrain, [&](int64_t b, int64_t e) { bias_tanh_rows(pa, pb, width, b, e); });
      } else {
        a[l] = torch::addmm(params[2 * l + 1], in, params[2 * l].t()).tanh_();
      }
      in = a[l];
    }
    const auto& w_out = params[2 * L];  // (1 x w)
    auto y = torch::addmm(params[2 * L + 1], in, w_out.t()).view({rows});
    // Input gradient, top down: d_{L-1} = w_out s_{L-1}, d_l = (d_{l+1} W_{l+1}) s_l.
    const int64_t w = a[L - 1].size(1);
    AT_DISPATCH_FLOATING_TYPES(X.scalar_type(), "tanh_mlp_jet_forward", [&] {
      d[L - 1] = torch::empty_like(a[L - 1]);
      const auto w_row = w_out.contiguous();
      const scalar_t *pa = a[L - 1].data_ptr<scalar_t>(), *pw = w_row.data_ptr<scalar_t>();
      scalar_t* pd = d[L - 1].data_ptr<scalar_t>();
      for_elements_by_column(rows, w, [&](int64_t i, int64_t c) { pd[i] = pw[c] * (1 - pa[i] * pa[i]); });
      for (int l = L - 2; l >= 0; --l) {
        e[l] = d[l + 1].mm(params[2 * (l + 1)]);
        d[l] = torch::empty_like(e[l]);
        const scalar_t *pe = e[l].data_ptr<scalar_t>(), *pal = a[l].data_ptr<scalar_t>();
        scalar_t* pdl = d[l].data_ptr<scalar_t>();
        for_rows(rows, a[l].size(1), [&](int64_t b, int64_t end) {
          for (int64_t i = b; i < end; ++i) pdl[i] = pe[i] * (1 - pal[i] * pal[i]);
        });
      }
    });
    auto g = d[0].mm(params[0]);  // (rows x d)
    auto y_t = g.select(1, t_col) * scale_t, y_x = g.select(1, x_col) * scale_x;
    variable_list saved = {X};
    for (const auto& p : params) saved.push_back(p);
    for (int l = 0; l < L; ++l) saved.push_back(a[l]), saved.push_back(d[l]);
    for (int l = 0; l + 1 < L; ++l) saved.push_back(e[l]);
    ctx->save_for_backward(saved);
    ctx->saved_data["L"] = static_cast<int64_t>(L);
    ctx->saved_data["t_col"] = t_col, ctx->saved_data["x_col"] = x_col;
    ctx->saved_data["scale_t"] = scale_t, ctx->saved_data["scale_x"] = scale_x;
    return {y, y_t, y_x};
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const int L = static_cast<int>(ctx->saved_data["L"].toInt());
    const int64_t t_col = ctx->saved_data["t_col"].toInt(), x_col = ctx->saved_data["x_col"].toInt();
    const double scale_t = ctx->saved_data["scale_t"].toDouble(), scale_x = ctx->saved_data["scale_x"].toDouble();
    const auto& X = saved[0];
    std::vector<torch::Tensor> W, a(L), d(L), e(L);
    for (int k = 0; k <= 2 * L + 1; ++k) W.push_back(saved[1 + k]);  // W[2l] weights, W[2l+1] biases
    int next = 2 * L + 3;
    for (int l = 0; l < L; ++l) a[l] = saved[next++], d[l] = saved[next++];
    for (int l = 0; l + 1 < L; ++l) e[l] = saved[next++];
    const int64_t rows = X.size(0);
    auto opts = X.options();
    auto zero_if_undefined = [&](const torch::Tensor& g) { return g.defined() ? g.contiguous() : torch::zeros({rows}, opts); };
    const auto gy = zero_if_undefined(grads[0]), gt = zero_if_undefined(grads[1]), gx = zero_if_undefined(grads[2]);

    std::vector<torch::Tensor> dW(L + 1), db(L + 1), S(L);
    // dL/dg: only the t and x columns are outputs.
    auto Gg = torch::zeros({rows, X.size(1)}, opts);
    Gg.select(1, t_col).copy_(gt * scale_t);
    Gg.select(1, x_col).add_(gx * scale_x);
    dW[0] = d[0].t().mm(Gg);
    auto D = Gg.mm(W[0].t());  // adjoint of d_0
    AT_DISPATCH_FLOATING_TYPES(X.scalar_type(), "tanh_mlp_jet_backward", [&] {
      for (int l = 0; l + 1 < L; ++l) {  // d_l = e_l s_l: E_l = D s_l (into D), S_l = D e_l
        S[l] = torch::empty_like(D);
        scalar_t *pD = D.data_ptr<scalar_t>(), *pS = S[l].data_ptr<scalar_t>();
        const scalar_t *pe = e[l].data_ptr<scalar_t>(), *pa = a[l].data_ptr<scalar_t>();
        for_rows(rows, D.size(1), [&](int64_t b, int64_t end) {
          for (int64_t i = b; i < end; ++i) {
            const scalar_t Di = pD[i];
            pS[i] = Di * pe[i];
            pD[i] = Di * (1 - pa[i] * pa[i]);
          }
        });
        dW[l + 1] = d[l + 1].t().mm(D);  // e_l = d_{l+1} W_{l+1}
        D = D.mm(W[2 * (l + 1)].t());
      }
      {  // d_{L-1} = w_out s_{L-1}
        const auto& aL = a[L - 1];
        S[L - 1] = torch::empty_like(D);
        auto Ds = torch::empty_like(D);
        const scalar_t *pD = D.data_ptr<scalar_t>(), *pa = aL.data_ptr<scalar_t>();
        const auto w_row = W[2 * L].contiguous();
        const scalar_t* pw = w_row.data_ptr<scalar_t>();
        scalar_t *pS = S[L - 1].data_ptr<scalar_t>(), *pDs = Ds.data_ptr<scalar_t>();
        const int64_t w = D.size(1);
        for_elements_by_column(rows, w, [&](int64_t i, int64_t c) {
          pS[i] = pD[i] * pw[c];
          pDs[i] = pD[i] * (1 - pa[i] * pa[i]);
        });
        dW[L] = Ds.sum(0, true) + gy.unsqueeze(0).mm(aL);  // (1 x w)
        db[L] = gy.sum().view({1});
      }
      // Down the forward chain: A_{L-1} = gy w_out, Z_l = (A_l - 2 a_l S_l) s_l.
      auto A = gy.unsqueeze(1).mm(W[2 * L]);  // (rows x w)
      for (int l = L - 1; l >= 0; --l) {
        scalar_t* pA = A.data_ptr<scalar_t>();  // becomes Z_l in place
        const scalar_t *pa = a[l].data_ptr<scalar_t>(), *pS = S[l].data_ptr<scalar_t>();
        for_rows(rows, A.size(1), [&](int64_t b, int64_t end) {
          for (int64_t i = b; i < end; ++i) {
            const scalar_t ai = pa[i];
            pA[i] = (pA[i] - 2 * ai * pS[i]) * (1 - ai * ai);
          }
        });
        const auto& below = l > 0 ? a[l - 1] : X;
        dW[l] = dW[l].defined() ? dW[l].addmm_(A.t(), below) : A.t().mm(below);
        db[l] = A.sum(0);
        if (l > 0) A = A.mm(W[2 * l]);
      }
    });
    variable_list out = {torch::Tensor()};  // X: no gradient
    for (int l = 0; l <= L; ++l) out.push_back(dW[l]), out.push_back(db[l]);
    for (int k = 0; k < 4; ++k) out.emplace_back();  // t_col, x_col, scale_t, scale_x
    return out;
  }
};

}  // namespace

std::vector<torch::Tensor> tanh_mlp_jet(const torch::Tensor& X, const std::vector<torch::Tensor>& params, int t_col,
                                        int x_col, double scale_t, double scale_x) {
  return TanhMlpJet::apply(X.contiguous(), torch::TensorList(params), static_cast<int64_t>(t_col),
                           static_cast<int64_t>(x_col), scale_t, scale_x);
}

}  // namespace kinetic::neural
