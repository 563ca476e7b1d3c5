// Training and application of the APCON operator models (apcon_options.hpp, operator_model.hpp): Adam on
// batches of initial functions from an operator dataset (core/operator_dataset.hpp) with fresh collocation
// points every step, the test-set error in the progress line and train_log.csv, checkpoints with the optimiser
// and generator state (resume is bit-identical), the trained operator saved as <run dir>/operator.pt, and the
// result file: the operator applied to the config's own initial data at its output times.
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "core/error.hpp"
#include "core/operator_dataset.hpp"
#include "core/progress.hpp"
#include "core/quadrature.hpp"
#include "neural/method_registry.hpp"
#include "neural/operator/apcon_options.hpp"
#include "neural/training/archive_io.hpp"

namespace kinetic::neural {
namespace {

namespace fs = std::filesystem;

torch::Tensor floats(const std::vector<double>& values) { return torch::tensor(values, torch::kFloat64).to(torch::kFloat32); }

OperatorModel make_operator(const ApconOptions& o, const Problem& problem, long nx, long nv) {
  BranchShape branch;
  branch.kind = o.branch, branch.nx = nx, branch.nv = nv;
  branch.width = o.width, branch.depth = o.branch_depth, branch.channels = o.channels;
  OperatorShape shape;
  shape.loss = o.loss, shape.branch = branch, shape.trunk_depth = o.trunk_depth;
  torch::manual_seed(static_cast<uint64_t>(o.seed));
  return OperatorModel(shape, transport_data(problem));
}

// The grid the operator reads its initial functions on.
struct InputGrid {
  torch::Tensor x, v, w;
};

// f0 (1 x nx x nv) of the problem's own initial data (random inputs at their means).
torch::Tensor initial_image(const Problem& problem, const InputGrid& g) {
  const long nx = g.x.size(0), nv = g.v.size(0);
  auto xs = g.x.to(torch::kFloat64), vs = g.v.to(torch::kFloat64);
  std::vector<double> f(nx * nv);
  for (long i = 0; i < nx; ++i)
    for (long j = 0; j < nv; ++j) f[i * nv + j] = problem.initial.f(0.0, xs[i].item<double>(), vs[j].item<double>());
  return floats(f).view({1, nx, nv});
}

// The problem facts an operator is trained for; applying it to another problem is refused.
std::string problem_signature(const Problem& p) {
  return fmt::format("eps {:.12g}, t_end {:.12g}, x [{:.12g}, {:.12g}], v [{:.12g}, {:.12g}], sigma_s {:.12g}, "
                     "inflow left '{}', right '{}'", p.eps, p.t_end, p.x_left, p.x_right, p.velocity.vmin,
                     p.velocity.vmax, p.sigma_s(0, 0, 0), p.boundary.f_left.text(), p.boundary.f_right.text());
}

// rho on the times x positions grid (functions x times x positions), in chunks of functions.
torch::Tensor density_grid(OperatorModel& model, const torch::Tensor& f0, const torch::Tensor& t,
                           const torch::Tensor& x, const InputGrid& g) {
  torch::NoGradGuard no_grad;
  auto T = t.repeat_interleave(x.size(0)), X = x.repeat({t.size(0)});
  std::vector<torch::Tensor> parts;
  for (long first = 0; first < f0.size(0); first += 32) {
    const long n = std::min<long>(32, f0.size(0) - first);
    parts.push_back(model->density(f0.narrow(0, first, n), T, X, g.v, g.w));
  }
  return torch::cat(parts).view({f0.size(0), t.size(0), x.size(0)});
}

void write_fields(OperatorModel& model, const Problem& problem, const InputGrid& g, long eval_nx, ResultWriter& writer) {
  std::vector<double> xs(eval_nx);
  for (long i = 0; i < eval_nx; ++i) xs[i] = problem.x_left + problem.length() * i / (eval_nx - 1);
  auto rho = density_grid(model, initial_image(problem, g), floats(problem.output_times), floats(xs), g);
  auto r = rho.to(torch::kFloat64).contiguous();
  for (std::size_t k = 0; k < problem.output_times.size(); ++k) {
    const double* row = r[0][k].data_ptr<double>();
    std::map<std::string, std::vector<double>> values{{"rho", std::vector<double>(row, row + eval_nx)}};
    if (k == 0) writer.data().x = xs;
    writer.snapshot(problem.output_times[k], values);
  }
}

// A trained operator on disk: weights, the grid of its input, the problem it was trained for.
void save_operator(const std::string& path, OperatorModel& model, const ApconOptions& o, const InputGrid& g,
                   const Problem& problem, double test_error) {
  torch::serialize::OutputArchive ar, m;
  model->save(m);
  ar.write("model", m);
  ar.write("method", c10::IValue(o.method));
  ar.write("problem", c10::IValue(problem_signature(problem)));
  ar.write("grid_x", g.x), ar.write("grid_v", g.v), ar.write("grid_w", g.w);
  ar.write("test_error", torch::tensor(test_error, torch::kFloat64));
  save_archive(ar, path);
}

OperatorDataset read_dataset(const std::string& path) {
  try {
    return read_operator_dataset(path);
  } catch (const InputError& e) {
    throw InputError(std::string("neural.dataset: ") + e.what());
  }
}

class ApconTraining {
 public:
  ApconTraining(const Problem& problem, const ApconOptions& o, const TrainContext& context)
      : problem_(problem), o_(o), context_(context), data_(read_dataset(o.dataset)) {
    check_dataset();
    const long nx = data_.nx(), nv = data_.nv();
    grid_ = {floats(data_.x), floats(data_.v), floats(data_.v_weights)};
    auto f0 = floats(data_.f0).view({static_cast<long>(data_.functions), nx, nv});
    train_f0_ = f0.narrow(0, 0, data_.train);
    test_f0_ = f0.narrow(0, data_.train, data_.test());
    auto rho = floats(data_.rho).view({static_cast<long>(data_.functions), static_cast<long>(data_.nt()), nx});
    test_rho_ = rho.narrow(0, data_.train, data_.test());
    train_rho_ = rho.narrow(0, 0, data_.train).reshape({static_cast<long>(data_.train), -1});
    labels_weight_ = o.weights.at(kLabelsTerm);
    for (const auto& t : operator_terms(o.loss)) physics_ = physics_ || o.weights.at(t.name) > 0;
    times_ = floats(data_.t);
    model_ = make_operator(o, problem, nx, nv);
    adam_ = std::make_unique<torch::optim::Adam>(model_->parameters(), torch::optim::AdamOptions(o.lr));
    generator_ = at::make_generator<at::CPUGeneratorImpl>(static_cast<uint64_t>(o.seed) + 7919);
    // Residual velocity rule: full range (pi, ap_v1) or (0, V] with doubled weights (ap_v2, even integrands).
    if (o.loss == OperatorLoss::ApV2) {
      const Quadrature q = gauss_legendre(o.quadrature, 0.0, problem.velocity.vmax);
      std::vector<double> w = q.weights;
      for (double& wk : w) wk *= 2.0 * problem.velocity.measure_factor();
      v_ = floats(q.nodes), w_ = floats(w);
    } else {
      const Quadrature q = velocity_quadrature(problem.velocity, o.quadrature);
      v_ = floats(q.nodes), w_ = floats(q.weights);
    }
  }

