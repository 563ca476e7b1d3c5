#include "core/hdf5_io.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "core/error.hpp"

namespace kinetic::hdf5 {

// RAII for HDF5 identifiers.
void check(herr_t status, const std::string& what) {
  if (status < 0) throw RunError("HDF5: " + what);
}

void write_file_atomically(const std::string& path, const std::function<void(hid_t file)>& fill) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  if (target.has_parent_path()) fs::create_directories(target.parent_path());
  const std::string tmp = path + ".tmp";
  {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors are reported by us, not printed by HDF5
    Hid file(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose);
    if (file < 0) throw RunError("cannot create file " + tmp);
    fill(file);
    check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flush");
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) throw RunError(fmt::format("cannot move {} to {}: {}", tmp, path, ec.message()));
}

void write_dataset(hid_t file, const std::string& name, const std::vector<double>& data,
                   const std::vector<hsize_t>& dims) {
  Hid space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose);
  Hid set(H5Dcreate2(file, name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose);
  if (set < 0) throw RunError("HDF5: cannot create dataset " + name);
  if (!data.empty()) check(H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()), "write " + name);
}

void write_string_attr(hid_t obj, const std::string& name, const std::string& value) {
  Hid type(H5Tcopy(H5T_C_S1), H5Tclose);
  check(H5Tset_size(type, H5T_VARIABLE), "string type");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "string charset");
  Hid space(H5Screate(H5S_SCALAR), H5Sclose);
  Hid attr(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  const char* ptr = value.c_str();
  check(H5Awrite(attr, type, &ptr), "write attribute " + name);
}

void write_number_attr(hid_t obj, const std::string& name, double value) {
  Hid space(H5Screate(H5S_SCALAR), H5Sclose);
  Hid attr(H5Acreate2(obj, name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  check(H5Awrite(attr, H5T_NATIVE_DOUBLE, &value), "write attribute " + name);
}

std::vector<double> read_dataset(hid_t file, const std::string& name, std::vector<hsize_t>* dims_out) {
  Hid set(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose);
  if (set < 0) throw InputError("missing dataset /" + name);
  Hid space(H5Dget_space(set), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> dims(std::max(rank, 0));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  hsize_t n = 1;
  for (auto d : dims) n *= d;
  std::vector<double> out(n);
  if (n > 0) check(H5Dread(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), "read " + name);
  if (dims_out) *dims_out = dims;
  return out;
}

std::string read_string_attr(hid_t obj, const std::string& name) {
  if (H5Aexists(obj, name.c_str()) <= 0) return "";
  Hid attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose);
  Hid type(H5Aget_type(attr), H5Tclose);
  if (H5Tget_class(type) != H5T_STRING) return "";
  std::string value;
  if (H5Tis_variable_str(type) > 0) {
    Hid mem(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(mem, H5T_VARIABLE);
    H5Tset_cset(mem, H5Tget_cset(type));
    char* ptr = nullptr;
    if (H5Aread(attr, mem, &ptr) >= 0 && ptr) {
      value = ptr;
      Hid space(H5Aget_space(attr), H5Sclose);
      H5Dvlen_reclaim(mem, space, H5P_DEFAULT, &ptr);
    }
  } else {
    std::vector<char> buf(H5Tget_size(type) + 1, '\0');
    H5Aread(attr, type, buf.data());
    value = buf.data();
  }
  return value;
}

double read_number_attr(hid_t obj, const std::string& name) {
  if (H5Aexists(obj, name.c_str()) <= 0) return std::nan("");
  Hid attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose);
  double value = std::nan("");
  H5Aread(attr, H5T_NATIVE_DOUBLE, &value);
  return value;
}

}  // namespace kinetic::hdf5
