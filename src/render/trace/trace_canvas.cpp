// render/trace: writes one text line per drawing operation, the golden format of layout tests.
#include "render/trace/trace_canvas.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include "render/backend_support.hpp"

namespace rapport::render {
namespace {

// Scaled points as points with exactly two decimals, rounded half away from zero in integer
// arithmetic: no floating point and no locale can change a golden file.
std::string pt(scaled sp) {
  const bool negative = sp < 0;
  const std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(sp) : sp;
  const std::uint64_t hundredths = (magnitude * 100 + sp_per_pt / 2) / sp_per_pt;
  if (hundredths == 0) return "0.00";  // never "-0.00"
  return fmt::format("{}{}.{:02}", negative ? "-" : "", hundredths / 100, hundredths % 100);
}

std::string at(point p) {
  return pt(p.x) + "," + pt(p.y);
}

std::string area(const rect& r) {
  return at({r.x, r.y}) + " " + pt(r.width) + "x" + pt(r.height);
}

std::string hex(colour c) {
  return fmt::format("#{:02x}{:02x}{:02x}", c.r, c.g, c.b);
}

// A double-quoted string with quotes, backslashes and control characters escaped, so that
// every operation stays on one line whatever the text holds. UTF-8 passes through.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

class trace_canvas : public canvas {
public:
  trace_canvas(std::string& out, const page::paged_document& doc) : out_(out), doc_(doc) {}

  void begin_page(const page::page& p) override {
    // The document's own page number, not the position in a selection, so a golden of pages
    // 3-5 reads the same as those lines of the full trace.
    const auto number = static_cast<int>(&p - doc_.pages.data()) + 1;
    out_ += fmt::format("page {} {}x{}", number, pt(p.width), pt(p.height));
    if (!p.label.empty() && p.label != std::to_string(number)) {
      out_ += " label=" + quoted(p.label);
    }
    out_ += '\n';
  }

  void draw_glyphs(const page::glyph_run& run) override {
    out_ += fmt::format("text font={} size={} at {} w={} {}", run.font, pt(run.size),
                        at(run.origin), pt(run.width), quoted(run.text));
    if (run.fill != black) out_ += " " + hex(run.fill);
    out_ += '\n';
  }

  void draw_rule(const page::rule& r) override {
    out_ += fmt::format("rule {} -> {} w={} {}\n", at(r.from), at(r.to), pt(r.thickness),
                        hex(r.stroke));
  }

  void fill_rect(const page::filled_rect& r) override {
    out_ += fmt::format("rect {} {}\n", area(r.area), hex(r.fill));
  }

  void draw_path(const page::path& p) override {
    out_ += "path";
    out_ += p.filled ? " fill=" + hex(p.fill) : std::string(" fill=none");
    out_ += p.stroked ? " stroke=" + hex(p.stroke) + " w=" + pt(p.thickness)
                      : std::string(" stroke=none");
    for (const auto& [op, where] : p.commands) {
      switch (op) {
        case page::path::op::move:
          out_ += " M " + at(where);
          break;
        case page::path::op::line:
          out_ += " L " + at(where);
          break;
        case page::path::op::close:
          out_ += " Z";
          break;
      }
    }
    out_ += '\n';
  }

  void add_link(const page::link& l) override {
    out_ += "link " + area(l.area);
    if (l.target_page >= 0) {
      out_ += fmt::format(" dest=page {} y={}", l.target_page + 1, pt(l.target_y));
    } else {
      out_ += " uri=" + quoted(l.uri);
    }
    out_ += '\n';
  }

  void draw_image(const page::image_item& i) override {
    // Kind, intrinsic pixel size and content id: enough to see that a logo is one image.
    if (!i.source) return;
    out_ += fmt::format("image {} {} {}x{} id={} {}\n", to_string(i.source->kind), area(i.area),
                        i.source->width_px, i.source->height_px, i.source->id.substr(0, 12),
                        quoted(i.source->name));
  }

  void draw_debug_box(const page::debug_box& b) override {
    out_ += fmt::format("box {} {}\n", quoted(b.kind), area(b.area));
  }

  void end_page() override {}

private:
  std::string& out_;
  const page::paged_document& doc_;
};

void trace_info(std::string& out, const page::document_info& info) {
  const std::pair<const char*, const std::string*> fields[] = {
      {"title", &info.title},       {"author", &info.author},   {"subject", &info.subject},
      {"keywords", &info.keywords}, {"creator", &info.creator}, {"language", &info.language}};
  for (const auto& [name, value] : fields) {
    if (!value->empty()) out += fmt::format("info {} {}\n", name, quoted(*value));
  }
  if (info.created != 0) out += "info created " + detail::iso8601_utc(info.created) + "\n";
}

}  // namespace

std::string render_trace(const page::paged_document& doc, const render_options& options) {
  std::string out;
  trace_info(out, doc.info);
  for (std::size_t i = 0; i < doc.fonts.size(); ++i) {
    const auto& f = doc.fonts[i];
    // Only the file name: goldens must not depend on where the fonts folder is.
    const auto slash = f.path.find_last_of('/');
    out += fmt::format("font {} {}", i,
                       quoted(slash == std::string::npos ? f.path : f.path.substr(slash + 1)));
    if (f.face_index != 0) out += fmt::format(" index={}", f.face_index);
    out += '\n';
  }
  trace_canvas target(out, doc);
  draw(doc, target, options);
  for (const auto& entry : doc.outline) {
    out += fmt::format("outline {} {} -> page {} y={}\n", entry.level, quoted(entry.title),
                       entry.page + 1, pt(entry.y));
  }
  return out;
}

}  // namespace rapport::render
