#pragma once
// The `neural:` section of the APCON operator methods apcon_<loss>_<branch> (loss pi | v1 | v2, branch don |
// con; operator_model.hpp):
//
//   neural:
//     method: apcon_v2_con
//     dataset: results/apcon_dataset.h5   # from `kinetic dataset` (labels: the test error; weights.labels)
//     networks: {width: 64, branch_depth: 5, trunk_depth: 4, channels: 4}   # the published sizes
//     batch: {functions: 32, interior: 256, boundary: 64}   # functions per step; points shared by them
//     quadrature: 16          # Gauss-Legendre velocity nodes of the residuals (ap_v2: on (0, V])
//     steps: 20000
//     optimizer: {lr: 1.0e-3, decay: 0.9, decay_every: 1000}   # Adam, staircase exponential decay
//     weights: {bc: 10}       # per loss term (operator_terms)
//     # weights: {labels: 1}  # diagnostic, 0 by default: also fit the training functions' labels (rho on the
//                             # dataset's t x x grid). Not the published method (physics-informed only): it
//                             # measures what a branch can represent at all, e.g. all physics weights 0.
//     log_every: 200          # progress line and train_log.csv, with the test-set error
//     checkpoint_every: 1000
//     seed: 1
//     threads: 2
//     eval_nx: 101            # grid of the result file's fields
//     load: run/operator.pt   # instead of training: apply a trained operator (`kinetic apply`)
#include <map>
#include <string>

#include "core/config.hpp"
#include "core/problem.hpp"
#include "neural/operator/operator_model.hpp"

namespace kinetic::neural {

// The weight key of the diagnostic label term (not one of operator_terms: no published model has it).
inline constexpr const char* kLabelsTerm = "labels";

struct ApconOptions {
  std::string method;
  OperatorLoss loss = OperatorLoss::ApV2;
  std::string branch = "con";
  std::string dataset, load;
  long width = 64, branch_depth = 5, trunk_depth = 4, channels = 4;
  long functions = 32, interior = 256, boundary = 64;
  int quadrature = 16;
  long steps = 20000;
  double lr = 1e-3, decay = 0.9;
  long decay_every = 1000;
  std::map<std::string, double> weights;
  long log_every = 200, checkpoint_every = 1000;
  long seed = 1;
  int threads = 2;
  long eval_nx = 101;
  std::string config_text;  // the section as given (checkpoints note a change)
};

// The method name's loss and branch: apcon_v1_con -> (ap_v1, con).
std::pair<OperatorLoss, std::string> apcon_variant(const std::string& method);
// InputError naming the key; also for problems the operator models cannot run (they learn linear transport
// with inflow boundaries, constant sigma_s, no absorption or source).
ApconOptions parse_apcon_options(const Problem& problem, const ConfigNode& section);
TransportData transport_data(const Problem& problem);
// The dataset (training) or the operator file (load) exists; InputError naming the key otherwise. Not part of
// `kinetic check`: a config may be checked before its dataset is made.
void require_apcon_files(const ApconOptions& o, const ConfigNode& section);

}  // namespace kinetic::neural
