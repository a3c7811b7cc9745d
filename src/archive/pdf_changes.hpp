// archive/: judging what incremental updates after a signature changed.
#pragma once

#include <cstddef>
#include <string>

#include "archive/archive.hpp"
#include "archive/pdf_file.hpp"

namespace rapport::detail {

struct change_verdict {
  later_changes kind = later_changes::none;
  std::string detail;  ///< the first change that is not part of signing
};

/// Looks at every revision added after byte `covered_end` and decides whether it only added
/// signatures (new signature fields and widgets, the catalog's /AcroForm, a page's /Annots,
/// /DSS validation data) or changed the document.
change_verdict changes_after(const pdf_file& file, std::size_t covered_end);

}  // namespace rapport::detail
