# Finds libhyphen (the hunspell project's hyphenation library); Debian ships no pkg-config file.
find_path(HYPHEN_INCLUDE_DIR hyphen.h)
find_library(HYPHEN_LIBRARY NAMES hyphen)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Hyphen DEFAULT_MSG HYPHEN_LIBRARY HYPHEN_INCLUDE_DIR)
if(HYPHEN_FOUND AND NOT TARGET Hyphen::Hyphen)
  add_library(Hyphen::Hyphen UNKNOWN IMPORTED)
  set_target_properties(Hyphen::Hyphen PROPERTIES IMPORTED_LOCATION "${HYPHEN_LIBRARY}"
                                                  INTERFACE_INCLUDE_DIRECTORIES "${HYPHEN_INCLUDE_DIR}")
endif()
