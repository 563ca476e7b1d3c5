#pragma once
// What this machine offers, for sanity limits on configs (threads, grid sizes): a value beyond these can
// only be a mistake, and is refused before a run starts rather than when it fails.
namespace kinetic {

// Physical memory in bytes (0 if unknown).
double physical_memory_bytes();
// Hardware threads (at least 1).
int hardware_threads();

}  // namespace kinetic
