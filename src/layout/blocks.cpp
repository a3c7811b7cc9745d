// Building the flow: cover, headings, paragraphs, lists, the TOC and footnotes as boxes.
#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "layout/engine.hpp"

namespace rapport::layout_detail {

namespace {

class flow_builder {
public:
  flow_builder(const typesetter& ts, const model::document& doc, const page_frame& frame, const toc_state& toc)
      : ts_(ts), doc_(doc), frame_(frame), toc_(toc) {}

  flow build() {
    if (doc_.front) {
      add_cover_logo(doc_, frame_, out_);
      for (const auto& line : doc_.front->lines) paragraph(line.text, doc_.style.style(line.style));
      out_.items.push_back({flow_item::kind::page_break});
    }
    for (const auto& block : doc_.blocks) std::visit([&](const auto& b) { add(b); }, block);
    for (const auto& note : doc_.footnotes) footnote(note);
    return std::move(out_);
  }

  /// Only the tables of contents, each with its range in the returned flow.
  flow tocs() {
    for (const auto& block : doc_.blocks)
      if (const auto* t = std::get_if<model::toc>(&block)) add(*t);
    return std::move(out_);
  }

private:
  void space(double points) {
    if (points <= 0) return;
    flow_item item{flow_item::kind::space};
    item.space = from_pt(points);
    item.keep_with_next = !out_.items.empty() && out_.items.back().keep_with_next;
    out_.items.push_back(std::move(item));
  }

  // Lines of a paragraph, with page breaks forbidden where they would leave widows or orphans.
  void lines(std::vector<line_box> ls, scaled indent, bool keep_last, std::vector<std::string> anchors = {}) {
    int n = static_cast<int>(ls.size());
    int orphans = std::max(1, doc_.style.orphans);
    int widows = std::max(1, doc_.style.widows);
    for (int i = 0; i < n; ++i) {
      flow_item item;
      item.box = std::move(ls[i].box);
      if (indent != 0) {
        block_box moved;
        moved.height = item.box.height;
        place_items(std::move(item.box), indent, 0, moved.items);
        moved.footnotes = item.box.footnotes;
        item.box = std::move(moved);
      }
      if (i == 0) item.box.anchors = anchors;
      bool last = i + 1 == n;
      item.keep_with_next = last ? keep_last : !(i + 1 >= orphans && n - i - 1 >= widows);
      out_.items.push_back(std::move(item));
    }
  }

  void paragraph(const model::inline_text& text, const model::text_style& style) {
    space(style.space_before);
    scaled indent = from_pt(style.left_indent);
    std::vector<line_box> ls = lay_out_text(ts_, text, style, frame_.text_width - indent, from_pt(style.first_indent));
    tag_lines(out_, ls, add_element(out_, page::role::paragraph));
    lines(std::move(ls), indent, style.keep_with_next);
    space(style.space_after);
  }

  void add(const model::paragraph& p) { paragraph(p.text, doc_.style.style(p.style)); }

  void add(const model::heading& h) {
    if (h.page_break_before) out_.items.push_back({flow_item::kind::page_break});
    std::string name = fmt::format("h{}", std::clamp(h.level, 1, 6));
    const model::text_style& style = doc_.style.style(name);
    model::inline_text title = h.title;
    std::string number = h.number;
    if (h.appendix) number += doc_.style.numbering.appendix_separator;
    else if (!number.empty()) number += doc_.style.numbering.separator;
    if (!number.empty()) title.insert(title.begin(), model::span{number});
    space(style.space_before);
    std::size_t first = out_.items.size();
    scaled indent = from_pt(style.left_indent);
    std::vector<line_box> ls = lay_out_text(ts_, title, style, frame_.text_width - indent);
    const int level_role = static_cast<int>(page::role::heading_1) + std::clamp(h.level, 1, 6) - 1;
    tag_lines(out_, ls, add_element(out_, static_cast<page::role>(level_role)));
    lines(std::move(ls), indent, true, {h.id});
    out_.items[first].heading = true;
    out_.items[first].heading_level = h.level;
    out_.items[first].heading_text = model::plain_text(title);
    space(style.space_after);
  }

