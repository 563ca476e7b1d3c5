# Every third-party dependency is found here, once.
include(${CMAKE_CURRENT_LIST_DIR}/KokkosShim.cmake)

# LibTorch: Debian's libtorch-dev, or a user's own build through Torch_DIR (e.g. a CUDA LibTorch).
find_package(Torch REQUIRED)
find_package(Eigen3 3.3 REQUIRED NO_MODULE)
find_package(HDF5 REQUIRED COMPONENTS C)
find_package(yaml-cpp REQUIRED)
find_package(CLI11 REQUIRED)
find_package(fmt REQUIRED)
find_package(Threads REQUIRED)

# FFTW3 ships no CMake config on Debian: find it by hand.
find_path(FFTW3_INCLUDE_DIR fftw3.h)
find_library(FFTW3_LIBRARY fftw3)
if(NOT FFTW3_INCLUDE_DIR OR NOT FFTW3_LIBRARY)
  message(FATAL_ERROR "FFTW3 not found (Debian: apt-get install libfftw3-dev)")
endif()
add_library(FFTW3::fftw3 UNKNOWN IMPORTED)
set_target_properties(FFTW3::fftw3 PROPERTIES IMPORTED_LOCATION "${FFTW3_LIBRARY}"
                      INTERFACE_INCLUDE_DIRECTORIES "${FFTW3_INCLUDE_DIR}")

# muParser: formulas in configs. Debian ships a CMake config (muparser::muparser); fall back to a plain search.
find_package(muparser QUIET)
if(NOT TARGET muparser::muparser)
  find_path(MUPARSER_INCLUDE_DIR muParser.h PATH_SUFFIXES muParser)
  find_library(MUPARSER_LIBRARY muparser)
  if(NOT MUPARSER_INCLUDE_DIR OR NOT MUPARSER_LIBRARY)
    message(FATAL_ERROR "muParser not found (Debian: apt-get install libmuparser-dev)")
  endif()
  add_library(muparser::muparser UNKNOWN IMPORTED)
  set_target_properties(muparser::muparser PROPERTIES IMPORTED_LOCATION "${MUPARSER_LIBRARY}"
                        INTERFACE_INCLUDE_DIRECTORIES "${MUPARSER_INCLUDE_DIR}")
endif()

if(KINETIC_BUILD_TESTS)
  find_package(Catch2 2 REQUIRED)
endif()
if(KINETIC_BUILD_BENCH)
  find_package(benchmark QUIET)
endif()
