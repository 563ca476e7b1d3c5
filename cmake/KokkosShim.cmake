# Find Kokkos and make sure the imported target Kokkos::kokkos is usable.
#
# A user's own Kokkos build (OpenMP, CUDA, ...) exports a correct Kokkos::kokkos and is used unchanged
# (point CMake at it with -DKokkos_ROOT=... or CMAKE_PREFIX_PATH).
# Debian 12's libtrilinos-kokkos-dev exports Kokkos::kokkos with INTERFACE_INCLUDE_DIRECTORIES
# "<prefix>/include", computed one directory level too high ("/usr/lib/include"), while its headers live in
# /usr/include/trilinos. CMake refuses targets naming missing directories, so we replace that path.
find_package(Kokkos REQUIRED)

function(kinetic_repair_kokkos_target)
  if(NOT TARGET Kokkos::kokkos)
    add_library(Kokkos::kokkos INTERFACE IMPORTED)
    set_target_properties(Kokkos::kokkos PROPERTIES INTERFACE_LINK_LIBRARIES "${Kokkos_LIBRARIES}")
  endif()
  get_target_property(_dirs Kokkos::kokkos INTERFACE_INCLUDE_DIRECTORIES)
  set(_good)
  set(_repaired FALSE)
  foreach(_d IN LISTS _dirs)
    if(_d AND EXISTS "${_d}")
      list(APPEND _good "${_d}")
    elseif(_d)
      set(_repaired TRUE)
    endif()
  endforeach()
  find_path(KINETIC_KOKKOS_INCLUDE_DIR Kokkos_Core.hpp HINTS ${_good} ${Kokkos_INCLUDE_DIRS} PATH_SUFFIXES trilinos)
  if(NOT KINETIC_KOKKOS_INCLUDE_DIR)
    message(FATAL_ERROR "Kokkos was found but Kokkos_Core.hpp was not: set KINETIC_KOKKOS_INCLUDE_DIR")
  endif()
  list(FIND _good "${KINETIC_KOKKOS_INCLUDE_DIR}" _have)
  if(_have EQUAL -1)
    list(APPEND _good "${KINETIC_KOKKOS_INCLUDE_DIR}")
    set(_repaired TRUE)
  endif()
  if(_repaired)
    set_target_properties(Kokkos::kokkos PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_good}"
                          INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "${_good}")
    message(STATUS "Kokkos::kokkos repaired (Debian/TriBITS layout): headers in ${KINETIC_KOKKOS_INCLUDE_DIR}")
  endif()
endfunction()
kinetic_repair_kokkos_target()
