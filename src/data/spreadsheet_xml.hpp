// data/ private: a small streaming (pull) XML reader for the parts of .xlsx and .ods workbooks.
// A 100 000-row sheet is tens of megabytes of XML; reading it in 64 KB chunks keeps memory to
// the cells themselves. Namespaces are resolved on request; DTDs are refused (no entity tricks).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::detail {

/// Fills `out` with up to `size` bytes; returns 0 at the end of the input.
using byte_source = std::function<std::size_t(char* out, std::size_t size)>;

/// Thrown for malformed XML; the workbook readers turn it into a located fatal_error.
struct xml_error {
  std::string message;
  std::size_t offset = 0;  ///< byte offset in the part
};

namespace xml_ns {
inline constexpr std::string_view office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
inline constexpr std::string_view table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
inline constexpr std::string_view text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
inline constexpr std::string_view calcext =
    "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0";
}  // namespace xml_ns

/// Pulls start tags, end tags and text out of an XML byte stream, one event at a time.
/// Views returned by the accessors stay valid until the next call to next().
class xml_reader {
public:
  enum class event { start, end, text, done };

  explicit xml_reader(byte_source source);

  /// Moves to the next event. A self-closing tag gives a start and then an end.
  event next();

  /// The local name (without prefix) of the current start or end tag.
  std::string_view name() const { return local_; }
  /// The namespace URI of the current start or end tag ("" when none).
  std::string_view ns() const;
  /// True if the current tag is `local` in namespace `uri`.
  bool is(std::string_view uri, std::string_view local) const {
    return local_ == local && ns() == uri;
  }
  /// An attribute of the current start tag by local name, whatever its prefix.
  std::optional<std::string_view> attr(std::string_view local) const;
  /// An attribute of the current start tag by namespace URI and local name.
  std::optional<std::string_view> attr(std::string_view uri, std::string_view local) const;
  /// The decoded text of the current text event.
  std::string_view text() const { return text_; }
  /// The nesting depth: 1 inside the root element's start tag and its end tag.
  int depth() const { return depth_; }
  /// After a start event: skips everything up to and including the matching end tag.
  void skip();
  /// After a start event: all text inside the element (descendants too), up to its end tag.
  std::string inner_text();
  /// The byte offset of the current event in the part, for messages.
  std::size_t offset() const { return consumed_ + token_start_; }

private:
  struct attribute {
    std::string_view qname;
    std::string_view local;
    std::string_view value;
  };
  struct pending_attr {  ///< an attribute whose value may still need decoding
    std::string_view qname;
    std::string_view raw;
    std::size_t begin = std::string::npos;  ///< offset in attr_store_ when decoded
    std::size_t size = 0;
  };
  struct ns_decl {
    int depth;
    std::string prefix;
    std::string uri;
  };

  bool fill();
  [[noreturn]] void fail(const std::string& message) const;
  std::size_t find(std::string_view what, std::size_t from);
  bool read_text();
  event read_start();
  event read_end();
  bool skip_markup();
  void decode(std::string_view raw, std::string& out) const;
  std::string_view resolve(std::string_view prefix, bool element) const;

  byte_source source_;
  std::string buf_;
  std::size_t pos_ = 0;
  std::size_t consumed_ = 0;  ///< bytes dropped from the front of buf_ so far
  std::size_t token_start_ = 0;
  bool eof_ = false;
  bool pending_end_ = false;  ///< a self-closing tag owes its end event
  bool closing_ = false;      ///< the last event was an end; leave its scope on next()

  std::string_view qname_;
  std::string_view local_;
  std::string_view text_;
  std::string text_store_;
  std::string attr_store_;
  std::vector<attribute> attrs_;
  std::vector<pending_attr> pending_;
  std::vector<std::string> open_;  ///< qualified names of the open elements
  std::vector<ns_decl> ns_;
  int depth_ = 0;
};

}  // namespace rapport::detail
