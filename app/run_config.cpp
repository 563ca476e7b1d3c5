#include "app/run_config.hpp"

#include <filesystem>

namespace kinetic::app {

LoadedConfig load_config(const std::string& path, const std::vector<std::string>& overrides) {
  ConfigNode root = ConfigNode::load_file(path);
  for (const auto& o : overrides) root.apply_override(o);
  root.allow_only({"problem", "classical", "neural", "validation", "coupling", "sweep", "dataset"});
  Problem problem = Problem::from_config(root.child("problem"));
  return LoadedConfig{root, std::move(problem), root.dump()};
}

coupling::SupervisionSampling check_coupling_section(const LoadedConfig& config) {
  coupling::SupervisionSampling sampling;
  if (auto c = config.root.optional_child("coupling")) {
    c->allow_only({"supervision"});
    if (auto s = c->optional_child("supervision")) sampling = coupling::SupervisionSampling::from_config(*s);
  }
  return sampling;
}

ResultData result_header(const LoadedConfig& config, const std::string& method) {
  ResultData d;
  d.equation = to_string(config.problem.equation);
  d.eps = config.problem.eps;
  d.method = method;
  d.config_text = config.resolved_text;
  return d;
}

std::string default_output(const std::string& config_path, const std::string& suffix, const std::string& given) {
  if (!given.empty()) return given;
  return "results/" + std::filesystem::path(config_path).stem().string() + "_" + suffix + ".h5";
}

}  // namespace kinetic::app
