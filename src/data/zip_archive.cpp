// data/ private: the libzip seam. Every part is unpacked through here, so the zip-bomb limits
// (total unpacked size, compression ratio) hold for .xlsx and .ods alike.
#include "data/zip_archive.hpp"

#include <fmt/format.h>
#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace rapport::detail {

void zip_deleter::operator()(zip* archive) const {
  zip_discard(archive);
}
void zip_file_deleter::operator()(zip_file* file) const {
  zip_fclose(file);
}

namespace {

std::string libzip_message(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string message = zip_error_strerror(&error);
  zip_error_fini(&error);
  return message;
}

// Sizes in messages: whole megabytes read better than byte counts, small limits stay exact.
std::string size_text(std::uint64_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return fmt::format("{} MB", bytes >> 20);
  return fmt::format("{} bytes", bytes);
}

std::string read_head(const std::filesystem::path& path, std::size_t size) {
  std::ifstream in(path, std::ios::binary);
  std::string head(size, '\0');
  in.read(head.data(), static_cast<std::streamsize>(size));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head;
}

bool looks_like_text(const std::string& head) {
  if (head.empty()) return false;
  for (unsigned char c : head)
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') return false;
  return true;
}

}  // namespace

std::pair<std::string, std::string> describe_non_zip(const std::string& head,
                                                     const std::string& kind) {
  const std::string save = fmt::format("open it in Excel or LibreOffice and save it as {}", kind);
  if (head.empty()) return {fmt::format("the file is empty, not an {} workbook", kind), {}};
  static const unsigned char ole2[] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
  if (head.size() >= 8 && std::memcmp(head.data(), ole2, 8) == 0)
    return {fmt::format("this is an old binary Excel workbook (.xls) or an encrypted workbook, "
                        "not an {} workbook",
                        kind),
            save + " (without a password)"};
  if (looks_like_text(head))
    return {fmt::format("this is a text file, not an {} workbook (a zip archive)", kind),
            "if it holds comma- or semicolon-separated values, read it as a CSV source"};
  return {fmt::format("not an {} workbook: the file is not a zip archive", kind), save};
}

zip_archive::zip_archive(const std::filesystem::path& path, std::string display, std::string kind,
                         zip_limits limits, const source_loc& referenced_from)
    : display_(std::move(display)), kind_(std::move(kind)), limits_(limits) {
  {
    std::ifstream probe(path, std::ios::binary);
    if (!probe) {
      source_loc loc = referenced_from.file.empty() ? source_loc{display_, 0, 0} : referenced_from;
      throw fatal_error(loc,
                        fmt::format("cannot read '{}': {}", path.string(), std::strerror(errno)));
    }
  }
  // Sniff first: libzip would only say "not a zip archive", and the user deserves to hear
  // that the file is a CSV or an old .xls.
  std::string head = read_head(path, 512);
  if (head.size() < 4 || head.compare(0, 2, "PK") != 0) {
    auto [message, hint] = describe_non_zip(head, kind_);
    fail(std::move(message), std::move(hint));
  }
  int code = 0;
  zip* opened = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
  if (!opened)
    fail(fmt::format("not an {} workbook: the zip archive is damaged ({})", kind_,
                     libzip_message(code)),
         fmt::format("open it in Excel or LibreOffice and save it again as {}", kind_));
  archive_.reset(opened);
}

void zip_archive::fail(std::string message, std::string hint) const {
  throw fatal_error(source_loc{display_, 0, 0}, std::move(message), std::move(hint));
}

void zip_archive::missing(const std::string& name) const {
  fail(fmt::format("not an {} workbook: the part '{}' is missing", kind_, name),
       fmt::format("open it in Excel or LibreOffice and save it again as {}", kind_));
}

bool zip_archive::has(const std::string& name) const {
  return zip_name_locate(archive_.get(), name.c_str(), 0) >= 0;
}

zip_entry_reader zip_archive::open(const std::string& name) {
  zip_int64_t index = zip_name_locate(archive_.get(), name.c_str(), 0);
  if (index < 0) missing(name);
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(archive_.get(), static_cast<zip_uint64_t>(index), 0, &stat) != 0)
    fail(fmt::format("cannot read the part '{}': {}", name, zip_strerror(archive_.get())));
  std::uint64_t packed = (stat.valid & ZIP_STAT_COMP_SIZE) ? stat.comp_size : 0;
  // The sizes in the directory may lie, so they are checked here and again while unpacking.
  if (stat.valid & ZIP_STAT_SIZE) count(name, packed, stat.size, 0);
  zip_file* file = zip_fopen_index(archive_.get(), static_cast<zip_uint64_t>(index), 0);
  if (!file) {
    int code = zip_error_code_zip(zip_get_error(archive_.get()));
    if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_ENCRNOTSUPP || code == ZIP_ER_WRONGPASSWD)
      fail(fmt::format("the part '{}' is encrypted", name),
           fmt::format("save the workbook as {} without a password", kind_));
    fail(fmt::format("cannot read the part '{}': {}", name, zip_strerror(archive_.get())));
  }
  return zip_entry_reader(*this, std::unique_ptr<zip_file, zip_file_deleter>(file), name, packed);
}

std::string zip_archive::read_all(const std::string& name) {
  zip_entry_reader reader = open(name);
  std::string text;
  char chunk[1 << 16];
  while (std::size_t got = reader.read(chunk, sizeof chunk)) text.append(chunk, got);
  return text;
}

// Called before unpacking (with the directory's claim) and after every chunk (with the truth).
void zip_archive::count(const std::string& part, std::uint64_t packed, std::uint64_t unpacked_part,
                        std::size_t more) {
  const std::string hint = "refusing it as a possible zip bomb";
  if (unpacked_part > limits_.ratio_grace &&
      unpacked_part / std::max<std::uint64_t>(packed, 1) > limits_.max_ratio)
    fail(fmt::format("the part '{}' unpacks to more than {} times its packed size of {}", part,
                     limits_.max_ratio, size_text(packed)),
         hint);
  unpacked_total_ += more;
  if (unpacked_total_ > limits_.max_unpacked || unpacked_part > limits_.max_unpacked)
    fail(fmt::format("the workbook unpacks to more than {}, at the part '{}'",
                     size_text(limits_.max_unpacked), part),
         hint);
}

zip_entry_reader::zip_entry_reader(zip_archive& owner,
                                   std::unique_ptr<zip_file, zip_file_deleter> file,
                                   std::string name, std::uint64_t packed)
    : owner_(&owner), file_(std::move(file)), name_(std::move(name)), packed_(packed) {}

std::size_t zip_entry_reader::read(char* out, std::size_t size) {
  zip_int64_t got = zip_fread(file_.get(), out, size);
  if (got < 0)
    owner_->fail(
        fmt::format("the part '{}' is damaged: {}", name_, zip_file_strerror(file_.get())),
        fmt::format("open it in Excel or LibreOffice and save it again as {}", owner_->kind()));
  unpacked_ += static_cast<std::uint64_t>(got);
  owner_->count(name_, packed_, unpacked_, static_cast<std::size_t>(got));
  return static_cast<std::size_t>(got);
}

}  // namespace rapport::detail
