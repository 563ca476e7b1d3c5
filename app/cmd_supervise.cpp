// `kinetic supervise CONFIG --from RESULT -o DATA.h5`: sample a (classical) result into supervision data,
// with the sampling of the config's `coupling: {supervision: {...}}` section.
#include <cstdio>

#include "app/commands.hpp"
#include "app/run_config.hpp"
#include "coupling/supervision_data.hpp"

namespace kinetic::app {

int run_supervise(const SuperviseOptions& options) {
  const LoadedConfig config = load_config(options.config, options.overrides);
  const coupling::SupervisionSampling sampling = check_coupling_section(config);
  const ResultData result = read_result(options.from);
  const SupervisionSet set = coupling::make_supervision(result, sampling, options.from);
  const std::string out = default_output(options.config, "supervision", options.output);
  write_supervision(out, set);
  std::printf("wrote %s: %zu macro points%s from %s (%s)\n", out.c_str(), set.size(),
              set.f.empty() ? "" : (", " + std::to_string(set.f.size()) + " kinetic points").c_str(),
              options.from.c_str(), result.method.c_str());
  return 0;
}

}  // namespace kinetic::app
