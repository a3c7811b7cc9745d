// render/haru: what makes a libharu document PDF/A-1b, built with libharu's object API rather
// than its PDF/A helpers (whose XMP and /ID fall short): PDF 1.4, an sRGB OutputIntent, XMP
// metadata mirroring /Info, and a document /ID that is a hash of the file's content.
#include <fmt/format.h>
#include <hpdf_encrypt.h>

#include <array>
#include <memory>
#include <stdexcept>
#include <string>

#include "base/files.hpp"
#include "render/haru/haru_detail.hpp"

namespace rapport::render::detail {
namespace {

// The profile shipped in the repository (resources/icc/LICENSE says where it comes from).
constexpr const char* icc_path = "resources/icc/sRGB.icc";
constexpr const char* icc_condition = "sRGB IEC61966-2.1";

// libharu writes a 16-byte binary string as 32 hex digits; make_pdfa puts two of these zero
// strings in the trailer and stamp_document_id overwrites them in place, so that no byte
// offset in the file moves.
constexpr std::size_t id_bytes = 16;
const std::string id_placeholder = "<" + std::string(2 * id_bytes, '0') + ">";

std::uint32_t big_endian_u32(const std::string& data, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(data[at + i]);
  return value;
}

// PDF/A-1 (PDF 1.4) can only hold ICC profiles of version 2, and an RGB OutputIntent needs an
// RGB profile: check the header of the file we were given before embedding it.
void check_icc_profile(const std::string& icc, const std::string& path) {
  auto fail = [&](std::string_view why) {
    throw std::runtime_error(
        fmt::format("'{}' is not a usable PDF/A-1 output profile: {}", path, why));
  };
  if (icc.size() < 128 || icc.compare(36, 4, "acsp") != 0) fail("it is not an ICC profile");
  if (big_endian_u32(icc, 0) != icc.size()) fail("its size field does not match the file");
  if (static_cast<unsigned char>(icc[8]) != 2) fail("it is not of ICC version 2");
  if (icc.compare(16, 4, "RGB ") != 0) fail("its colour space is not RGB");
}

// A direct object (an array or dictionary outside the xref) belongs to nobody until it is
// added to a container; these hold it until then, so an exception in between frees it.
struct array_deleter {
  void operator()(HPDF_Array array) const { HPDF_Array_Free(array); }
};
struct dict_deleter {
  void operator()(HPDF_Dict dict) const { HPDF_Dict_Free(dict); }
};
using owned_array = std::unique_ptr<HPDF_Array_Rec, array_deleter>;
using owned_dict = std::unique_ptr<HPDF_Dict_Rec, dict_deleter>;

owned_dict output_intent(haru_document& pdf) {
  const std::filesystem::path path = data_dir() / icc_path;
  const std::string icc = read_file(path);
  check_icc_profile(icc, path.string());

  const HPDF_Doc doc = pdf.get();
  const HPDF_Dict profile = HPDF_DictStream_New(pdf.mmgr(), doc->xref);
  pdf.check("making the output profile");
  HPDF_Dict_AddNumber(profile, "N", 3);  // three components: RGB
  profile->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
  HPDF_Stream_Write(profile->stream, reinterpret_cast<const HPDF_BYTE*>(icc.data()),
                    static_cast<HPDF_UINT>(icc.size()));

  owned_dict owned(HPDF_Dict_New(pdf.mmgr()));
  pdf.check("making the output intent");
  const HPDF_Dict intent = owned.get();
  HPDF_Dict_AddName(intent, "Type", "OutputIntent");
  HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
  HPDF_Dict_Add(intent, "OutputConditionIdentifier",
                HPDF_String_New(pdf.mmgr(), icc_condition, nullptr));
  HPDF_Dict_Add(intent, "RegistryName",
                HPDF_String_New(pdf.mmgr(), "http://www.color.org", nullptr));
  HPDF_Dict_Add(intent, "Info", HPDF_String_New(pdf.mmgr(), icc_condition, nullptr));
  HPDF_Dict_Add(intent, "DestOutputProfile", profile);
  pdf.check("making the output intent");
  return owned;
}

// The XMP fields are read back from what /Info holds where libharu filled it in itself
// (/Producer), so the two always agree.
xmp_fields metadata_fields(haru_document& pdf, const page::document_info& info) {
  xmp_fields fields{info.title,    info.author,  info.subject, info.keywords,
                    info.creator,  {},           info.language, info.created};
  if (const char* producer = HPDF_GetInfoAttr(pdf.get(), HPDF_INFO_PRODUCER)) {
    fields.producer = producer;
  }
  return fields;
}

}  // namespace

void make_pdfa(haru_document& pdf, const page::document_info& info) {
  const HPDF_Doc doc = pdf.get();
  // PDF/A-1 is built on PDF 1.4: OutputIntents and metadata streams are features of 1.4.
  doc->pdf_version = HPDF_VER_14;

  owned_array intents(HPDF_Array_New(pdf.mmgr()));
  pdf.check("making the output intents");
  // The Add calls take ownership (and free the object themselves if they fail).
  HPDF_Array_Add(intents.get(), output_intent(pdf).release());
  HPDF_Dict_Add(doc->catalog, "OutputIntents", intents.release());
  pdf.check("adding the output intent");

  // /Metadata: PDF/A-1 requires the stream uncompressed, so that tools that do not know PDF
  // can still find the packet in the file.
  const std::string xmp = xmp_packet(metadata_fields(pdf, info));
  const HPDF_Dict metadata = HPDF_DictStream_New(pdf.mmgr(), doc->xref);
  pdf.check("making the metadata stream");
  HPDF_Dict_AddName(metadata, "Type", "Metadata");
  HPDF_Dict_AddName(metadata, "Subtype", "XML");
  metadata->filter = HPDF_STREAM_FILTER_NONE;
  HPDF_Stream_Write(metadata->stream, reinterpret_cast<const HPDF_BYTE*>(xmp.data()),
                    static_cast<HPDF_UINT>(xmp.size()));
  HPDF_Dict_Add(doc->catalog, "Metadata", metadata);
  if (!info.language.empty()) {
    HPDF_Dict_Add(doc->catalog, "Lang", HPDF_String_New(pdf.mmgr(), info.language.c_str(), nullptr));
  }
  pdf.check("adding the metadata");

  // /ID [<first> <second>]: zeros for now; stamp_document_id hashes the written file.
  const std::array<HPDF_BYTE, id_bytes> zeros{};
  const HPDF_Array id = HPDF_Array_New(pdf.mmgr());
  HPDF_Array_Add(id, HPDF_Binary_New(pdf.mmgr(), const_cast<HPDF_BYTE*>(zeros.data()), id_bytes));
  HPDF_Array_Add(id, HPDF_Binary_New(pdf.mmgr(), const_cast<HPDF_BYTE*>(zeros.data()), id_bytes));
  HPDF_Dict_Add(doc->trailer, "ID", id);
  pdf.check("adding the document ID");
}

void stamp_document_id(std::string& pdf) {
  const std::size_t trailer = pdf.rfind("trailer");
  const std::string pair = "/ID [ " + id_placeholder + " " + id_placeholder + " ]";
  const std::size_t at = trailer == std::string::npos ? trailer : pdf.find(pair, trailer);
  if (at == std::string::npos) {
    throw std::runtime_error("the written PDF has no placeholder document ID in its trailer");
  }

  HPDF_MD5_CTX context;
  HPDF_MD5Init(&context);
  HPDF_MD5Update(&context, reinterpret_cast<const HPDF_BYTE*>(pdf.data()),
                 static_cast<HPDF_UINT32>(pdf.size()));
  std::array<HPDF_BYTE, id_bytes> digest{};
  HPDF_MD5Final(digest.data(), &context);

  std::string hex;
  for (const HPDF_BYTE b : digest) hex += fmt::format("{:02X}", b);
  // A new file's two identifiers are the same: the second changes only on update.
  const std::string stamped = "/ID [ <" + hex + "> <" + hex + "> ]";
  pdf.replace(at, stamped.size(), stamped);
}

}  // namespace rapport::render::detail
