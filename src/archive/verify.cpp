// archive/: `verify_pdf`: find every signature, check its byte range, digest, CMS signature,
// optional certificate chain and timestamp, and what changed after it.
#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/ess.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "archive/archive.hpp"
#include "archive/cms.hpp"
#include "archive/pdf_changes.hpp"
#include "archive/pdf_file.hpp"

namespace rapport {

bool signature_check::valid() const {
  return problems.empty();
}

namespace {

using namespace detail;

struct found_signature {
  pdf_ref ref;
  pdf_dict dict;
  bool in_object_stream = false;
  std::size_t covered_end = 0;
  std::string damage;  ///< why a dictionary that looks like a signature cannot be read
};

// A damaged object that looks like a signature dictionary must be reported, not skipped: a
// broken newest signature would otherwise simply vanish from the report.
bool looks_like_signature(std::string_view bytes, std::int64_t offset) {
  if (offset < 0 || static_cast<std::uint64_t>(offset) >= bytes.size()) return false;
  std::string_view rest = bytes.substr(static_cast<std::size_t>(offset));
  rest = rest.substr(0, std::min(rest.find("endobj"), std::size_t{1} << 20));
  return rest.find("/ByteRange") != std::string_view::npos;
}

// Every signature dictionary defined in any revision, including ones a later revision
// dropped from the form: those must still be reported.
std::vector<found_signature> find_signatures(const pdf_file& file) {
  std::vector<found_signature> found;
  std::set<std::tuple<int, int, std::int64_t>> seen;
  const auto& sections = file.sections();
  for (std::size_t i = 0; i < sections.size(); ++i) {
    for (const auto& [num, entry] : sections[i].entries) {
      if (entry.type == xref_entry::kind::free) continue;
      bool compressed = entry.type == xref_entry::kind::compressed;
      int gen = compressed ? 0 : entry.generation;
      if (!seen.emplace(num, compressed ? -1 : gen, entry.where).second) continue;
      std::optional<pdf_indirect> object;
      try {
        object = file.load({num, gen}, i);
      } catch (const fatal_error& e) {
        if (!compressed && looks_like_signature(file.bytes(), entry.where))
          // It covers at least its own start, which orders it after the signatures before it.
          found.push_back({{num, gen},
                           {},
                           false,
                           static_cast<std::size_t>(entry.where) + 1,
                           e.what_diagnostic().message});
        continue;
      }
      const pdf_dict* dict = object ? object->object.dict() : nullptr;
      if (!dict || !dict->find("ByteRange")) continue;
      if (!dict->find("Contents") || !dict->find("Contents")->string()) {
        found.push_back({{num, gen},
                         {},
                         false,
                         static_cast<std::size_t>(entry.where) + 1,
                         "it has no /Contents string"});
        continue;
      }
      found_signature sig{{num, gen}, *dict, compressed, 0, {}};
      if (const pdf_object* br = dict->find("ByteRange"); br->array()) {
        const auto& items = br->array()->items;
        if (items.size() >= 4)
          sig.covered_end = static_cast<std::size_t>(std::max<std::int64_t>(
              0, items[2].integer().value_or(0) + items[3].integer().value_or(0)));
      }
      found.push_back(std::move(sig));
    }
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.covered_end < b.covered_end; });
  return found;
}

void collect_names(const pdf_file& file, const pdf_object& fields, const std::string& prefix,
                   std::map<pdf_ref, std::string>& names, int depth) {
  if (depth > 32) return;
  pdf_object list = file.resolve(fields);
  if (!list.array()) return;
  for (const pdf_object& item : list.array()->items) {
    pdf_object field = file.resolve(item);
    const pdf_dict* dict = field.dict();
    if (!dict) continue;
    std::string name = prefix;
    if (const pdf_object* t = dict->find("T"); t && t->string()) {
      std::string own = utf8_from_pdf_text(t->string()->bytes);
      name = prefix.empty() ? own : prefix + "." + own;
    }
    if (const pdf_object* v = dict->find("V"); v && v->ref()) names[*v->ref()] = name;
    if (const pdf_object* kids = dict->find("Kids"))
      collect_names(file, *kids, name, names, depth + 1);
  }
}

std::map<pdf_ref, std::string> field_names(const pdf_file& file) {
  std::map<pdf_ref, std::string> names;
  const pdf_object* root = file.trailer().find("Root");
  if (!root) return names;
  pdf_object catalog = file.resolve(*root);
  if (!catalog.dict()) return names;
  if (const pdf_object* form = catalog.dict()->find("AcroForm")) {
    pdf_object resolved = file.resolve(*form);
    if (resolved.dict())
      if (const pdf_object* fields = resolved.dict()->find("Fields"))
        collect_names(file, *fields, "", names, 0);
  }
  return names;
}

std::string text_entry(const pdf_dict& dict, std::string_view key) {
  const pdf_object* value = dict.find(key);
  return value && value->string() ? utf8_from_pdf_text(value->string()->bytes) : "";
}

std::string_view octets(const ASN1_OCTET_STRING* s) {
  return {reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
          static_cast<std::size_t>(ASN1_STRING_length(s))};
}

x509_store_ptr trusted_store(const verify_options& options) {
  x509_store_ptr store(X509_STORE_new());
  if (!store) throw std::bad_alloc();
  for (const auto& file : options.trusted_files)
    for (auto& cert : load_certificates(file)) X509_STORE_add_cert(store.get(), cert.get());
  // Document-signing certificates need not carry the S/MIME key usage CMS_verify expects.
  X509_STORE_set_purpose(store.get(), X509_PURPOSE_ANY);
  return store;
}

using ess_v1_ptr = std::unique_ptr<ESS_SIGNING_CERT, openssl_deleter<ESS_SIGNING_CERT_free>>;
using ess_v2_ptr = std::unique_ptr<ESS_SIGNING_CERT_V2, openssl_deleter<ESS_SIGNING_CERT_V2_free>>;

/// The ESS signing-certificate(-v2) attribute, when present, must identify `signer`; it stops
/// a signature from being passed off with a different certificate for the same key.
bool signing_certificate_matches(CMS_SignerInfo* si, X509* signer) {
  auto attribute = [&](int nid) -> const ASN1_STRING* {
    return static_cast<const ASN1_STRING*>(
        CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(nid), -3, V_ASN1_SEQUENCE));
  };
  ess_v1_ptr v1;
  ess_v2_ptr v2;
  if (const ASN1_STRING* s = attribute(NID_id_smime_aa_signingCertificate)) {
    const unsigned char* p = ASN1_STRING_get0_data(s);
    v1.reset(d2i_ESS_SIGNING_CERT(nullptr, &p, ASN1_STRING_length(s)));
    if (!v1) return false;
  }
  if (const ASN1_STRING* s = attribute(NID_id_smime_aa_signingCertificateV2)) {
    const unsigned char* p = ASN1_STRING_get0_data(s);
    v2.reset(d2i_ESS_SIGNING_CERT_V2(nullptr, &p, ASN1_STRING_length(s)));
    if (!v2) return false;
  }
  if (!v1 && !v2) return true;  // adbe.pkcs7.detached signatures need not carry one
  x509_stack_ptr chain(sk_X509_new_null());
  if (!chain || !sk_X509_push(chain.get(), signer)) throw std::bad_alloc();
  X509_up_ref(signer);
  bool ok = OSSL_ESS_check_signing_certs(v1.get(), v2.get(), chain.get(), 1) == 1;
  ERR_clear_error();
  return ok;
}

