#include "core/operator_dataset.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "core/error.hpp"
#include "core/hdf5_io.hpp"

namespace kinetic {

using namespace hdf5;

void OperatorDataset::check_shapes() const {
  auto expect = [](const char* name, std::size_t got, std::size_t want) {
    if (got != want) throw RunError(fmt::format("operator dataset: /{} has {} values, expected {}", name, got, want));
  };
  if (x.empty() || v.empty() || t.empty() || functions == 0)
    throw RunError("operator dataset: empty grid or no functions");
  if (train == 0 || train > functions)
    throw RunError(fmt::format("operator dataset: train count {} not in [1, {}]", train, functions));
  expect("v_weights", v_weights.size(), v.size());
  expect("f0", f0.size(), functions * nx() * nv());
  expect("rho", rho.size(), functions * nt() * nx());
  expect("z", z.size(), functions * dim);
}

void write_operator_dataset(const std::string& path, const OperatorDataset& d) {
  d.check_shapes();
  write_file_atomically(path, [&d](hid_t file) {
    const hsize_t n = d.functions;
    write_dataset(file, "x", d.x, {d.nx()});
    write_dataset(file, "v", d.v, {d.nv()});
    write_dataset(file, "v_weights", d.v_weights, {d.nv()});
    write_dataset(file, "t", d.t, {d.nt()});
    write_dataset(file, "f0", d.f0, {n, d.nx(), d.nv()});
    write_dataset(file, "rho", d.rho, {n, d.nt(), d.nx()});
    write_dataset(file, "z", d.z, {n, d.dim});
    write_string_attr(file, "kind", "operator_dataset");
    write_number_attr(file, "train", static_cast<double>(d.train));
    for (const auto& [k, v] : d.text_attributes) write_string_attr(file, k, v);
    for (const auto& [k, v] : d.number_attributes) write_number_attr(file, k, v);
  });
}

OperatorDataset read_operator_dataset(const std::string& path) {
  if (!std::filesystem::exists(path)) throw InputError(path + ": dataset file does not exist");
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  Hid file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (file < 0) throw InputError(path + ": not an HDF5 file");
  if (read_string_attr(file, "kind") != "operator_dataset")
    throw InputError(path + ": not an operator dataset (make one with `kinetic dataset`)");
  OperatorDataset d;
  try {
    std::vector<hsize_t> dims;
    d.x = read_dataset(file, "x");
    d.v = read_dataset(file, "v");
    d.v_weights = read_dataset(file, "v_weights");
    d.t = read_dataset(file, "t");
    d.f0 = read_dataset(file, "f0", &dims);
    d.functions = dims.empty() ? 0 : dims[0];
    d.rho = read_dataset(file, "rho");
    d.z = read_dataset(file, "z", &dims);
    d.dim = dims.size() == 2 ? dims[1] : 0;
    d.train = static_cast<std::size_t>(read_number_attr(file, "train"));
    for (const char* key : {"problem", "classical", "family"}) d.text_attributes[key] = read_string_attr(file, key);
    for (const char* key : {"seed", "eps", "label_seconds"}) d.number_attributes[key] = read_number_attr(file, key);
    d.check_shapes();
  } catch (const std::exception& e) {
    throw InputError(path + ": " + e.what());
  }
  return d;
}

}  // namespace kinetic
