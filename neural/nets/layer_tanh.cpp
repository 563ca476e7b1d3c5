#include "neural/nets/layer_tanh.hpp"

#include <ATen/Parallel.h>

#include "neural/nets/fast_tanh.hpp"

namespace kinetic::neural {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

constexpr int64_t kElementGrain = 1 << 15;  // elements per parallel chunk

class LayerTanh : public torch::autograd::Function<LayerTanh> {
 public:
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& z) {
    const auto zc = z.contiguous();
    auto a = torch::empty_like(zc);
    const float* pz = zc.data_ptr<float>();
    float* pa = a.data_ptr<float>();
    at::parallel_for(0, zc.numel(), kElementGrain,
                     [&](int64_t begin, int64_t end) { tanh_into(pz + begin, pa + begin, end - begin); });
    ctx->save_for_backward({a});
    return a;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const auto a = ctx->get_saved_variables()[0];
    return {at::tanh_backward(grads[0], a)};
  }
};

}  // namespace

torch::Tensor layer_tanh(const torch::Tensor& z) {
  if (z.scalar_type() != torch::kFloat32 || !z.device().is_cpu()) return torch::tanh(z);
  return LayerTanh::apply(z);
}

}  // namespace kinetic::neural
