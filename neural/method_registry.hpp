#pragma once
// The neural methods, each registered by its own file (one `register_neural_method({...})` at namespace
// scope). A network model gives its networks, its loss terms with their default weights, its own keys of the
// `neural:` section with their parser, the published defaults, the problem check and the factory; the
// generic trainer does the rest. A method with its own training (random features) gives `check` and `train`
// instead. The dispatcher (train.hpp), the options parser, the trainer's weights, `kinetic methods` and the
// conformance tests are look-ups in this list. LibTorch-free: Model is only declared here.
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/config.hpp"
#include "core/problem.hpp"
#include "core/result_file.hpp"
#include "neural/training/options.hpp"
#include "neural/train.hpp"

namespace kinetic::neural {

class Model;

struct LossTerm {
  std::string name;
  double weight;  // default weight (the published one where there is one)
};

// A tiny setup the conformance tests run (tests/neural/training/test_conformance.cpp): a `problem:` section
// and extra lines of the `neural:` section under which every loss term is active.
struct Conformance {
  std::string problem, neural;
};

struct NeuralMethod {
  using Factory = std::function<std::shared_ptr<Model>(const Problem&, const NeuralOptions&)>;
  using Defaults = std::function<void(NeuralOptions&)>;
  using Parse = std::function<void(const ConfigNode& section, NeuralOptions&)>;
  using Accepts = std::function<void(const Problem&, const NeuralOptions&)>;
  using Check = std::function<void(const Problem&, const ConfigNode& section)>;
  using Train = std::function<void(const Problem&, const ConfigNode& section, ResultWriter&, const TrainContext&)>;

  // A network model and a method with its own training, every field given.
  static NeuralMethod network_model(Equation equation, std::string name, std::string summary,
                                    std::vector<std::string> networks, std::vector<LossTerm> terms,
                                    std::vector<std::string> keys, Defaults defaults, Parse parse, Accepts accepts,
                                    Factory make, Conformance conformance);
  static NeuralMethod own_training(Equation equation, std::string name, std::string summary, Check check,
                                   Train train);

  Equation equation;
  std::string name;
  std::string summary;  // one line for `kinetic methods`

  // --- network models (trained by neural/training/trainer.hpp)
  std::vector<std::string> networks;  // network names (keys of neural.networks)
  std::vector<LossTerm> terms;        // in the order Model::loss_terms returns them
  std::vector<std::string> keys;      // the model's own keys of the `neural:` section
  Defaults defaults;  // published setup
  Parse parse;        // reads `keys`
  Accepts accepts;    // InputError if it cannot run the problem
  Factory make;
  Conformance conformance;

  // --- methods with their own training (set instead of the above)
  Check check;
  Train train;
  // Operator learning (APCON): the problem's random inputs describe the family of initial functions.
  bool operator_learning = false;

  bool network_model() const { return static_cast<bool>(make); }
  std::vector<std::string> term_names() const;
};

// Adds a method (at static initialisation); returns true. A repeated (equation, name) is a RunError.
bool register_neural_method(NeuralMethod method);
// Every registered method, sorted by equation, then name.
std::vector<NeuralMethod> neural_methods();
std::vector<std::string> method_names(Equation equation);
// The method named by `section`'s `method` for the equation; InputError naming neural.method otherwise.
const NeuralMethod& neural_method_for(Equation equation, const ConfigNode& section);
// The method of that name (any equation; names of network models are unique); RunError if none.
const NeuralMethod& neural_method(const std::string& name);

}  // namespace kinetic::neural
