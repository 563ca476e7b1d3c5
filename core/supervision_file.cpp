#include "core/supervision_file.hpp"

#include <filesystem>

#include "core/error.hpp"
#include "core/hdf5_io.hpp"

namespace kinetic {

using namespace hdf5;

void write_supervision(const std::string& path, const SupervisionSet& set) {
  write_file_atomically(path, [&set](hid_t file) {
    Hid macro(H5Gcreate2(file, "macro", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
    const hsize_t n = set.t.size();
    write_dataset(macro, "t", set.t, {n});
    write_dataset(macro, "x", set.x, {n});
    for (const auto& [name, v] : set.values) write_dataset(macro, name, v, {n});
    if (!set.f.empty()) {
      Hid kin(H5Gcreate2(file, "kinetic", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
      const hsize_t m = set.f.size();
      write_dataset(kin, "t", set.ft, {m});
      write_dataset(kin, "x", set.fx, {m});
      write_dataset(kin, "v", set.fv, {m});
      write_dataset(kin, "f", set.f, {m});
    }
    write_string_attr(file, "kind", "supervision");
    write_string_attr(file, "source", set.source);
    write_string_attr(file, "method", set.method);
    write_number_attr(file, "eps", set.eps);
  });
}

SupervisionSet read_supervision(const std::string& path) {
  if (!std::filesystem::exists(path)) throw InputError(path + ": supervision file does not exist");
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  Hid file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (file < 0) throw InputError(path + ": not an HDF5 file");
  if (read_string_attr(file, "kind") != "supervision") throw InputError(path + ": not a supervision dataset");
  SupervisionSet s;
  s.source = read_string_attr(file, "source");
  s.method = read_string_attr(file, "method");
  s.eps = read_number_attr(file, "eps");
  Hid macro(H5Gopen2(file, "macro", H5P_DEFAULT), H5Gclose);
  s.t = read_dataset(macro, "t");
  s.x = read_dataset(macro, "x");
  H5G_info_t info;
  H5Gget_info(macro, &info);
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    char name[256];
    H5Lget_name_by_idx(macro, ".", H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name, H5P_DEFAULT);
    const std::string n = name;
    if (n != "t" && n != "x") s.values[n] = read_dataset(macro, n);
  }
  if (H5Lexists(file, "kinetic", H5P_DEFAULT) > 0) {
    Hid kin(H5Gopen2(file, "kinetic", H5P_DEFAULT), H5Gclose);
    s.ft = read_dataset(kin, "t");
    s.fx = read_dataset(kin, "x");
    s.fv = read_dataset(kin, "v");
    s.f = read_dataset(kin, "f");
  }
  return s;
}

}  // namespace kinetic