// A memory BIO handed to CMS_verify is copied into a temporary one that OpenSSL 3.0 leaks
// when the CMS is damaged; behind a null filter it is used as is.
bio_ptr content_bio(std::string_view bytes) {
  bio_ptr filter(BIO_new(BIO_f_null()));
  if (!filter) throw std::bad_alloc();
  BIO_push(filter.get(), memory_bio(bytes).release());
  return filter;
}

void check_cms(std::string_view der, std::string_view signed_bytes, X509_STORE* store,
               signature_check& check) {
  ERR_clear_error();
  auto data = reinterpret_cast<const unsigned char*>(der.data());
  cms_ptr cms(d2i_CMS_ContentInfo(nullptr, &data, static_cast<long>(der.size())));
  if (!cms || OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed) {
    check.problems.push_back("the signature value is not a CMS SignedData structure");
    return;
  }
  if (ASN1_OCTET_STRING** content = CMS_get0_content(cms.get()); content && *content) {
    check.problems.push_back("the CMS structure embeds content; a PDF signature must be detached");
    return;
  }
  STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms.get());
  if (sk_CMS_SignerInfo_num(infos) != 1) {
    check.problems.push_back(
        fmt::format("expected one signer, found {}", sk_CMS_SignerInfo_num(infos)));
    return;
  }
  CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);
  x509_stack_ptr certs(CMS_get1_certs(cms.get()));
  X509* signer = nullptr;
  for (int i = 0; certs && i < sk_X509_num(certs.get()); ++i)
    if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs.get(), i)) == 0)
      signer = sk_X509_value(certs.get(), i);
  if (!signer) {
    check.problems.push_back("the signature does not include the signer's certificate");
    return;
  }
  check.signer = common_name(signer);
  check.signer_subject = subject_line(signer);

  X509_ALGOR* digest_algorithm = nullptr;
  CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &digest_algorithm, nullptr);
  const EVP_MD* md = digest_algorithm ? EVP_get_digestbyobj(digest_algorithm->algorithm) : nullptr;
  auto* claimed = static_cast<ASN1_OCTET_STRING*>(CMS_signed_get0_data_by_OBJ(
      si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING));
  check.digest_ok = md && claimed && digest(md, signed_bytes) == octets(claimed);
  if (!check.digest_ok)
    check.problems.push_back(
        "the signed bytes were changed (their digest does not match the signature)");

  CMS_SignerInfo_set1_signer_cert(si, signer);
  check.signature_ok = CMS_SignerInfo_verify(si) == 1;
  // CMS_CADES would make CMS_verify demand a trusted chain, so the ESS attribute is checked here.
  if (!signing_certificate_matches(si, signer))
    check.problems.push_back("the signing-certificate attribute does not name the signer");
  unsigned flags = CMS_BINARY;
  if (check.signature_ok && check.digest_ok) {
    // The whole CMS check: digest, signature, and that the ESS attribute names this signer.
    bio_ptr content = content_bio(signed_bytes);
    check.signature_ok = CMS_verify(cms.get(), nullptr, nullptr, content.get(), nullptr,
                                    flags | CMS_NO_SIGNER_CERT_VERIFY) == 1;
  }
  if (!check.signature_ok)
    check.problems.push_back("the signature does not verify with the signer's certificate" +
                             (ERR_peek_error() ? " (" + openssl_errors() + ")" : std::string()));
  ERR_clear_error();

  if (store && check.signature_ok && check.digest_ok) {
    bio_ptr content = content_bio(signed_bytes);
    if (CMS_verify(cms.get(), nullptr, store, content.get(), nullptr, flags) == 1) {
      check.chain = chain_status::verified;
    } else {
      check.chain = chain_status::failed;
      check.chain_error = openssl_errors();
      check.problems.push_back("the certificate is not trusted: " + check.chain_error);
    }
  }

  if (auto stamp = check_signature_timestamp(si)) {
    check.timestamp = stamp->time;
    if (!stamp->imprint_ok || !stamp->signature_ok)
      check.problems.push_back("the signature's timestamp does not match or does not verify");
  }
}

