#pragma once
// A list of things registered by their own files at static initialisation (methods of an equation), looked
// up by equation and name. Function-local storage: registrations run in any order of the translation units.
// T has the members `equation` (Equation) and `name` (std::string).
#include <algorithm>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/error.hpp"
#include "core/problem.hpp"

namespace kinetic {

template <class T>
class Registry {
 public:
  static bool add(T item, const char* what) {
    for (const auto& i : items())
      if (i.equation == item.equation && i.name == item.name)
        throw RunError(std::string(what) + " " + item.name + " registered twice");
    items().push_back(std::move(item));
    return true;
  }
  // Every item, sorted by equation, then name.
  static std::vector<T> sorted() {
    auto all = items();
    std::sort(all.begin(), all.end(), [](const T& a, const T& b) {
      return a.equation != b.equation ? a.equation < b.equation : a.name < b.name;
    });
    return all;
  }
  static std::vector<std::string> names(Equation equation) {
    std::vector<std::string> out;
    for (const auto& i : sorted())
      if (i.equation == equation) out.push_back(i.name);
    return out;
  }
  // The item `section`.method names for the equation; InputError naming the key (with the known names and a
  // did-you-mean) otherwise. `what`: "classical method", "neural method".
  static const T& named_in(const ConfigNode& section, Equation equation, const std::string& what) {
    const std::string name = section.get_string("method");
    if (const T* item = find(equation, name)) return *item;
    const auto known = names(equation);
    std::string message = "unknown " + what + " '" + name + "' for equation " + to_string(equation);
    for (const auto& i : items())
      if (i.name == name) message += " (" + name + " is a " + what + " for " + to_string(i.equation) + ")";
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    message += known.empty() ? " (no " + what + " yet)" : " (known: " + list + ")";
    const std::string close = closest_name(name, known);
    if (!close.empty()) message += " (did you mean '" + close + "'?)";
    section.fail("method", message);
  }
  // nullptr if there is none.
  static const T* find(Equation equation, const std::string& name) {
    for (const auto& i : items())
      if (i.equation == equation && i.name == name) return &i;
    return nullptr;
  }
  static const std::vector<T>& all() { return items(); }

 private:
  static std::vector<T>& items() {
    static std::vector<T> list;
    return list;
  }
};

}  // namespace kinetic
