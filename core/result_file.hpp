#pragma once
// Run results in one self-describing HDF5 file, readable by h5py without this code:
//   /t (n_t)  /x (n_x)  /rho (n_t x n_x)  [/momentum, /energy, ... (n_t x n_x)]  [/v (n_v), /f (n_t x n_x x n_v)]
//   [series: 1-D datasets of their own length, e.g. /series_t, /electric_energy (one value per time step)]
//   root attributes: equation, eps, method, config (resolved YAML text), toolkit_version, plus extras.
// Files are written to "<path>.tmp" and renamed, so a killed run never leaves a corrupt file; solvers
// rewrite the file after each output time, so an interrupted run keeps every snapshot already computed.
#include <map>
#include <string>
#include <vector>

namespace kinetic {

struct ResultData {
  std::string equation;
  double eps = 0.0;
  std::string method;
  std::string config_text;
  std::map<std::string, std::string> text_attributes;   // extra string attributes
  std::map<std::string, double> number_attributes;      // extra numeric attributes (wall time, steps, ...)

  std::vector<double> t;                                 // output times
  std::vector<double> x;                                 // space points
  std::map<std::string, std::vector<double>> fields;     // name -> n_t * n_x values, row-major (time-major)
  std::vector<double> v;                                 // optional velocity nodes
  std::vector<double> f;                                 // optional n_t * n_x * n_v
  std::map<std::string, std::vector<double>> series;     // 1-D datasets of any length (e.g. a quantity per step)

  std::size_t nt() const { return t.size(); }
  std::size_t nx() const { return x.size(); }
  // Appends one snapshot: every field in `values` must have n_x entries and the same names each time.
  void add_snapshot(double time, const std::map<std::string, std::vector<double>>& values,
                    const std::vector<double>& f_at_time = {});
  // Row of field `name` at output index it (throws InputError if absent).
  std::vector<double> field_at(const std::string& name, std::size_t it) const;
  // Index of the output time closest to `time`, and whether it is within `tol`.
  std::ptrdiff_t time_index(double time, double tol = 1e-9) const;
};

// Atomic write (tmp + rename). Throws RunError on I/O failure.
void write_result(const std::string& path, const ResultData& data);
// Throws InputError if the file is missing or lacks /t, /x.
ResultData read_result(const std::string& path);

}  // namespace kinetic

namespace kinetic {

// Collects a run's snapshots and rewrites its file after each one, so an interrupted run loses nothing
// already computed. An empty path keeps the result in memory only (tests).
class ResultWriter {
 public:
  ResultWriter(std::string path, ResultData header);
  void snapshot(double time, const std::map<std::string, std::vector<double>>& values,
                const std::vector<double>& f_at_time = {});
  void flush() const;  // rewrites the file (e.g. after changing attributes)
  ResultData& data() { return data_; }
  const ResultData& data() const { return data_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  ResultData data_;
};

}  // namespace kinetic
