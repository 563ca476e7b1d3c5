#include "core/result_file.hpp"

#include <fmt/format.h>
#include <hdf5.h>

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "core/error.hpp"
#include "core/hdf5_io.hpp"
#include "core/version.hpp"

namespace kinetic {

using namespace hdf5;

void ResultData::add_snapshot(double time, const std::map<std::string, std::vector<double>>& values,
                              const std::vector<double>& f_at_time) {
  if (values.empty()) throw RunError("add_snapshot: no fields");
  if (!t.empty() && values.size() != fields.size())
    throw RunError("add_snapshot: the set of fields changed between snapshots");
  for (const auto& [name, row] : values) {
    if (row.size() != x.size())
      throw RunError(fmt::format("add_snapshot: field {} has {} values for {} points", name, row.size(), x.size()));
    auto& dst = fields[name];
    if (dst.size() != t.size() * x.size()) throw RunError("add_snapshot: field " + name + " is new");
    dst.insert(dst.end(), row.begin(), row.end());
  }
  if (!f_at_time.empty()) {
    if (f_at_time.size() != x.size() * v.size()) throw RunError("add_snapshot: f has the wrong size");
    f.insert(f.end(), f_at_time.begin(), f_at_time.end());
  }
  t.push_back(time);
}

std::vector<double> ResultData::field_at(const std::string& name, std::size_t it) const {
  const auto found = fields.find(name);
  if (found == fields.end()) throw InputError(fmt::format("result has no field '{}'", name));
  if (it >= nt()) throw InputError(fmt::format("result has no output index {}", it));
  return {found->second.begin() + it * nx(), found->second.begin() + (it + 1) * nx()};
}

std::ptrdiff_t ResultData::time_index(double time, double tol) const {
  std::ptrdiff_t best = -1;
  double best_d = 1e300;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const double d = std::abs(t[i] - time);
    if (d < best_d) best_d = d, best = static_cast<std::ptrdiff_t>(i);
  }
  return best_d <= tol * std::max(1.0, std::abs(time)) ? best : -1;
}

namespace {

struct AttrVisit {
  ResultData* data;
};

herr_t read_attribute(hid_t loc, const char* name, const H5A_info_t*, void* op) {
  auto* data = static_cast<AttrVisit*>(op)->data;
  Hid attr(H5Aopen(loc, name, H5P_DEFAULT), H5Aclose);
  Hid type(H5Aget_type(attr), H5Tclose);
  const std::string key = name;
  if (H5Tget_class(type) == H5T_STRING) {
    const std::string value = read_string_attr(loc, key);
    if (key == "equation") data->equation = value;
    else if (key == "method") data->method = value;
    else if (key == "config") data->config_text = value;
    else data->text_attributes[key] = value;
  } else if (H5Tget_class(type) == H5T_FLOAT || H5Tget_class(type) == H5T_INTEGER) {
    const double value = read_number_attr(loc, key);
    if (key == "eps") data->eps = value;
    else data->number_attributes[key] = value;
  }
  return 0;
}

}  // namespace

void write_result(const std::string& path, const ResultData& d) {
  write_file_atomically(path, [&d](hid_t file) {
    const hsize_t nt = d.nt(), nx = d.nx();
    write_dataset(file, "t", d.t, {nt});
    write_dataset(file, "x", d.x, {nx});
    for (const auto& [name, values] : d.fields) write_dataset(file, name, values, {nt, nx});
    if (!d.v.empty()) write_dataset(file, "v", d.v, {d.v.size()});
    if (!d.f.empty()) write_dataset(file, "f", d.f, {nt, nx, d.v.size()});
    for (const auto& [name, values] : d.series) write_dataset(file, name, values, {values.size()});
    write_string_attr(file, "equation", d.equation);
    write_number_attr(file, "eps", d.eps);
    write_string_attr(file, "method", d.method);
    write_string_attr(file, "config", d.config_text);
    write_string_attr(file, "toolkit_version", kVersion);
    for (const auto& [k, v] : d.text_attributes) write_string_attr(file, k, v);
    for (const auto& [k, v] : d.number_attributes) write_number_attr(file, k, v);
  });
}

ResultData read_result(const std::string& path) {
  if (!std::filesystem::exists(path)) throw InputError(path + ": result file does not exist");
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  Hid file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (file < 0) throw InputError(path + ": not an HDF5 file");
  ResultData d;
  try {
    d.t = read_dataset(file, "t");
    d.x = read_dataset(file, "x");
  } catch (const InputError& e) {
    throw InputError(path + ": " + e.what());
  }
  // Every other 2-D dataset of shape (n_t, n_x) is a field, every other 1-D one a series.
  struct Ctx {
    ResultData* d;
    hid_t file;
  } ctx{&d, file};
  H5Literate(
      file, H5_INDEX_NAME, H5_ITER_NATIVE, nullptr,
      [](hid_t g, const char* name, const H5L_info_t*, void* op) -> herr_t {
        // No exception may cross this C callback: failures stop the iteration with -1.
        auto* c = static_cast<Ctx*>(op);
        const std::string n = name;
        if (n == "t" || n == "x") return 0;
        try {
          std::vector<hsize_t> dims;
          std::vector<double> values = read_dataset(g, n, &dims);
          if (n == "v") c->d->v = std::move(values);
          else if (n == "f") c->d->f = std::move(values);
          else if (dims.size() == 2 && dims[0] == c->d->nt() && dims[1] == c->d->nx())
            c->d->fields[n] = std::move(values);
          else if (dims.size() == 1)
            c->d->series[n] = std::move(values);
        } catch (...) {
          return 0;  // not a plain numeric dataset (a group, say): skip it
        }
        return 0;
      },
      &ctx);
  AttrVisit visit{&d};
  hsize_t idx = 0;
  H5Aiterate2(file, H5_INDEX_NAME, H5_ITER_NATIVE, &idx, read_attribute, &visit);
  return d;
}

ResultWriter::ResultWriter(std::string path, ResultData header) : path_(std::move(path)), data_(std::move(header)) {}

void ResultWriter::snapshot(double time, const std::map<std::string, std::vector<double>>& values,
                            const std::vector<double>& f_at_time) {
  data_.add_snapshot(time, values, f_at_time);
  flush();
}

void ResultWriter::flush() const {
  if (!path_.empty()) write_result(path_, data_);
}

}  // namespace kinetic
