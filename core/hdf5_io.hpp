#pragma once
// Small RAII helpers over the HDF5 C API, shared by every file format of the toolkit (results, supervision
// datasets). Datasets are float64; attributes are UTF-8 strings or float64 scalars.
#include <hdf5.h>

#include <functional>
#include <string>
#include <vector>

namespace kinetic::hdf5 {

struct Hid {
  hid_t id;
  herr_t (*close)(hid_t);
  Hid(hid_t i, herr_t (*c)(hid_t)) : id(i), close(c) {}
  ~Hid() {
    if (id >= 0) close(id);
  }
  Hid(const Hid&) = delete;
  Hid& operator=(const Hid&) = delete;
  operator hid_t() const { return id; }
};

void check(herr_t status, const std::string& what);  // RunError if status < 0
// Writes a new file at `path` atomically: `fill` writes into <path>.tmp, which is flushed and then renamed, so a
// killed run never leaves a half-written file. Creates missing folders; RunError on I/O failure.
void write_file_atomically(const std::string& path, const std::function<void(hid_t file)>& fill);
void write_dataset(hid_t loc, const std::string& name, const std::vector<double>& data,
                   const std::vector<hsize_t>& dims);
void write_string_attr(hid_t obj, const std::string& name, const std::string& value);
void write_number_attr(hid_t obj, const std::string& name, double value);
// InputError "missing dataset /name" if absent.
std::vector<double> read_dataset(hid_t loc, const std::string& name, std::vector<hsize_t>* dims_out = nullptr);
// "" / NaN if absent.
std::string read_string_attr(hid_t obj, const std::string& name);
double read_number_attr(hid_t obj, const std::string& name);

}  // namespace kinetic::hdf5