void check_document_timestamp(std::string_view der, std::string_view signed_bytes,
                              signature_check& check) {
  auto stamp = check_timestamp_token(der, signed_bytes);
  if (!stamp) {
    check.problems.push_back("the document timestamp is not a timestamp token");
    return;
  }
  check.timestamp = stamp->time;
  check.digest_ok = stamp->imprint_ok;
  check.signature_ok = stamp->signature_ok;
  auto data = reinterpret_cast<const unsigned char*>(der.data());
  cms_ptr cms(d2i_CMS_ContentInfo(nullptr, &data, static_cast<long>(der.size())));
  if (cms) {
    x509_stack_ptr certs(CMS_get1_certs(cms.get()));
    STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms.get());
    for (int i = 0; certs && infos && i < sk_X509_num(certs.get()); ++i) {
      if (CMS_SignerInfo_cert_cmp(sk_CMS_SignerInfo_value(infos, 0),
                                  sk_X509_value(certs.get(), i)) == 0) {
        check.signer = common_name(sk_X509_value(certs.get(), i));
        check.signer_subject = subject_line(sk_X509_value(certs.get(), i));
      }
    }
  }
  if (!check.digest_ok)
    check.problems.push_back("the signed bytes were changed (the timestamp's imprint differs)");
  if (!check.signature_ok) check.problems.push_back("the document timestamp does not verify");
  ERR_clear_error();
}

}  // namespace

