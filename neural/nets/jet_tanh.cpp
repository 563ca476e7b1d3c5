#include "neural/nets/jet_tanh.hpp"

#include "neural/nets/layer_tanh.hpp"
#include "neural/nets/parallel_rows.hpp"

namespace kinetic::neural {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

class JetTanhFunction : public torch::autograd::Function<JetTanhFunction> {
 public:
  static variable_list forward(AutogradContext* ctx, const torch::Tensor& z, const torch::Tensor& tz) {
    auto a = layer_tanh(z);  // vectorised tanh (no graph: autograd is off inside forward)
    auto ta = torch::empty_like(tz);
    const int64_t n = z.numel(), w = z.size(-1), rows = z.size(0);
    AT_DISPATCH_FLOATING_TYPES(z.scalar_type(), "jet_tanh_forward", [&] {
      const scalar_t* pa = a.data_ptr<scalar_t>();
      const scalar_t *t0 = tz.data_ptr<scalar_t>(), *t1 = t0 + n;
      scalar_t *o0 = ta.data_ptr<scalar_t>(), *o1 = o0 + n;
      for_rows(rows, w, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
          const scalar_t s = 1 - pa[i] * pa[i];
          o0[i] = s * t0[i];
          o1[i] = s * t1[i];
        }
      });
    });
    ctx->save_for_backward({a, tz});
    return {a, ta};
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    auto saved = ctx->get_saved_variables();
    const auto& a = saved[0];
    const auto& tz = saved[1];
    auto ga = grads[0].defined() ? grads[0].contiguous() : torch::zeros_like(a);
    auto gta = grads[1].defined() ? grads[1].contiguous() : torch::zeros_like(tz);
    auto gz = torch::empty_like(a);
    auto gtz = torch::empty_like(tz);
    const int64_t n = a.numel(), w = a.size(-1), rows = a.size(0);
    AT_DISPATCH_FLOATING_TYPES(a.scalar_type(), "jet_tanh_backward", [&] {
      const scalar_t *pa = a.data_ptr<scalar_t>(), *pga = ga.data_ptr<scalar_t>();
      const scalar_t *t0 = tz.data_ptr<scalar_t>(), *t1 = t0 + n;
      const scalar_t *g0 = gta.data_ptr<scalar_t>(), *g1 = g0 + n;
      scalar_t *pgz = gz.data_ptr<scalar_t>(), *q0 = gtz.data_ptr<scalar_t>(), *q1 = q0 + n;
      for_rows(rows, w, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
          const scalar_t ai = pa[i], s = 1 - ai * ai;
          pgz[i] = s * (pga[i] - 2 * ai * (g0[i] * t0[i] + g1[i] * t1[i]));
          q0[i] = s * g0[i];
          q1[i] = s * g1[i];
        }
      });
    });
    return {gz, gtz};
  }
};

thread_local bool twice_differentiable = false;

}  // namespace

TwiceDifferentiableJets::TwiceDifferentiableJets() : previous_(twice_differentiable) { twice_differentiable = true; }
TwiceDifferentiableJets::~TwiceDifferentiableJets() { twice_differentiable = previous_; }
bool TwiceDifferentiableJets::active() { return twice_differentiable; }

std::pair<torch::Tensor, torch::Tensor> jet_tanh(const torch::Tensor& z, const torch::Tensor& tz) {
  if (!z.device().is_cpu() || twice_differentiable) {
    auto a = layer_tanh(z);
    return {a, at::tanh_backward(tz, a)};
  }
  const auto full = tz.expand({2, z.size(0), z.size(1)}).contiguous();  // expand's backward sums rows back
  auto out = JetTanhFunction::apply(z.contiguous(), full);
  return {out[0], out[1]};
}

}  // namespace kinetic::neural
