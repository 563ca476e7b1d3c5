// `kinetic sweep CONFIG`: a method across eps regimes against classical references.
#include <cstdio>
#include <filesystem>

#include "app/commands.hpp"
#include "app/run_config.hpp"
#include "validation/regime_sweep.hpp"

namespace kinetic::app {

int run_sweep(const SweepOptions& options) {
  const LoadedConfig config = load_config(options.config, options.overrides);  // checks the config up front
  validation::SweepSetup setup;
  setup.config_text = config.resolved_text;
  setup.config_name = options.config;
  setup.side = options.side;
  if (!options.eps.empty()) setup.eps = options.eps;
  setup.out_dir = options.out_dir.empty()
                      ? "results/" + std::filesystem::path(options.config).stem().string() + "_sweep"
                      : options.out_dir;
  setup.reference_method = options.reference_method;
  setup.reference_overrides = options.reference_overrides;
  const auto rows = validation::run_regime_sweep(setup);
  std::printf("sweep of %zu eps values written to %s (sweep.md, sweep.csv, error_vs_eps.png)\n", rows.size(),
              setup.out_dir.c_str());
  return 0;
}

}  // namespace kinetic::app
