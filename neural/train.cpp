// Dispatch of `kinetic train` and `kinetic check`: a look-up of the method in the registry
// (method_registry.hpp). Network models go through the generic trainer; others train themselves.
#include "neural/train.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "neural/method_registry.hpp"
#include "neural/training/network_training.hpp"

namespace kinetic::neural {

namespace {
// Uncertain problems (problem.random) need a model that takes z as inputs: those that read `statistics`.
void accept_random_inputs(const Problem& problem, const NeuralMethod& method, const ConfigNode& section) {
  if (method.operator_learning) return;  // z draws the initial functions of its dataset
  const bool takes_random = std::find(method.keys.begin(), method.keys.end(), "statistics") != method.keys.end();
  if (problem.random.active() && !takes_random)
    section.fail("method", fmt::format("{} does not take random inputs (problem.random); methods that do: apnn_v1, "
                                       "apnn_v2", method.name));
  if (!problem.random.active() && section.has("statistics"))
    section.fail("statistics", "needs random inputs in the problem (problem.random)");
  if (!problem.random.active()) return;
  for (const char* key : {"mcmc", "supervision"})
    if (section.has(key)) section.fail(key, "is not available with random inputs (problem.random) yet");
  // One window only sets the training interval; a hand-over to a next window would need supervision at each z.
  if (section.has("windows") && section.child("windows").get_doubles("ends").size() > 1)
    section.child("windows").fail("ends", "more than one window is not available with random inputs "
                                          "(problem.random) yet: give one end (the training interval)");
}
}  // namespace

void check(const Problem& problem, const ConfigNode& section) {
  const NeuralMethod& method = neural_method_for(problem.equation, section);
  accept_random_inputs(problem, method, section);
  if (method.network_model()) return check_network_model(problem, section);
  method.check(problem, section);
}

void train(const Problem& problem, const ConfigNode& section, ResultWriter& writer, const TrainContext& context) {
  const NeuralMethod& method = neural_method_for(problem.equation, section);
  accept_random_inputs(problem, method, section);
  if (method.network_model()) return train_network_model(problem, section, writer, context);
  method.train(problem, section, writer, context);
}

}  // namespace kinetic::neural
