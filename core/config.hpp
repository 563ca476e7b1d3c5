#pragma once
// Typed, checked access to a YAML config. Every accessor knows its dotted key path and the file name, so an
// error reads "case.yaml: problem.eps: must be > 0 (got -1)". Sections declare their allowed keys with
// allow_only(), which rejects unknown keys with a nearest-name suggestion.
#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kinetic {

class ConfigNode {
 public:
  // Loads a YAML file; InputError if it is missing or malformed.
  static ConfigNode load_file(const std::string& path);
  static ConfigNode from_string(const std::string& text, const std::string& name = "<string>");

  // Applies "a.b.c=value" (value parsed as YAML, so lists and numbers work). Creates missing maps.
  void apply_override(const std::string& assignment);

  bool has(const std::string& key) const;
  ConfigNode child(const std::string& key) const;  // required mapping or value
  std::optional<ConfigNode> optional_child(const std::string& key) const;

  double get_double(const std::string& key) const;
  double get_double(const std::string& key, double fallback) const;
  long get_int(const std::string& key) const;
  long get_int(const std::string& key, long fallback) const;
  bool get_bool(const std::string& key, bool fallback) const;
  std::string get_string(const std::string& key) const;
  std::string get_string(const std::string& key, const std::string& fallback) const;
  std::vector<double> get_doubles(const std::string& key) const;
  std::vector<double> get_doubles(const std::string& key, std::vector<double> fallback) const;
  // A required string that must be one of `choices`.
  std::string get_choice(const std::string& key, std::initializer_list<std::string> choices) const;
  std::string get_choice(const std::string& key, std::initializer_list<std::string> choices,
                         const std::string& fallback) const;
  std::string get_choice(const std::string& key, const std::vector<std::string>& choices) const;
  // The scalar text of a key (numbers too), e.g. for formulas written as `sigma_s: 1`.
  std::string get_scalar_text(const std::string& key) const;
  std::string get_scalar_text(const std::string& key, const std::string& fallback) const;

  // Typed reads of this node itself (for list elements and scalars).
  double as_double() const;
  std::string as_scalar_text() const;

  // Rejects keys of this mapping that are not in `allowed` (suggesting the closest allowed name).
  void allow_only(std::initializer_list<std::string> allowed) const;
  void allow_only(const std::vector<std::string>& allowed) const;
  bool is_map() const;
  bool is_sequence() const;
  bool is_scalar() const;
  std::size_t size() const;
  ConfigNode at(std::size_t i) const;  // i-th element of a sequence
  std::vector<std::string> keys() const;

  // Throws InputError "file: path.key: what".
  [[noreturn]] void fail(const std::string& key, const std::string& what) const;
  [[noreturn]] void fail_here(const std::string& what) const;

  const std::string& path() const { return path_; }
  const std::string& file() const { return *file_; }
  std::string key_path(const std::string& key) const;
  std::string dump() const;  // YAML text of this node
  // A deep copy of this mapping without `drop` and with the given keys set (values as YAML text); errors in
  // the copy still name this node's file and path.
  ConfigNode copy_with(const std::string& drop, const std::vector<std::pair<std::string, std::string>>& set) const;
  const YAML::Node& yaml() const { return node_; }
  YAML::Node& yaml() { return node_; }

 private:
  ConfigNode(YAML::Node node, std::shared_ptr<const std::string> file, std::string path);
  YAML::Node raw(const std::string& key) const;
  YAML::Node node_;
  std::shared_ptr<const std::string> file_;
  std::string path_;
};

// Shortest text of a number that reads back exactly, for YAML written by programs and tests
// (std::to_string would print 1e-8 as 0.000000).
std::string yaml_number(double value);

// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(const std::string& a, const std::string& b);
// Closest candidate within a small distance, or "" if none is close.
std::string closest_name(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace kinetic
