// archive/: PAdES signing with OpenSSL CMS, signature verification, and the versioned,
// hash-chained archive of decided reports. The stage's one public header.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/diagnostics.hpp"

namespace rapport {

// ---- signing --------------------------------------------------------------------------------

/// Who signs and what the signature dictionary says about it.
struct signing_request {
  std::filesystem::path key_file;                  ///< PEM private key (RSA or EC)
  std::filesystem::path cert_file;                 ///< PEM certificate matching the key
  std::vector<std::filesystem::path> chain_files;  ///< PEM intermediates to embed
  std::optional<std::string> password;             ///< for an encrypted key
  std::string reason;                              ///< /Reason
  std::string location;                            ///< /Location
  std::string name;                                ///< /Name
  std::string contact_info;                        ///< /ContactInfo
  std::string tsa_url;            ///< RFC 3161 timestamp authority (http://); empty for none
  std::int64_t signing_time = 0;  ///< seconds since the epoch, written as /M
};

/// Appends a PAdES baseline B signature (ETSI.CAdES.detached) to `pdf` as an incremental
/// update and returns the signed file. `pdf_name` names the input in messages. Throws
/// fatal_error; nothing is written anywhere.
std::string sign_pdf(std::string_view pdf, const std::string& pdf_name,
                     const signing_request& request);

// ---- verification ---------------------------------------------------------------------------

/// What followed a signature in the file.
enum class later_changes {
  none,             ///< nothing: the signature covers the whole file
  signatures_only,  ///< later incremental updates only add signatures (the content is unchanged)
  other,            ///< the document was changed after this signature
};

enum class chain_status { not_checked, verified, failed };

/// One signature's verdict, with everything a person needs to judge it.
struct signature_check {
  int number = 0;  ///< 1-based, in the order the signatures were made
  std::string field_name;
  std::string sub_filter;  ///< e.g. "ETSI.CAdES.detached"
  std::string signer;      ///< the certificate's common name
  std::string signer_subject;
  std::string signing_time;    ///< the /M entry, readable ("2024-05-02 10:00:00 +00:00")
  std::string timestamp;       ///< an RFC 3161 timestamp's time, if the signature has one
  bool byte_range_ok = false;  ///< /ByteRange covers everything but /Contents
  bool digest_ok = false;      ///< the signed bytes hash to the CMS messageDigest
  bool signature_ok = false;   ///< the CMS signature verifies with the signer's key
  chain_status chain = chain_status::not_checked;
  std::string chain_error;
  bool covers_whole_file = false;
  later_changes after = later_changes::none;
  std::string change_detail;          ///< what changed, when `after` is `other`
  std::vector<std::string> problems;  ///< why the signature is not valid; empty when it is

  /// Valid: intact, made by the certificate's key, chain verified if asked, nothing changed
  /// after it but later signatures.
  bool valid() const;
};

struct verify_options {
  /// PEM files with trusted certificates; when empty the chain is not checked.
  std::vector<std::filesystem::path> trusted_files;
};

/// Checks every signature in `pdf`. Throws fatal_error when the file cannot be read as a PDF;
/// an unsigned PDF gives an empty list.
std::vector<signature_check> verify_pdf(std::string_view pdf, const std::string& pdf_name,
                                        const verify_options& options);

// ---- the archive ----------------------------------------------------------------------------

/// A file that went into producing an archived report, by its hash.
struct provenance_item {
  std::string role;  ///< "definition", "layout" or "data"
  std::string name;  ///< as given on the command line
  std::string sha256;
};

/// One archived version: what was stored, by whom it was signed, and how it was produced.
struct archive_entry {
  int version = 0;
  std::string file;  ///< relative to the archive folder: "files/3-ab12cd34ef56.pdf"
  std::string sha256;
  std::int64_t size = 0;
  std::string signer;  ///< the common names of the PDF's valid signatures, "" if unsigned
  std::string added;   ///< ISO 8601 UTC (SOURCE_DATE_EPOCH when set)
  std::string committee;
  std::string period;
  std::string decision_date;
  std::vector<std::pair<std::string, std::string>> metadata;  ///< free key=value, sorted by key
  std::vector<provenance_item> provenance;
  std::string rapport_version;
  std::string prev_hash;   ///< the previous entry's entry_hash (64 zeros for the first)
  std::string entry_hash;  ///< SHA-256(prev_hash || canonical serialisation of this entry)
};

/// What `archive::add` stores.
struct archive_add_request {
  std::filesystem::path pdf;
  std::string committee;
  std::string period;
  std::string decision_date;
  std::vector<std::pair<std::string, std::string>> metadata;
  std::vector<std::pair<std::string, std::filesystem::path>> provenance;  ///< role, file
  std::int64_t time = 0;  ///< seconds since the epoch
};

/// The canonical serialisation an entry's hash covers (exposed for tests and auditors).
std::string canonical_entry(const archive_entry& entry);
/// SHA-256(prev_hash || canonical_entry(entry)) as lower-case hex.
std::string compute_entry_hash(const archive_entry& entry);

/// A folder holding index.sqlite and files/; versions are numbered and never overwritten.
class archive {
public:
  /// Opens the archive in `folder`; with `create`, makes the folder and index if missing.
  /// Throws fatal_error (located at the folder) when there is no archive there.
  archive(std::filesystem::path folder, bool create);
  ~archive();
  archive(archive&&) noexcept;
  archive& operator=(archive&&) noexcept;

  /// Stores a new version (safe against concurrent adds) and returns its entry.
  archive_entry add(const archive_add_request& request);
  /// Every entry, by version.
  std::vector<archive_entry> entries() const;
  /// One version; throws fatal_error if it does not exist.
  archive_entry entry(int version) const;
  /// Recomputes the hash chain and re-hashes every file; reports each problem as a located
  /// error naming the entry. `expected_head`, when given, must be an entry hash in the chain.
  diagnostics verify(const std::string& expected_head = {}) const;
  /// Copies version `version` to `out` after checking its hash; throws fatal_error if the
  /// stored file or its entry does not check out.
  void export_version(int version, const std::filesystem::path& out) const;

  const std::filesystem::path& folder() const { return folder_; }

private:
  struct impl;
  std::filesystem::path folder_;
  std::unique_ptr<impl> impl_;
};

}  // namespace rapport
