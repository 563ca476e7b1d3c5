// Dispatch of `kinetic train` and `kinetic check`: a look-up of the method in the registry
// (method_registry.hpp). Network models go through the generic trainer; others train themselves.
#include "neural/train.hpp"

#include "neural/method_registry.hpp"
#include "neural/training/network_training.hpp"

namespace kinetic::neural {

void check(const Problem& problem, const ConfigNode& section) {
  const NeuralMethod& method = neural_method_for(problem.equation, section);
  if (method.network_model()) return check_network_model(problem, section);
  method.check(problem, section);
}

void train(const Problem& problem, const ConfigNode& section, ResultWriter& writer, const TrainContext& context) {
  const NeuralMethod& method = neural_method_for(problem.equation, section);
  if (method.network_model()) return train_network_model(problem, section, writer, context);
  method.train(problem, section, writer, context);
}

}  // namespace kinetic::neural
