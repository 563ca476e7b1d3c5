#include "core/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace kinetic {

namespace {
std::string describe(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Null: return "empty";
    case YAML::NodeType::Scalar: return "'" + n.Scalar() + "'";
    default: return "undefined";
  }
}
}  // namespace

std::string yaml_number(double value) { return fmt::format("{}", value); }

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string closest_name(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    // A name that extends or abbreviates a candidate ("epsilon" for "eps") counts as a near miss.
    const bool prefix = std::min(word.size(), c.size()) >= 2 &&
                        (word.compare(0, c.size(), c) == 0 || c.compare(0, word.size(), word) == 0);
    const std::size_t d = prefix ? 1 : edit_distance(word, c);
    if (d < best_d) best_d = d, best = c;
  }
  return best;
}

ConfigNode::ConfigNode(YAML::Node node, std::shared_ptr<const std::string> file, std::string path)
    : node_(std::move(node)), file_(std::move(file)), path_(std::move(path)) {}

ConfigNode ConfigNode::load_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(fmt::format("{}: cannot open config file", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return from_string(ss.str(), path);
}

ConfigNode ConfigNode::from_string(const std::string& text, const std::string& name) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw InputError(fmt::format("{}: malformed YAML at line {}, column {}: {}", name, e.mark.line + 1,
                                 e.mark.column + 1, e.msg));
  }
  if (root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
  if (!root.IsMap()) throw InputError(fmt::format("{}: the config must be a mapping of sections", name));
  return ConfigNode(root, std::make_shared<const std::string>(name), "");
}

std::string ConfigNode::key_path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

void ConfigNode::fail(const std::string& key, const std::string& what) const {
  throw InputError(fmt::format("{}: {}: {}", *file_, key_path(key), what));
}

void ConfigNode::fail_here(const std::string& what) const {
  throw InputError(fmt::format("{}: {}: {}", *file_, path_.empty() ? "<root>" : path_, what));
}

void ConfigNode::apply_override(const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError(fmt::format("--set '{}': expected key=value (e.g. problem.eps=1e-3)", assignment));
  const std::string key = assignment.substr(0, eq);
  const std::string value = assignment.substr(eq + 1);
  YAML::Node parsed;
  try {
    parsed = YAML::Load(value);
  } catch (const YAML::Exception& e) {
    throw InputError(fmt::format("--set {}: value is not valid YAML: {}", key, e.msg));
  }
  // Walk the dotted path, creating maps as needed. yaml-cpp nodes are handles, so assignments stick.
  std::vector<std::string> parts;
  std::stringstream ss(key);
  for (std::string p; std::getline(ss, p, '.');) {
    if (p.empty()) throw InputError(fmt::format("--set '{}': empty key component", assignment));
    parts.push_back(p);
  }
  YAML::Node cur = node_;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    YAML::Node next = cur[parts[i]];
    if (!next.IsDefined() || next.IsNull()) {
      cur[parts[i]] = YAML::Node(YAML::NodeType::Map);
      next = cur[parts[i]];
    } else if (!next.IsMap()) {
      throw InputError(fmt::format("--set {}: '{}' is not a section", key, parts[i]));
    }
    cur.reset(next);
  }
  cur[parts.back()] = parsed;
}

YAML::Node ConfigNode::raw(const std::string& key) const {
  if (!node_.IsMap()) fail_here("expected a mapping, got " + describe(node_));
  return node_[key];
}

bool ConfigNode::has(const std::string& key) const {
  if (!node_.IsMap()) return false;
  const YAML::Node n = node_[key];
  return n.IsDefined() && !n.IsNull();
}

ConfigNode ConfigNode::copy_with(const std::string& drop,
                                 const std::vector<std::pair<std::string, std::string>>& set) const {
  YAML::Node copy = YAML::Clone(node_);
  if (!drop.empty() && copy.IsMap()) copy.remove(drop);
  for (const auto& [key, value] : set) copy[key] = YAML::Load(value);
  return ConfigNode(copy, file_, path_);
}

ConfigNode ConfigNode::child(const std::string& key) const {
  if (!has(key)) fail(key, "required key is missing");
  return ConfigNode(raw(key), file_, key_path(key));
}

std::optional<ConfigNode> ConfigNode::optional_child(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  return child(key);
}

double ConfigNode::as_double() const {
  if (!node_.IsScalar()) fail_here("expected a number, got " + describe(node_));
  const std::string& s = node_.Scalar();
  try {
    std::size_t pos = 0;
    const double d = std::stod(s, &pos);
    if (pos != s.size()) throw std::invalid_argument(s);
    return d;
  } catch (const std::exception&) {
    fail_here("expected a number, got '" + s + "'");
  }
}

std::string ConfigNode::as_scalar_text() const {
  if (!node_.IsScalar()) fail_here("expected a value, got " + describe(node_));
  return node_.Scalar();
}

