// archive/: a PDF file's revision structure: the chain of cross-reference sections, object
// lookup as of any revision, and decoded streams.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archive/pdf_syntax.hpp"

namespace rapport::detail {

/// Where an object lives according to one cross-reference section.
struct xref_entry {
  enum class kind { free, offset, compressed };
  kind type = kind::free;
  std::int64_t where = 0;  ///< byte offset, or the object stream's number
  int generation = 0;      ///< generation, or the index inside the object stream
};

/// One revision's cross-reference section (a classic table or a stream) and its trailer.
struct xref_section {
  std::size_t offset = 0;  ///< where `xref` or the stream object starts
  bool is_stream = false;
  std::map<int, xref_entry> entries;
  pdf_dict trailer;
};

/// Decompresses a zlib stream, refusing to grow past `limit` bytes.
std::string inflate_zlib(std::string_view data, std::size_t limit);
/// Reverses the PNG row predictors (/Predictor 10–15).
std::string undo_png_predictor(std::string_view data, int columns, int colors, int bits);

/// A parsed PDF: reading never modifies `bytes`, which must outlive this object.
class pdf_file {
public:
  /// Reads the cross-reference chain; throws fatal_error (located at `name`) if it is damaged.
  pdf_file(std::string_view bytes, std::string name);
  ~pdf_file();
  pdf_file(const pdf_file&) = delete;
  pdf_file& operator=(const pdf_file&) = delete;

  std::string_view bytes() const { return bytes_; }
  const std::string& name() const { return name_; }
  /// Sections from the newest (the one `startxref` points at) to the oldest.
  const std::vector<xref_section>& sections() const { return sections_; }
  /// The newest trailer, with /Root, /Info and /ID filled in from older ones if missing.
  const pdf_dict& trailer() const { return trailer_; }
  std::size_t startxref() const { return startxref_; }
  /// The PDF version from the header, e.g. "1.7".
  const std::string& header_version() const { return version_; }

  /// Looks an object up as the file stood before section `from` was added (0 = the newest
  /// state); nothing when it is free or missing.
  std::optional<pdf_indirect> load(pdf_ref ref, std::size_t from = 0) const;
  /// Follows references (bounded), returning null for a missing object.
  pdf_object resolve(const pdf_object& object, std::size_t from = 0) const;
  /// Where the object is recorded as of section `from`.
  std::optional<xref_entry> locate(int num, std::size_t from = 0) const;
  /// A stream's data with its filters undone (FlateDecode and PNG predictors only).
  std::string stream_data(const pdf_indirect& object) const;

  /// Throws fatal_error about this file: `NAME: error: MESSAGE`.
  [[noreturn]] void fail(const std::string& message) const;

private:
  void read_sections();
  xref_section read_section_at(std::size_t offset);
  void read_table(pdf_parser& parser, xref_section& section);
  void read_stream_section(const pdf_indirect& object, xref_section& section) const;
  std::optional<pdf_indirect> load_compressed(pdf_ref ref, const xref_entry& entry,
                                              std::size_t from) const;

  std::string_view bytes_;
  std::string name_;
  std::string version_;
  std::size_t startxref_ = 0;
  std::vector<xref_section> sections_;
  pdf_dict trailer_;
  struct object_stream;
  mutable std::map<std::int64_t, std::shared_ptr<object_stream>> object_streams_;
};

}  // namespace rapport::detail