std::vector<signature_check> verify_pdf(std::string_view pdf, const std::string& pdf_name,
                                        const verify_options& options) {
  pdf_file file(pdf, pdf_name);
  x509_store_ptr store;
  if (!options.trusted_files.empty()) store = trusted_store(options);
  std::map<pdf_ref, std::string> names = field_names(file);

  std::vector<signature_check> results;
  for (const found_signature& sig : find_signatures(file)) {
    signature_check check;
    check.number = static_cast<int>(results.size()) + 1;
    auto name = names.find(sig.ref);
    check.field_name = name != names.end() ? name->second : "";
    if (!sig.damage.empty()) {
      check.problems.push_back("the signature dictionary cannot be read: " + sig.damage);
      results.push_back(std::move(check));
      continue;
    }
    if (const pdf_object* sub = sig.dict.find("SubFilter"); sub && sub->name())
      check.sub_filter = *sub->name();
    check.signing_time = readable_pdf_date(text_entry(sig.dict, "M"));

    // /ByteRange must be [0 a b c] with the gap exactly the /Contents string and nothing
    // but that left out.
    const pdf_string& contents = *sig.dict.find("Contents")->string();
    std::vector<std::int64_t> range;
    if (const pdf_object* br = sig.dict.find("ByteRange"); br->array())
      for (const pdf_object& item : br->array()->items)
        range.push_back(item.integer().value_or(-1));
    bool shape_ok = range.size() == 4 && range[0] == 0 && range[1] > 0 && range[2] > range[1] &&
                    range[3] >= 0 && static_cast<std::uint64_t>(range[2] + range[3]) <= pdf.size();
    check.byte_range_ok = shape_ok && !sig.in_object_stream &&
                          contents.begin == static_cast<std::size_t>(range[1]) &&
                          contents.end == static_cast<std::size_t>(range[2]);
    if (!check.byte_range_ok) {
      check.problems.push_back("/ByteRange does not cover exactly the file without /Contents");
      if (!shape_ok) {
        results.push_back(std::move(check));
        continue;
      }
    }
    auto gap_begin = static_cast<std::size_t>(range[1]);
    auto gap_end = static_cast<std::size_t>(range[2]);
    auto covered_end = static_cast<std::size_t>(range[2] + range[3]);
    std::string signed_bytes(pdf.substr(0, gap_begin));
    signed_bytes.append(pdf.substr(gap_end, covered_end - gap_end));
    check.covers_whole_file = covered_end == pdf.size();

    if (check.sub_filter == "ETSI.CAdES.detached" || check.sub_filter == "adbe.pkcs7.detached") {
      check_cms(contents.bytes, signed_bytes, store.get(), check);
    } else if (check.sub_filter == "ETSI.RFC3161") {
      check_document_timestamp(contents.bytes, signed_bytes, check);
    } else {
      check.problems.push_back(fmt::format("unsupported /SubFilter '{}'", check.sub_filter));
    }

    change_verdict verdict = changes_after(file, covered_end);
    check.after = verdict.kind;
    check.change_detail = verdict.detail;
    if (verdict.kind == later_changes::other)
      check.problems.push_back("the document was changed after this signature (" + verdict.detail +
                               ")");
    results.push_back(std::move(check));
  }
  return results;
}

}  // namespace rapport
