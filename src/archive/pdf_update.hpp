// archive/: the incremental update that adds an empty signature to a PDF, ready for its CMS.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "archive/pdf_file.hpp"

namespace rapport::detail {

/// The entries of the new signature dictionary (strings in UTF-8).
struct signature_fields {
  std::string sub_filter = "ETSI.CAdES.detached";
  std::string date;  ///< the /M value, a PDF date
  std::string name, reason, location, contact_info;
  std::size_t contents_capacity = 16384;  ///< bytes reserved for the DER-encoded CMS
};

/// The file with the update appended, /ByteRange filled in and /Contents still zeros.
struct prepared_signature {
  std::string bytes;
  std::size_t contents_begin = 0;  ///< offset of '<'
  std::size_t contents_end = 0;    ///< one past '>'
  std::string field_name;

  /// The bytes the signature covers: everything but the /Contents string.
  std::string signed_bytes() const;
  /// Writes `der` as hex into /Contents; false if it does not fit the reserved space.
  bool set_contents(std::string_view der);
};

/// Builds the update: signature dictionary, signature field with an invisible widget on the
/// first page, the catalog's /AcroForm (existing fields kept), a new cross-reference section
/// (a table or a stream, like the previous one) and trailer with /Prev. Throws fatal_error.
prepared_signature prepare_signature(const pdf_file& file, const signature_fields& fields);

}  // namespace rapport::detail
