# Finds libharu (libhpdf); Debian ships neither pkg-config nor CMake files for it.
find_path(HPDF_INCLUDE_DIR hpdf.h)
find_library(HPDF_LIBRARY NAMES hpdf)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(HPDF DEFAULT_MSG HPDF_LIBRARY HPDF_INCLUDE_DIR)
if(HPDF_FOUND AND NOT TARGET HPDF::HPDF)
  add_library(HPDF::HPDF UNKNOWN IMPORTED)
  set_target_properties(HPDF::HPDF PROPERTIES IMPORTED_LOCATION "${HPDF_LIBRARY}"
                                              INTERFACE_INCLUDE_DIRECTORIES "${HPDF_INCLUDE_DIR}")
endif()
