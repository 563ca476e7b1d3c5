#pragma once
// Loading a run's config the same way for every subcommand: file, --set overrides, root-key check, problem.
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/problem.hpp"
#include "core/result_file.hpp"
#include "coupling/supervision_data.hpp"

namespace kinetic::app {

struct LoadedConfig {
  ConfigNode root;
  Problem problem;
  std::string resolved_text;  // YAML after overrides, echoed into results
};

LoadedConfig load_config(const std::string& path, const std::vector<std::string>& overrides);

// The `coupling:` section's sampling of supervision data (defaults if absent); InputError naming a bad key.
coupling::SupervisionSampling check_coupling_section(const LoadedConfig& config);

// A result header carrying the problem's identity and the resolved config.
ResultData result_header(const LoadedConfig& config, const std::string& method);

// "results/<config stem>_<suffix>.h5" unless the user named a file.
std::string default_output(const std::string& config_path, const std::string& suffix, const std::string& given);

}  // namespace kinetic::app