  // A list is L, each item LI with the label (Lbl) and the text (LBody); a nested list goes
  // inside the body of the item it belongs to.
  void add(const model::list& l, int depth = 0, int parent = -1) {
    const model::text_style& style = doc_.style.style("list");
    scaled indent = from_pt(style.left_indent) + from_pt(18) * (depth + 1);
    scaled label_gap = from_pt(18);
    space(depth == 0 ? style.space_before : 0);
    const int list_element = add_element(out_, page::role::list, parent);
    for (const auto& item : l.items) {
      const int item_element = add_element(out_, page::role::list_item, list_element);
      const int label_element = add_element(out_, page::role::label, item_element);
      const int body_element = add_element(out_, page::role::list_body, item_element);
      std::vector<line_box> ls = lay_out_text(ts_, item.text, style, frame_.text_width - indent);
      tag_lines(out_, ls, body_element);
      if (!ls.empty()) {
        // The label hangs in the indent, on the first line's baseline.
        scaled baseline = 0;
        for (const auto& it : ls.front().box.items)
          if (auto* run = std::get_if<page::glyph_run>(&it)) baseline = run->origin.y;
        page::glyph_run label = single_run(ts_, item.label, style, {-label_gap, baseline});
        label.element = label_element;
        ls.front().box.items.push_back(std::move(label));
      }
      lines(std::move(ls), indent, false);
      space(style.space_after);
      for (const auto& child : item.children) add(child, depth + 1, body_element);
    }
  }

  void add(const model::toc& t) {
    std::size_t first = out_.items.size();
    const int first_element = static_cast<int>(out_.structure.size());
    const model::text_style& title_style = doc_.style.style("toc-title");
    paragraph({model::span{t.title}}, title_style);
    // TOC, and for each entry a TOCI holding one Link: title, page number and annotations.
    const int toc_element = add_element(out_, page::role::toc);
    scaled number_width = from_pt(28);
    for (const auto& block : doc_.blocks) {
      const auto* h = std::get_if<model::heading>(&block);
      if (!h || !h->in_toc || h->level > t.depth) continue;
      const model::text_style& style = doc_.style.style(fmt::format("toc-{}", std::clamp(h->level, 1, 4)));
      model::inline_text entry = h->title;
      std::string number = h->number;
      if (h->appendix) number += doc_.style.numbering.appendix_separator;
      else if (!number.empty()) number += doc_.style.numbering.separator;
      if (!number.empty()) entry.insert(entry.begin(), model::span{number});
      for (auto& s : entry) s.link = "#" + h->id;
      scaled indent = from_pt(style.left_indent);
      scaled width = frame_.text_width - indent - number_width;
      std::vector<line_box> ls = lay_out_text(ts_, entry, style, width);
      if (ls.empty()) continue;
      const int link_element = add_element(out_, page::role::link, add_element(out_, page::role::toc_item, toc_element));
      tag_lines(out_, ls, link_element);
      std::string page_number = "0";
      if (toc_.places)
        for (const auto& place : *toc_.places)
          if (place.id == h->id) page_number = std::to_string(place.page + 1);
      line_box& last = ls.back();
      scaled baseline = 0;
      for (const auto& it : last.box.items)
        if (auto* run = std::get_if<page::glyph_run>(&it)) baseline = run->origin.y;
      page::glyph_run number_run = single_run(ts_, page_number, style, {0, baseline});
      number_run.origin.x = frame_.text_width - indent - number_run.width;
      number_run.element = link_element;
      // Dot leaders from the end of the title to the page number, on a fixed grid so that
      // the dots of all entries line up.
      // The leader's step is one dot and one space (a trailing space has no width on its own).
      const std::string& leader = doc_.style.toc_leader;
      scaled step = single_run(ts_, leader + " " + leader, style, {0, 0}).width -
                    single_run(ts_, leader, style, {0, 0}).width;
      if (step > 0) {
        std::string dots;
        scaled x = (last.width / step + 1) * step;
        scaled start = x;
        while (x + step <= number_run.origin.x - from_pt(2)) dots += dots.empty() ? leader : " " + leader, x += step;
        if (!dots.empty()) last.box.items.push_back(single_run(ts_, dots, style, {start, baseline}));
      }
      last.box.items.push_back(number_run);
      // The whole entry, page number included, links to the heading.
      page::link link;
      link.area = {0, 0, frame_.text_width - indent, last.box.height};
      link.uri = "#" + h->id;
      link.element = link_element;
      last.box.items.push_back(link);
      space(style.space_before);
      lines(std::move(ls), indent, false);
      space(style.space_after);
    }
    // The contents stand on their own page(s), as in every report of this kind.
    out_.items.push_back({flow_item::kind::page_break});
    out_.toc_ranges.emplace_back(first, out_.items.size());
    out_.toc_elements.emplace_back(first_element, static_cast<int>(out_.structure.size()));
  }

  void add(const model::table& t) { add_table(ts_, doc_, t, frame_, out_); }

  void add(const model::page_break&) { out_.items.push_back({flow_item::kind::page_break}); }
  void add(const model::chart& c) { add_chart(ts_, doc_, c, frame_, out_); }
  void add(const model::chart_row& r) { add_chart_row(ts_, doc_, r, frame_, out_); }
  void add(const model::image& i) { add_image(ts_, doc_, i, frame_, out_); }

