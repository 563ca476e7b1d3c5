#pragma once
// Supervision datasets: points (t, x) with values of rho (and other moments), and optionally points
// (t, x, v) with values of f. Made from classical results by coupling/supervision_data.hpp; consumed by the
// neural trainer's supervised (warm-start) loss term. HDF5 layout: /macro/{t,x,<field>...},
// /kinetic/{t,x,v,f}; root attributes kind = "supervision", source, method, eps.
#include <map>
#include <string>
#include <vector>

namespace kinetic {

struct SupervisionSet {
  std::string source, method;
  double eps = 0;
  std::vector<double> t, x;                             // macro points
  std::map<std::string, std::vector<double>> values;    // field -> value per macro point
  std::vector<double> ft, fx, fv, f;                    // kinetic points
  std::size_t size() const { return t.size(); }
};

void write_supervision(const std::string& path, const SupervisionSet& set);  // atomic (tmp + rename)
SupervisionSet read_supervision(const std::string& path);                   // InputError if not one

}  // namespace kinetic
