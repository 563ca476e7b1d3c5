#include "neural/options.hpp"

#include <fmt/format.h>

#include <filesystem>

namespace kinetic::neural {

std::vector<std::string> network_names(const std::string& method) {
  if (method == "apnn_v2") return {"rho", "r", "j"};
  if (method == "apnn_v1") return {"rho", "g"};
  if (method == "apnn_bgk") return {"f", "rho", "u", "T"};
  return {"f"};
}

std::vector<std::string> loss_term_names(const std::string& method) {
  if (method == "apnn_v2") return {"even", "odd", "conservation", "constraint", "bc", "ic_rho", "ic_f"};
  if (method == "apnn_v1") return {"macro", "micro", "bc", "ic_rho", "ic_f", "soft_mean"};
  if (method == "apnn_bgk")
    return {"residual", "mass", "momentum", "energy", "moment_rho", "moment_momentum", "moment_energy",
            "ic_f", "ic_rho", "ic_u", "ic_T", "bc_f", "bc_flux"};
  return {"residual", "bc", "ic"};
}

// The slides' authors' published weights (reference-facts.md).
std::map<std::string, double> default_weights(const std::string& method) {
  if (method == "apnn_v2")
    return {{"even", 1}, {"odd", 1}, {"conservation", 1}, {"constraint", 1}, {"bc", 10}, {"ic_rho", 1}, {"ic_f", 10}};
  if (method == "apnn_v1")
    return {{"macro", 1}, {"micro", 1}, {"bc", 10}, {"ic_rho", 10}, {"ic_f", 10}, {"soft_mean", 1}};
  if (method == "apnn_bgk")  // the slides' weights are 1 except a few 10 (initial data here) and one 0.1
    return {{"residual", 1}, {"mass", 1}, {"momentum", 1}, {"energy", 1}, {"moment_rho", 1}, {"moment_momentum", 1},
            {"moment_energy", 1}, {"ic_f", 10}, {"ic_rho", 10}, {"ic_u", 10}, {"ic_T", 10},
            {"bc_f", 0}, {"bc_flux", 0}};  // the kinetic inflow terms are not in the slides' loss: off unless asked
  return {{"residual", 1}, {"bc", 10}, {"ic", 10}};
}

namespace {

const std::vector<std::string> kNetKeys = {"kind", "width", "depth", "activation"};

// Published network setups per method (reference-facts.md), overridden by the config.
NetworkOptions default_network(const std::string& method, const std::string& name) {
  NetworkOptions n;
  if (method == "apnn_v2") n.width = name == "rho" ? 128 : 256;
  if (method == "apnn_v1") n.kind = "resnet", n.depth = 5, n.width = name == "rho" ? 128 : 256;
  if (method == "pinn") n.width = 256, n.activation = "swish";
  // BGK: 6 hidden layers (3 two-layer residual blocks), width 128 for f, 64 for rho, u, T; swish.
  if (method == "apnn_bgk") n.kind = "resnet", n.depth = 3, n.activation = "swish", n.width = name == "f" ? 128 : 64;
  return n;
}

void read_network(const ConfigNode& node, NetworkOptions& n) {
  if (node.has("kind")) n.kind = node.get_choice("kind", {"fc", "resnet"});
  n.width = static_cast<int>(node.get_int("width", n.width));
  if (n.width < 1) node.fail("width", fmt::format("must be >= 1 (got {})", n.width));
  n.depth = static_cast<int>(node.get_int("depth", n.depth));
  if (n.depth < 1) node.fail("depth", fmt::format("must be >= 1 (got {})", n.depth));
  if (node.has("activation")) n.activation = node.get_choice("activation", {"tanh", "swish", "sin", "sigmoid"});
}

long positive(const ConfigNode& s, const std::string& key, long fallback, long min = 1) {
  const long v = s.get_int(key, fallback);
  if (v < min) s.fail(key, fmt::format("must be >= {} (got {})", min, v));
  return v;
}

}  // namespace

NeuralOptions parse_options(const ConfigNode& section) {
  section.allow_only({"method", "networks", "dtype", "device", "threads", "seed", "steps", "batch", "quadrature",
                      "sampler", "time_bias", "derivatives", "optimizer", "weights", "transforms", "projection",
                      "periodic_features", "checkpoint_every", "log_every", "eval_nx", "supervision", "pass_rows",
                      "causal", "hermite_degree"});
  NeuralOptions o;
  o.method = section.get_choice("method", {"pinn", "apnn_v1", "apnn_v2", "apnn_bgk"});
  o.config_text = section.dump();
  const auto names = network_names(o.method);
  for (const auto& name : names) o.networks[name] = default_network(o.method, name);
  if (o.method == "apnn_v1") o.n_interior = 1024, o.n_boundary = 512, o.n_initial = 1024;
  if (o.method == "pinn") o.n_interior = 1024, o.n_boundary = 256, o.n_initial = 512, o.optimizer.decay_every = 500;
  if (o.method == "apnn_bgk") o.n_interior = 512, o.n_boundary = 128, o.n_initial = 256, o.quadrature = 64;

  if (auto nets = section.optional_child("networks")) {
    std::vector<std::string> allowed = kNetKeys;
    allowed.insert(allowed.end(), names.begin(), names.end());
    nets->allow_only(allowed);
    for (const auto& name : names) read_network(*nets, o.networks[name]);
    for (const auto& name : names)
      if (auto one = nets->optional_child(name)) {
        one->allow_only(kNetKeys);
        read_network(*one, o.networks[name]);
      }
  }
  o.dtype = section.get_choice("dtype", {"float32", "float64"}, o.dtype);
  o.device = section.get_choice("device", {"cpu", "cuda"}, o.device);
  o.threads = static_cast<int>(positive(section, "threads", o.threads));
  o.seed = section.get_int("seed", o.seed);
  o.steps = positive(section, "steps", o.steps, 0);
  if (auto b = section.optional_child("batch")) {
    b->allow_only({"interior", "boundary", "initial"});
    o.n_interior = static_cast<int>(positive(*b, "interior", o.n_interior));
    o.n_boundary = static_cast<int>(positive(*b, "boundary", o.n_boundary));
    o.n_initial = static_cast<int>(positive(*b, "initial", o.n_initial));
  }
  o.quadrature = static_cast<int>(positive(section, "quadrature", o.quadrature, 2));
  if (o.method != "apnn_v2" && o.quadrature % 2 != 0)
    section.fail("quadrature", fmt::format("must be even on a symmetric velocity range (got {})", o.quadrature));
  o.sampler = section.get_choice("sampler", {"sobol", "uniform"}, o.sampler);
  o.time_bias = section.get_double("time_bias", o.time_bias);
  if (!(o.time_bias >= 1.0)) section.fail("time_bias", fmt::format("must be >= 1 (got {})", o.time_bias));
  o.derivatives = section.get_choice("derivatives", {"tangent", "autograd"}, o.derivatives);
  o.pass_rows = positive(section, "pass_rows", o.pass_rows, 0);

  if (auto op = section.optional_child("optimizer")) {
    auto& p = o.optimizer;
    op->allow_only({"lr", "schedule", "decay", "decay_every", "lr_min", "warmup", "clip", "lbfgs_steps", "lbfgs_lr",
                    "lbfgs_history", "lbfgs_batch_factor"});
    p.lr = op->get_double("lr", p.lr);
    if (!(p.lr > 0)) op->fail("lr", fmt::format("must be > 0 (got {})", p.lr));
    p.schedule = op->get_choice("schedule", {"constant", "step", "exponential", "cosine"}, p.schedule);
    p.decay = op->get_double("decay", p.decay);
    if (!(p.decay > 0 && p.decay <= 1)) op->fail("decay", fmt::format("must be in (0, 1] (got {})", p.decay));
    p.decay_every = positive(*op, "decay_every", p.decay_every);
    p.lr_min = op->get_double("lr_min", p.lr_min);
    if (!(p.lr_min >= 0 && p.lr_min <= p.lr)) op->fail("lr_min", fmt::format("must be in [0, lr] (got {})", p.lr_min));
    p.warmup = positive(*op, "warmup", p.warmup, 0);
    p.clip = op->get_double("clip", p.clip);
    if (!(p.clip >= 0)) op->fail("clip", fmt::format("must be >= 0 (got {})", p.clip));
    p.lbfgs_steps = positive(*op, "lbfgs_steps", p.lbfgs_steps, 0);
    p.lbfgs_lr = op->get_double("lbfgs_lr", p.lbfgs_lr);
    if (!(p.lbfgs_lr > 0)) op->fail("lbfgs_lr", fmt::format("must be > 0 (got {})", p.lbfgs_lr));
    p.lbfgs_history = static_cast<int>(positive(*op, "lbfgs_history", p.lbfgs_history));
    p.lbfgs_batch_factor = static_cast<int>(positive(*op, "lbfgs_batch_factor", p.lbfgs_batch_factor));
  }

  o.weights = default_weights(o.method);
  if (auto w = section.optional_child("weights")) {
    w->allow_only(loss_term_names(o.method));
    for (auto& [name, value] : o.weights) {
      value = w->get_double(name, value);
      if (!(value >= 0)) w->fail(name, fmt::format("must be >= 0 (got {})", value));
    }
  }
  if (auto tr = section.optional_child("transforms")) {
    tr->allow_only({"rho", "parity", "r", "j", "f", "macro"});
    o.rho_transform = tr->get_choice("rho", {"exp", "t_exp", "initial", "softplus", "none"}, o.rho_transform);
    o.parity = tr->get_choice("parity", {"symmetrize", "fold"}, o.parity);
    o.r_transform = tr->get_choice("r", {"exp", "t_exp"}, o.r_transform);
    o.j_transform = tr->get_choice("j", {"none", "t"}, o.j_transform);
    if (o.method == "apnn_bgk") {
      o.f_transform = tr->get_choice("f", {"softplus", "micro_macro", "hermite"}, "softplus");
    } else {
      o.f_transform = tr->get_choice("f", {"exp", "softplus", "none"}, o.f_transform);
    }
    o.macro_transform = tr->get_choice("macro", {"lift", "free", "initial"}, o.macro_transform);
    if (o.macro_transform != "lift" && o.method != "apnn_bgk")
      tr->fail("macro", "is an apnn_bgk transform (rho, u, T)");
  } else if (o.method == "apnn_v1") {
    o.rho_transform = "exp";  // published v1 setup: rho = exp(-o)
  }
  o.periodic_features = section.get_bool("periodic_features", o.periodic_features);
  o.exact_projection = section.get_choice("projection", {"exact", "soft"}, "exact") == "exact";
  // With the exact projection <g> = 0 holds by construction: the soft term would be identically zero.
  if (o.method == "apnn_v1" && o.exact_projection) o.weights["soft_mean"] = 0.0;
  o.checkpoint_every = positive(section, "checkpoint_every", o.checkpoint_every, 0);
  o.log_every = positive(section, "log_every", o.log_every);
  o.eval_nx = static_cast<int>(positive(section, "eval_nx", o.eval_nx, 2));
  if (section.has("hermite_degree")) {
    if (o.f_transform != "hermite")
      section.fail("hermite_degree", "applies to method apnn_bgk with transforms.f: hermite only");
    o.hermite_degree = static_cast<int>(positive(section, "hermite_degree", o.hermite_degree, 3));
  }
  // On K nodes the moment-free functions form a (K - 3)-dimensional space: modes 3 .. n need n - 2 <= K - 3.
  if (o.f_transform == "hermite" && o.hermite_degree > o.quadrature - 1)
    section.fail("hermite_degree", fmt::format("must be < neural.quadrature = {} (got {}): K velocity nodes carry "
                                               "at most K - 3 moment-free modes", o.quadrature, o.hermite_degree));
  if (auto causal = section.optional_child("causal")) {
    causal->allow_only({"bins", "tolerance"});
    if (o.method != "apnn_bgk") section.fail("causal", "is implemented for apnn_bgk only");
    o.causal.bins = static_cast<int>(positive(*causal, "bins", o.causal.bins, 0));
    o.causal.tolerance = causal->get_double("tolerance", o.causal.tolerance);
    if (!(o.causal.tolerance > 0))
      causal->fail("tolerance", fmt::format("must be > 0 (got {})", o.causal.tolerance));
  }
  if (auto sup = section.optional_child("supervision")) {
    sup->allow_only({"file", "fields", "weight", "pretrain_steps", "batch"});
    auto& sv = o.supervision;
    sv.file = sup->get_string("file");
    if (sup->has("fields")) {  // checked against the data and the model by the trainer
      const ConfigNode list = sup->child("fields");
      if (!list.is_sequence() || list.size() == 0) sup->fail("fields", "expected a non-empty list of field names");
      sv.fields.clear();
      for (std::size_t i = 0; i < list.size(); ++i) sv.fields.push_back(list.at(i).as_scalar_text());
    }
    if (!std::filesystem::exists(sv.file)) sup->fail("file", fmt::format("'{}' does not exist", sv.file));
    sv.weight = sup->get_double("weight", sv.weight);
    if (!(sv.weight >= 0)) sup->fail("weight", fmt::format("must be >= 0 (got {})", sv.weight));
    sv.pretrain_steps = positive(*sup, "pretrain_steps", sv.pretrain_steps, 0);
    sv.batch = static_cast<int>(positive(*sup, "batch", sv.batch));
  }
  return o;
}

}  // namespace kinetic::neural
