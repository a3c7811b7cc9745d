// archive/: `sign_pdf`: prepare the update, hash the byte ranges, fill in the CMS signature.
#include <openssl/x509.h>

#include "archive/archive.hpp"
#include "archive/cms.hpp"
#include "archive/pdf_update.hpp"

namespace rapport {

namespace {

// Room for the CMS: the embedded certificates dominate its size; a timestamp token brings the
// authority's certificates as well.
std::size_t estimate_capacity(const detail::signer_credentials& credentials, bool timestamp) {
  std::size_t size = 8192;
  size += static_cast<std::size_t>(i2d_X509(credentials.cert.get(), nullptr));
  for (const auto& cert : credentials.chain)
    size += static_cast<std::size_t>(i2d_X509(cert.get(), nullptr));
  if (timestamp) size += 12288;
  return size;
}

}  // namespace

std::string sign_pdf(std::string_view pdf, const std::string& pdf_name,
                     const signing_request& request) {
  detail::pdf_file file(pdf, pdf_name);
  detail::signer_credentials credentials = detail::load_credentials(request);

  detail::signature_fields fields;
  fields.date = detail::pdf_date(request.signing_time);
  fields.name = request.name;
  fields.reason = request.reason;
  fields.location = request.location;
  fields.contact_info = request.contact_info;
  fields.contents_capacity = estimate_capacity(credentials, !request.tsa_url.empty());

  // The CMS size is only known once it is made; if the estimate was short, make room and
  // sign again (the digest changes with the placeholder's size).
  for (int attempt = 0; attempt < 3; ++attempt) {
    detail::prepared_signature prepared = detail::prepare_signature(file, fields);
    std::string content_digest = detail::sha256(prepared.signed_bytes());
    std::string der = detail::make_cades_signature(content_digest, credentials, request.tsa_url);
    if (prepared.set_contents(der)) return std::move(prepared.bytes);
    fields.contents_capacity = der.size() + 4096;
  }
  throw fatal_error(source_loc{pdf_name, 0, 0}, "the signature does not fit its reserved space");
}

}  // namespace rapport