double ConfigNode::get_double(const std::string& key) const { return child(key).as_double(); }
double ConfigNode::get_double(const std::string& key, double fallback) const {
  return has(key) ? get_double(key) : fallback;
}

long ConfigNode::get_int(const std::string& key) const {
  const ConfigNode c = child(key);
  const std::string s = c.as_scalar_text();
  try {
    std::size_t pos = 0;
    const long v = std::stol(s, &pos);
    if (pos != s.size()) throw std::invalid_argument(s);
    return v;
  } catch (const std::exception&) {
    fail(key, "expected an integer, got '" + s + "'");
  }
}
long ConfigNode::get_int(const std::string& key, long fallback) const { return has(key) ? get_int(key) : fallback; }

bool ConfigNode::get_bool(const std::string& key, bool fallback) const {
  if (!has(key)) return fallback;
  const std::string s = child(key).as_scalar_text();
  if (s == "true" || s == "yes" || s == "on" || s == "1") return true;
  if (s == "false" || s == "no" || s == "off" || s == "0") return false;
  fail(key, "expected true or false, got '" + s + "'");
}

std::string ConfigNode::get_string(const std::string& key) const { return child(key).as_scalar_text(); }
std::string ConfigNode::get_string(const std::string& key, const std::string& fallback) const {
  return has(key) ? get_string(key) : fallback;
}
std::string ConfigNode::get_scalar_text(const std::string& key) const { return get_string(key); }
std::string ConfigNode::get_scalar_text(const std::string& key, const std::string& fallback) const {
  return get_string(key, fallback);
}

std::vector<double> ConfigNode::get_doubles(const std::string& key) const {
  const ConfigNode c = child(key);
  std::vector<double> out;
  if (c.is_scalar()) return {c.as_double()};
  if (!c.is_sequence()) c.fail_here("expected a list of numbers, got " + describe(c.node_));
  for (std::size_t i = 0; i < c.size(); ++i) out.push_back(c.at(i).as_double());
  return out;
}
std::vector<double> ConfigNode::get_doubles(const std::string& key, std::vector<double> fallback) const {
  return has(key) ? get_doubles(key) : fallback;
}

std::string ConfigNode::get_choice(const std::string& key, std::initializer_list<std::string> choices) const {
  return get_choice(key, std::vector<std::string>(choices));
}
std::string ConfigNode::get_choice(const std::string& key, const std::vector<std::string>& list) const {
  const std::string s = get_string(key);
  if (std::find(list.begin(), list.end(), s) != list.end()) return s;
  std::string msg = fmt::format("'{}' is not one of: {}", s, fmt::join(list, ", "));
  const std::string near = closest_name(s, list);
  if (!near.empty()) msg += fmt::format(" (did you mean '{}'?)", near);
  fail(key, msg);
}
std::string ConfigNode::get_choice(const std::string& key, std::initializer_list<std::string> choices,
                                   const std::string& fallback) const {
  return has(key) ? get_choice(key, choices) : fallback;
}

// yaml-cpp keeps both entries of a repeated key and lookups find the first: refused wherever keys are listed.
constexpr const char* kRepeatedKey = "appears twice in this mapping (only one value can hold)";

void ConfigNode::allow_only(std::initializer_list<std::string> allowed) const {
  allow_only(std::vector<std::string>(allowed));
}

void ConfigNode::allow_only(const std::vector<std::string>& allowed) const {
  if (!node_.IsMap()) fail_here("expected a mapping, got " + describe(node_));
  for (const std::string& key : keys()) {  // keys() refuses a repeated key
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string msg = "unknown key";
    const std::string near = closest_name(key, allowed);
    if (!near.empty()) msg += fmt::format(" (did you mean '{}'?)", near);
    else msg += fmt::format(" (allowed: {})", fmt::join(allowed, ", "));
    fail(key, msg);
  }
}

bool ConfigNode::is_map() const { return node_.IsMap(); }
bool ConfigNode::is_sequence() const { return node_.IsSequence(); }
bool ConfigNode::is_scalar() const { return node_.IsScalar(); }
std::size_t ConfigNode::size() const { return node_.size(); }

ConfigNode ConfigNode::at(std::size_t i) const {
  if (!node_.IsSequence() || i >= node_.size()) fail_here(fmt::format("no element {}", i));
  return ConfigNode(node_[i], file_, fmt::format("{}[{}]", path_, i));
}

std::vector<std::string> ConfigNode::keys() const {
  std::vector<std::string> out;
  if (!node_.IsMap()) return out;
  for (const auto& kv : node_) {
    const std::string key = kv.first.as<std::string>();
    if (std::find(out.begin(), out.end(), key) != out.end()) fail(key, kRepeatedKey);
    out.push_back(key);
  }
  return out;
}

std::string ConfigNode::dump() const {
  YAML::Emitter e;
  e << node_;
  return e.c_str();
}

}  // namespace kinetic
