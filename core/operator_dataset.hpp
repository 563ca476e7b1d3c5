#pragma once
// The operator-learning dataset (APCON, issue 21): N initial functions f0_i(x, v) on an nx x nv grid and the
// density rho_i(t, x) that the classical solver computed from each on nt x nx, the first `train` functions
// for training and the rest for testing. One HDF5 file:
//   /x (nx)  /v (nv)  /v_weights (nv, the problem's velocity measure: <h> = sum_k w_k h(v_k))  /t (nt)
//   /f0 (N x nx x nv)  /rho (N x nt x nx)  /z (N x d: the random inputs that drew each function)
//   attributes: train (count), the problem and classical sections, the generator's seed and family, ...
// The labels are for evaluation: the operator models train physics-informed from f0 alone.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace kinetic {

struct OperatorDataset {
  std::vector<double> x, v, v_weights, t;
  std::size_t functions = 0, train = 0;
  std::vector<double> f0;   // functions x nx x nv
  std::vector<double> rho;  // functions x nt x nx
  std::vector<double> z;    // functions x dim
  std::size_t dim = 0;
  std::map<std::string, std::string> text_attributes;
  std::map<std::string, double> number_attributes;

  std::size_t nx() const { return x.size(); }
  std::size_t nv() const { return v.size(); }
  std::size_t nt() const { return t.size(); }
  std::size_t test() const { return functions - train; }
  // RunError naming the first inconsistent size.
  void check_shapes() const;
};

// Atomic write (tmp + rename); RunError on I/O failure.
void write_operator_dataset(const std::string& path, const OperatorDataset& data);
// InputError if the file is missing, is not such a dataset, or has inconsistent shapes.
OperatorDataset read_operator_dataset(const std::string& path);

}  // namespace kinetic