  void run(ResultWriter& writer) {
    const std::string run_dir = context_.run_dir;
    if (!run_dir.empty()) fs::create_directories(run_dir);
    const std::string checkpoint = run_dir.empty() ? "" : run_dir + "/checkpoint.pt";
    if (context_.resume && !checkpoint.empty() && fs::exists(checkpoint)) load_checkpoint(checkpoint);
    else if (context_.resume) std::fprintf(stderr, "resume: no checkpoint in %s, starting afresh\n", run_dir.c_str());
    std::printf("%s: %ld parameters (%s), %zu train / %zu test functions, f0 on %zu x %zu\n", o_.method.c_str(),
                model_->parameter_count(), parameter_breakdown().c_str(), data_.train, data_.test(), data_.nx(), data_.nv());
    std::fflush(stdout);
    std::FILE* log = nullptr;
    if (!run_dir.empty()) {
      const std::string log_path = run_dir + "/train_log.csv";
      const bool fresh = step_ == 0 || !fs::exists(log_path);
      log = std::fopen(log_path.c_str(), fresh ? "w" : "a");
      if (log && fresh) {
        std::fprintf(log, "step,seconds,loss");
        for (const auto& t : operator_terms(o_.loss)) std::fprintf(log, ",%s", t.name.c_str());
        if (labels_weight_ > 0) std::fprintf(log, ",%s", kLabelsTerm);
        std::fprintf(log, ",test_error\n");
      }
    }
    Progress progress(o_.method, static_cast<double>(o_.steps), 2.0, static_cast<double>(step_));
    auto start = std::chrono::steady_clock::now();
    const double elapsed0 = elapsed_;
    auto seconds = [&] { return elapsed0 + std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    if (step_ == 0) {  // the untrained operator's error: where training starts from
      test_error_ = test_error();
      history_step_.push_back(0), history_error_.push_back(test_error_);
      progress.update(0, fmt::format("test {:.3e} (untrained)", test_error_), true);
    }
    while (step_ < o_.steps) {
      set_rate();
      adam_->zero_grad();
      const auto names = operator_terms(o_.loss);
      const OperatorBatch batch = draw_batch();
      std::vector<torch::Tensor> terms;
      if (physics_) terms = model_->loss_terms(batch);
      else terms.assign(names.size(), torch::zeros({}, torch::kFloat32));  // labels alone: skip the residuals
      torch::Tensor loss = torch::zeros({}, torch::kFloat32);
      for (std::size_t k = 0; k < terms.size(); ++k) loss = loss + o_.weights.at(names[k].name) * terms[k];
      if (labels_weight_ > 0) {
        terms.push_back(label_misfit(batch.f0));
        loss = loss + labels_weight_ * terms.back();
      }
      if (!torch::isfinite(loss).item<bool>())
        throw RunError(fmt::format("{}: the loss became non-finite at step {} (lower optimizer.lr)", o_.method, step_));
      loss.backward();
      adam_->step();
      ++step_;
      if (step_ % o_.log_every == 0 || step_ == o_.steps) {
        test_error_ = test_error();
        history_step_.push_back(static_cast<double>(step_)), history_error_.push_back(test_error_);
        std::string status = fmt::format("loss {:.3e} test {:.3e} lr {:.2e}", loss.item<double>(), test_error_, rate());
        progress.update(static_cast<double>(step_), status, true);
        if (log) {
          std::fprintf(log, "%ld,%.2f,%.6e", step_, seconds(), loss.item<double>());
          for (auto& t : terms) std::fprintf(log, ",%.6e", t.item<double>());
          std::fprintf(log, ",%.6e\n", test_error_);
          std::fflush(log);
        }
      }
      if (!checkpoint.empty() && (step_ % o_.checkpoint_every == 0 || step_ == o_.steps)) {
        elapsed_ = seconds();
        save_checkpoint(checkpoint);
      }
    }
    elapsed_ = seconds();
    if (log) std::fclose(log);
    if (history_error_.empty() || history_step_.back() != static_cast<double>(step_)) test_error_ = test_error();
    progress.finish(fmt::format("test error {:.3e}", test_error_));
    if (!run_dir.empty()) save_operator(run_dir + "/operator.pt", model_, o_, grid_, problem_, test_error_);
    write_fields(model_, problem_, grid_, o_.eval_nx, writer);
    ResultData& d = writer.data();
    d.number_attributes["operator_test_error"] = test_error_;
    d.number_attributes["operator_test_functions"] = static_cast<double>(data_.test());
    d.number_attributes["parameters"] = static_cast<double>(model_->parameter_count());
    d.number_attributes["steps"] = static_cast<double>(step_);
    d.number_attributes["seed"] = static_cast<double>(o_.seed);
    d.number_attributes["threads"] = static_cast<double>(torch::get_num_threads());
    d.number_attributes["train_seconds"] = elapsed_;  // over all sessions of a resumed run
    d.text_attributes["operator_dataset"] = o_.dataset;
    if (!history_step_.empty()) d.series["test_error_step"] = history_step_, d.series["test_error"] = history_error_;
    writer.flush();
  }

 private:
  void check_dataset() {
    if (std::abs(data_.number_attributes["eps"] - problem_.eps) > 1e-12 * problem_.eps)
      throw InputError(fmt::format("neural.dataset: {} was made for eps = {}, the problem has eps = {}", o_.dataset,
                                   data_.number_attributes["eps"], problem_.eps));
    if (std::abs(data_.t.back() - problem_.t_end) > 1e-12 * problem_.t_end)
      throw InputError(fmt::format("neural.dataset: {} ends at t = {}, the problem at {}", o_.dataset, data_.t.back(),
                                   problem_.t_end));
    if (std::abs(data_.x.front() - problem_.x_left) > problem_.length() / data_.nx() ||
        std::abs(data_.x.back() - problem_.x_right) > problem_.length() / data_.nx())
      throw InputError(fmt::format("neural.dataset: {} covers x in [{}, {}], not the problem's [{}, {}]", o_.dataset,
                                   data_.x.front(), data_.x.back(), problem_.x_left, problem_.x_right));
    if (o_.loss == OperatorLoss::ApV2 && data_.nv() % 2)
      throw InputError("neural.dataset: ap_v2 pairs +v and -v, the dataset's nv must be even");
  }

  std::string parameter_breakdown() {
    std::string s;
    for (const auto& name : operator_networks(o_.loss)) {
      long n = 0;
      for (const auto& p : model_->named_children()) {
        if (p.key() != name) continue;
        for (const auto& q : p.value()->parameters()) n += q.numel();
      }
      s += fmt::format("{}{} {}", s.empty() ? "" : ", ", name, n);
    }
    return s;
  }

  double rate() const {
    return o_.lr * std::pow(o_.decay, static_cast<double>(step_ / o_.decay_every));
  }
  void set_rate() {
    for (auto& group : adam_->param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(rate());
  }

  OperatorBatch draw_batch() {
    OperatorBatch b;
    const auto opt = torch::TensorOptions().dtype(torch::kFloat32);
    batch_functions_ = torch::randint(train_f0_.size(0), {o_.functions}, generator_, torch::TensorOptions().dtype(torch::kLong));
    b.f0 = train_f0_.index_select(0, batch_functions_);
    const double T = problem_.t_end, L = problem_.length();
    b.t = torch::rand({o_.interior}, generator_, opt) * T;
    b.x = problem_.x_left + torch::rand({o_.interior}, generator_, opt) * L;
    b.bt = torch::rand({o_.boundary}, generator_, opt) * T;
    b.v = v_, b.w = w_;
    b.x0 = grid_.x, b.v0 = grid_.v, b.w0 = grid_.w;
    // Inflow data at (bt, v); ap_v2 takes the right end's at -v (its nodes are v > 0).
    const bool mirrored = o_.loss == OperatorLoss::ApV2;
    const long m = o_.boundary, q = v_.size(0);
    std::vector<double> left(m * q), right(m * q);
    auto ts = b.bt.to(torch::kFloat64).contiguous();
    auto vs = v_.to(torch::kFloat64).contiguous();
    for (long i = 0; i < m; ++i)
      for (long k = 0; k < q; ++k) {
        const double t = ts.data_ptr<double>()[i], v = vs.data_ptr<double>()[k];
        left[i * q + k] = problem_.boundary.f_left(t, problem_.x_left, v);
        right[i * q + k] = problem_.boundary.f_right(t, problem_.x_right, mirrored ? -v : v);
      }
    b.f_left = floats(left).view({m, q}), b.f_right = floats(right).view({m, q});
    return b;
  }

  // The diagnostic label term: mean square of rho - label for the batch's functions (f0) at `interior` random
  // points of the dataset's t x x grid (drawn after the batch, so runs without it draw as before).
  torch::Tensor label_misfit(const torch::Tensor& f0) {
    const long nt = times_.size(0), nx = grid_.x.size(0);
    auto it = torch::randint(nt, {o_.interior}, generator_, torch::TensorOptions().dtype(torch::kLong));
    auto ix = torch::randint(nx, {o_.interior}, generator_, torch::TensorOptions().dtype(torch::kLong));
    auto rho = model_->density(f0, times_.index_select(0, it), grid_.x.index_select(0, ix), grid_.v, grid_.w);
    auto labels = train_rho_.index_select(0, batch_functions_).index_select(1, it * nx + ix);
    return (rho - labels).square().mean();
  }

  // sqrt(sum_i |rho_i - y_i|^2 / sum_i |y_i|^2) over the test functions on the dataset's t x x grid (the
  // published measure: sqrt(mean MSE_i / mean y^2)).
  double test_error() {
    auto rho = density_grid(model_, test_f0_, times_, grid_.x, grid_);
    return torch::sqrt((rho - test_rho_).square().sum() / test_rho_.square().sum()).item<double>();
  }

  void save_checkpoint(const std::string& path) {
    torch::serialize::OutputArchive ar, m, a;
    model_->save(m);
    adam_->save(a);
    ar.write("model", m);
    ar.write("optimizer", a);
    ar.write("step", torch::tensor(static_cast<int64_t>(step_)));
    ar.write("elapsed", torch::tensor(elapsed_, torch::kFloat64));
    ar.write("generator", generator_.get_state());
    ar.write("history_step", torch::tensor(history_step_, torch::kFloat64));
    ar.write("history_error", torch::tensor(history_error_, torch::kFloat64));
    ar.write("config", c10::IValue(o_.config_text));
    save_archive(ar, path);
  }

  void load_checkpoint(const std::string& path) {
    torch::serialize::InputArchive ar, m, a;
    load_archive(ar, path, "checkpoint");
    ar.read("model", m);
    model_->load(m);
    ar.read("optimizer", a);
    adam_->load(a);
    auto tensor = [&ar](const char* key) { return read_tensor(ar, key); };
    step_ = tensor("step").item<int64_t>();
    elapsed_ = tensor("elapsed").item<double>();
    generator_.set_state(tensor("generator"));
    auto hs = tensor("history_step").contiguous(), he = tensor("history_error").contiguous();
    history_step_.assign(hs.data_ptr<double>(), hs.data_ptr<double>() + hs.numel());
    history_error_.assign(he.data_ptr<double>(), he.data_ptr<double>() + he.numel());
    c10::IValue s;
    ar.read("config", s);
    if (s.toStringRef() != o_.config_text)
      std::fprintf(stderr, "warning: %s was written with a different neural config; continuing with the current one\n",
                   path.c_str());
    std::printf("resumed %s at step %ld\n", path.c_str(), step_);
  }

  const Problem& problem_;
  ApconOptions o_;
  TrainContext context_;
  OperatorDataset data_;
  InputGrid grid_;
  torch::Tensor train_f0_, test_f0_, test_rho_, train_rho_, times_, v_, w_;
  torch::Tensor batch_functions_;  // the training functions of the current step
  double labels_weight_ = 0;
  bool physics_ = false;  // some residual term has a weight
  OperatorModel model_{nullptr};
  std::unique_ptr<torch::optim::Adam> adam_;
  at::Generator generator_;
  long step_ = 0;
  double elapsed_ = 0, test_error_ = 0;
  std::vector<double> history_step_, history_error_;
};

// `load`: the trained operator of a file applied to the config's initial data.
void apply_operator(const Problem& problem, const ApconOptions& o, ResultWriter& writer) {
  torch::serialize::InputArchive ar, m;
  load_archive(ar, o.load, "operator file (neural.load)");
  c10::IValue s;
  ar.read("method", s);
  if (s.toStringRef() != o.method)
    throw InputError(fmt::format("neural.load: {} holds an {} operator, the config asks for {}", o.load, s.toStringRef(), o.method));
  ar.read("problem", s);
  if (s.toStringRef() != problem_signature(problem))
    throw InputError(fmt::format("neural.load: {} was trained for another problem ({}); this one: {}", o.load,
                                 s.toStringRef(), problem_signature(problem)));
  InputGrid g;
  ar.read("grid_x", g.x), ar.read("grid_v", g.v), ar.read("grid_w", g.w);
  OperatorModel model = make_operator(o, problem, g.x.size(0), g.v.size(0));
  ar.read("model", m);
  try {
    model->load(m);
  } catch (const c10::Error& e) {
    throw InputError(fmt::format("neural.load: {} does not fit the networks of the config ({})", o.load,
                                 e.what_without_backtrace()));
  }
  const auto start = std::chrono::steady_clock::now();
  write_fields(model, problem, g, o.eval_nx, writer);
  ResultData& d = writer.data();
  d.number_attributes["parameters"] = static_cast<double>(model->parameter_count());
  d.number_attributes["inference_s"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  d.text_attributes["operator"] = o.load;
  writer.flush();
}

void check_apcon(const Problem& problem, const ConfigNode& section) { parse_apcon_options(problem, section); }

void train_apcon(const Problem& problem, const ConfigNode& section, ResultWriter& writer, const TrainContext& context) {
  const ApconOptions o = parse_apcon_options(problem, section);
  require_apcon_files(o, section);
  torch::set_num_threads(context.threads > 0 ? context.threads : o.threads);
  if (!o.load.empty()) return apply_operator(problem, o, writer);
  ApconTraining(problem, o, context).run(writer);
}

bool register_apcon() {
  const char* losses[] = {"pi", "v1", "v2"};
  const char* what[] = {"plain residual (PI), one network f", "AP v1 (micro-macro), networks rho and g",
                        "AP v2 (even-odd), networks rho, r and j"};
  for (int k = 0; k < 3; ++k)
    for (const char* branch : {"don", "con"}) {
      NeuralMethod m = NeuralMethod::own_training(
          Equation::LinearTransport, fmt::format("apcon_{}_{}", losses[k], branch),
          fmt::format("operator learning f0 -> rho: DeepONet with {} branch, loss {}; trained on a `kinetic dataset`",
                      std::string(branch) == "con" ? "convolutional" : "MLP", what[k]),
          check_apcon, train_apcon);
      m.operator_learning = true;
      register_neural_method(std::move(m));
    }
  return true;
}

const bool registered = register_apcon();

}  // namespace
}  // namespace kinetic::neural
