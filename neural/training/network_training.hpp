#pragma once
// Training of the network models (pinn, apnn_v1, apnn_v2): builds the model, trains it, evaluates rho at the
// problem's output times on an x grid and writes the snapshots. LibTorch-free header.
#include "neural/train.hpp"

namespace kinetic::neural {

// The checks train_network_model runs before it builds anything: options, problem, device, threads.
void check_network_model(const Problem& problem, const ConfigNode& section);

void train_network_model(const Problem& problem, const ConfigNode& section, ResultWriter& writer,
                         const TrainContext& context);

}  // namespace kinetic::neural