  void footnote(const model::footnote& note) {
    const model::text_style& style = doc_.style.style("footnote");
    model::inline_text text = note.text;
    model::span mark;
    mark.text = std::to_string(note.number);
    mark.superscript = true;
    text.insert(text.begin(), model::span{" "});
    text.insert(text.begin(), mark);
    block_box box;
    // The note goes inside the element that refers to it, so a reader meets it there.
    const auto parent = out_.footnote_parents.find(note.number);
    std::vector<line_box> ls = lay_out_text(ts_, text, style, frame_.text_width);
    tag_lines(out_, ls, add_element(out_, page::role::note, parent == out_.footnote_parents.end() ? -1 : parent->second));
    for (auto& line : ls) {
      place_items(std::move(line.box), 0, box.height, box.items);
      box.height += line.box.height;
    }
    out_.footnotes[note.number] = std::move(box);
  }

  const typesetter& ts_;
  const model::document& doc_;
  const page_frame& frame_;
  const toc_state& toc_;
  flow out_;
};

}  // namespace

page_frame portrait_frame(const model::house_style& style) {
  const auto& p = style.page;
  page_frame f;
  f.width = from_pt(p.width);
  f.height = from_pt(p.height);
  f.left = from_pt(p.margin_left);
  f.top = from_pt(p.margin_top);
  f.text_width = f.width - f.left - from_pt(p.margin_right);
  f.text_height = f.height - f.top - from_pt(p.margin_bottom);
  return f;
}

page_frame landscape_frame(const model::house_style& style) {
  model::house_style turned = style;
  // A layout that is landscape already keeps its pages.
  if (turned.page.width < turned.page.height) std::swap(turned.page.width, turned.page.height);
  return portrait_frame(turned);
}

namespace {

// The contents laid out again on their own number their elements from 0: give them the
// numbers the first pass gave the same contents. The entries are the same headings in every
// pass, so the counts agree; if they did not, the new contents would be read as artifacts.
void renumber_toc_elements(flow& content, flow& fresh, std::size_t k, std::size_t first, std::size_t last) {
  if (k >= content.toc_elements.size() || k >= fresh.toc_elements.size()) return;
  const auto [old_first, old_last] = content.toc_elements[k];
  const auto [new_first, new_last] = fresh.toc_elements[k];
  const bool same = old_last - old_first == new_last - new_first;
  const int shift = old_first - new_first;
  for (std::size_t i = first; i < last; ++i) {
    block_box& box = fresh.items[i].box;
    if (!same) {
      untag(box);
      continue;
    }
    for (auto& item : box.items)
      std::visit(
          [shift](auto& it) {
            if constexpr (requires { it.element; })
              if (it.element >= 0) it.element += shift;
          },
          item);
  }
  if (!same) return;
  for (int e = new_first; e < new_last; ++e) {
    page::structure_element element = fresh.structure[e];
    if (element.parent >= new_first) element.parent += shift;
    content.structure[e + shift] = std::move(element);
  }
}

}  // namespace

flow build_flow(const typesetter& ts, const model::document& doc, const page_frame& frame, const toc_state& toc) {
  return flow_builder(ts, doc, frame, toc).build();
}

void rebuild_tocs(const typesetter& ts, const model::document& doc, const page_frame& frame,
                  const toc_state& toc, flow& content) {
  flow fresh = flow_builder(ts, doc, frame, toc).tocs();
  std::vector<flow_item> items;
  items.reserve(content.items.size() + fresh.items.size());
  std::size_t done = 0;
  for (std::size_t k = 0; k < content.toc_ranges.size() && k < fresh.toc_ranges.size(); ++k) {
    auto [first, last] = content.toc_ranges[k];
    auto [fresh_first, fresh_last] = fresh.toc_ranges[k];
    std::move(content.items.begin() + done, content.items.begin() + first,
              std::back_inserter(items));
    std::size_t start = items.size();
    renumber_toc_elements(content, fresh, k, fresh_first, fresh_last);
    std::move(fresh.items.begin() + fresh_first, fresh.items.begin() + fresh_last,
              std::back_inserter(items));
    // A leading space keeps with what precedes it, which the TOC-only flow did not have.
    if (start < items.size() && items[start].type == flow_item::kind::space)
      items[start].keep_with_next = start > 0 && items[start - 1].keep_with_next;
    content.toc_ranges[k] = {start, items.size()};
    done = last;
  }
  std::move(content.items.begin() + done, content.items.end(), std::back_inserter(items));
  content.items = std::move(items);
}

}  // namespace rapport::layout_detail
