// Dispatch of `kinetic train` to the neural method named in the config (a plain if-chain on the name).
#include "neural/train.hpp"

#include <fmt/format.h>

#include "neural/aprfm.hpp"
#include "neural/network_training.hpp"

namespace kinetic::neural {

std::vector<std::string> method_names(Equation equation) {
  if (equation == Equation::LinearTransport) return {"pinn", "apnn_v1", "apnn_v2", "aprfm", "rfm"};
  if (equation == Equation::BGK) return {"apnn_bgk"};
  return {};
}

void train(const Problem& problem, const ConfigNode& section, ResultWriter& writer, const TrainContext& context) {
  const std::string method = section.get_string("method");
  if (method == "pinn" || method == "apnn_v1" || method == "apnn_v2" || method == "apnn_bgk") {
    train_network_model(problem, section, writer, context);
    return;
  }
  if (method == "aprfm" || method == "rfm") {  // random feature methods: one Eigen least-squares solve
    train_aprfm(problem, section, writer, context);
    return;
  }
  std::string known;
  for (const auto& name : method_names(problem.equation)) known += (known.empty() ? "" : ", ") + name;
  section.fail("method", fmt::format("unknown neural method '{}' for {} (known: {})", method,
                                     to_string(problem.equation), known.empty() ? "none" : known));
}

}  // namespace kinetic::neural
