#include "neural/method_registry.hpp"

#include "core/error.hpp"
#include "core/registry.hpp"

namespace kinetic::neural {

using Methods = Registry<NeuralMethod>;

std::vector<std::string> NeuralMethod::term_names() const {
  std::vector<std::string> names;
  for (const auto& t : terms) names.push_back(t.name);
  return names;
}

NeuralMethod NeuralMethod::network_model(Equation equation, std::string name, std::string summary,
                                         std::vector<std::string> networks, std::vector<LossTerm> terms,
                                         std::vector<std::string> keys, Defaults defaults, Parse parse,
                                         Accepts accepts, Factory make, Conformance conformance) {
  NeuralMethod m;
  m.equation = equation, m.name = std::move(name), m.summary = std::move(summary);
  m.networks = std::move(networks), m.terms = std::move(terms), m.keys = std::move(keys);
  m.defaults = std::move(defaults), m.parse = std::move(parse), m.accepts = std::move(accepts);
  m.make = std::move(make), m.conformance = std::move(conformance);
  return m;
}

NeuralMethod NeuralMethod::own_training(Equation equation, std::string name, std::string summary, Check check,
                                        Train train) {
  NeuralMethod m;
  m.equation = equation, m.name = std::move(name), m.summary = std::move(summary);
  m.check = std::move(check), m.train = std::move(train);
  return m;
}

bool register_neural_method(NeuralMethod method) {
  if (method.network_model() == static_cast<bool>(method.train))
    throw RunError("neural method " + method.name + ": give either make (network model) or train");
  return Methods::add(std::move(method), "neural method");
}

std::vector<NeuralMethod> neural_methods() { return Methods::sorted(); }

std::vector<std::string> method_names(Equation equation) { return Methods::names(equation); }

const NeuralMethod& neural_method_for(Equation equation, const ConfigNode& section) {
  return Methods::named_in(section, equation, "neural method");
}

const NeuralMethod& neural_method(const std::string& name) {
  for (const auto& m : Methods::all())
    if (m.name == name) return m;
  throw RunError("no neural method named " + name);
}

}  // namespace kinetic::neural
