// render/haru: the XMP metadata packet of a PDF/A-1b file: its identification (pdfaid) and
// the document information, property by property as PDF/A maps each /Info entry.
#include <string>
#include <string_view>

#include "render/backend_support.hpp"
#include "render/haru/haru_detail.hpp"

namespace rapport::render::detail {
namespace {

// XML character data: markup characters escaped, and the control characters XML 1.0 cannot
// hold at all (every C0 control but tab, line feed and carriage return) left out.
std::string xml_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
          out += c;
        }
    }
  }
  return out;
}

// One rdf:Description per schema, as XMP writers conventionally group them.
class description {
public:
  description(std::string prefix, std::string uri)
      : prefix_(std::move(prefix)), uri_(std::move(uri)) {}

  void simple(std::string_view name, std::string_view value) {
    if (value.empty()) return;
    body_ += "   <" + prefix_ + ":" + std::string(name) + ">" + xml_text(value) + "</" + prefix_ +
             ":" + std::string(name) + ">\n";
  }

  // A language alternative (dc:title, dc:description) with only the default language.
  void alternative(std::string_view name, std::string_view value) {
    container(name, "Alt", "<rdf:li xml:lang=\"x-default\">", value);
  }

  // An ordered (Seq) or unordered (Bag) array of one item.
  void array(std::string_view name, std::string_view kind, std::string_view value) {
    container(name, kind, "<rdf:li>", value);
  }

  std::string str() const {
    if (body_.empty()) return "";
    return "  <rdf:Description rdf:about=\"\" xmlns:" + prefix_ + "=\"" + uri_ + "\">\n" + body_ +
           "  </rdf:Description>\n";
  }

private:
  void container(std::string_view name, std::string_view kind, std::string_view item,
                 std::string_view value) {
    if (value.empty()) return;
    const std::string element = prefix_ + ":" + std::string(name);
    body_ += "   <" + element + "><rdf:" + std::string(kind) + ">" + std::string(item) +
             xml_text(value) + "</rdf:li></rdf:" + std::string(kind) + "></" + element + ">\n";
  }

  std::string prefix_;
  std::string uri_;
  std::string body_;
};

}  // namespace

std::string xmp_packet(const xmp_fields& fields) {
  description pdfaid("pdfaid", "http://www.aiim.org/pdfa/ns/id/");
  pdfaid.simple("part", "1");
  pdfaid.simple("conformance", "B");

  // /Title, /Author and /Subject live in Dublin Core.
  description dc("dc", "http://purl.org/dc/elements/1.1/");
  dc.simple("format", "application/pdf");
  dc.alternative("title", fields.title);
  dc.array("creator", "Seq", fields.author);
  dc.alternative("description", fields.subject);
  dc.array("language", "Bag", fields.language);

  description pdf("pdf", "http://ns.adobe.com/pdf/1.3/");
  pdf.simple("Producer", fields.producer);
  pdf.simple("Keywords", fields.keywords);

  // The dates are /CreationDate and /ModDate; the metadata was written at the same moment.
  description xmp("xmp", "http://ns.adobe.com/xap/1.0/");
  xmp.simple("CreatorTool", fields.creator);
  if (fields.created != 0) {
    const std::string date = iso8601_utc(fields.created);
    xmp.simple("CreateDate", date);
    xmp.simple("ModifyDate", date);
    xmp.simple("MetadataDate", date);
  }

  // PDF/A-1 forbids the header's bytes and encoding attributes; the packet is UTF-8, which
  // the byte order mark in `begin` says.
  return "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
         "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
         " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n" +
         pdfaid.str() + dc.str() + pdf.str() + xmp.str() +
         " </rdf:RDF>\n"
         "</x:xmpmeta>\n"
         "<?xpacket end=\"w\"?>";
}

}  // namespace rapport::render::detail
