#pragma once
// Reading and writing LibTorch archives (checkpoints, trained operators) the same way everywhere: written to a
// temporary name and renamed (a killed run never leaves a half-written file), read with an InputError that
// names the file instead of LibTorch's trace.
#include <fmt/format.h>
#include <torch/torch.h>

#include <filesystem>
#include <string>

#include "core/error.hpp"

namespace kinetic::neural {

inline void save_archive(torch::serialize::OutputArchive& archive, const std::string& path) {
  archive.save_to(path + ".tmp");
  std::filesystem::rename(path + ".tmp", path);
}

// `what`: the kind of file, for the error ("checkpoint", "operator file").
inline void load_archive(torch::serialize::InputArchive& archive, const std::string& path, const std::string& what) {
  try {
    archive.load_from(path);
  } catch (const c10::Error& e) {
    throw InputError(fmt::format("{}: not a readable {} ({})", path, what, e.what_without_backtrace()));
  }
}

// A fresh tensor per read: reading into a tensor that already holds archive storage fails.
inline torch::Tensor read_tensor(torch::serialize::InputArchive& archive, const std::string& key) {
  torch::Tensor t;
  archive.read(key, t);
  return t;
}

}  // namespace kinetic::neural
