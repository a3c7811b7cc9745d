// Pagination: the flow into pages, honouring keeps, widows/orphans, footnotes and table headers.
#include <algorithm>

#include "layout/engine.hpp"

namespace rapport::layout_detail {

namespace {

constexpr double footnote_gap_pt = 8;

}  // namespace

struct page_plan::placed {
  std::size_t index;
  scaled y;
  bool repeated_header = false;
  int header_table = -1;
};

namespace {

using placed = page_plan::placed;

class paginator {
public:
  paginator(const model::document& doc, flow& content, std::vector<heading_place>& places)
      : doc_(doc), flow_(content), places_(places), frame_(portrait_frame(doc.style)) {}

  std::vector<page_plan> run() {
    split_tall_items();
    mark_landscape_lead_ins();
    std::size_t i = 0;
    const auto& items = flow_.items;
    while (i < items.size()) {
      const flow_item& item = items[i];
      if (item.type == flow_item::kind::page_break) {
        if (has_boxes()) close_page();
        ++i;
        continue;
      }
      if (item.type == flow_item::kind::space) {
        if (has_boxes()) y_ += item.space;  // discarded at the top of a page
        ++i;
        continue;
      }
      if (item.landscape != landscape_) turn(item.landscape);
      if (!has_boxes()) repeat_table_header(i);
      scaled needed = y_ + item.box.height;
      scaled notes = footnote_height(item.box.footnotes);
      if (needed + notes <= frame_.text_height || !has_boxes()) {
        place(i);
        ++i;
        continue;
      }
      // Overflow: break at the last place on this page where no keep forbids it.
      std::size_t restart = break_point(i);
      if (restart <= first_real()) {
        // Nothing on this page may be separated: let the page run over rather than loop.
        place(i);
        ++i;
        continue;
      }
      while (!current_.empty() && !current_.back().repeated_header && current_.back().index >= restart) unplace();
      close_page();
      i = restart;
    }
    if (has_boxes() || plans_.empty()) close_page();
    return std::move(plans_);
  }

private:
  bool has_boxes() const { return !current_.empty(); }

  // What must stay with a landscape table (its heading, kept with the next block) is turned
  // with it, so a heading is never left alone on the portrait page before.
  void mark_landscape_lead_ins() {
    auto& items = flow_.items;
    for (std::size_t i = 1; i < items.size(); ++i) {
      if (!items[i].landscape || items[i - 1].landscape) continue;
      for (std::size_t j = i; j > 0 && items[j - 1].keep_with_next && items[j - 1].type != flow_item::kind::page_break;
           --j)
        items[j - 1].landscape = true;
    }
  }

  // Rows never split across pages, unless one is taller than a page: that one is cut between
  // its lines, and each piece under a repeated header goes on a page of its own.
  void split_tall_items() {
    std::vector<flow_item> items;
    items.reserve(flow_.items.size());
    for (auto& item : flow_.items) {
      const page_frame frame = item.landscape ? landscape_frame(doc_.style) : portrait_frame(doc_.style);
      const scaled header = item.table >= 0 ? flow_.table_headers[item.table].height : 0;
      const scaled limit = frame.text_height - header;
      if (item.type != flow_item::kind::box || item.box.height <= limit) {
        items.push_back(std::move(item));
        continue;
      }
      const std::size_t at = items.size();
      std::vector<block_box> pieces = split_box(item.box, limit);
      for (std::size_t k = 0; k < pieces.size(); ++k) {
        flow_item part = item;
        part.box = std::move(pieces[k]);
        part.keep_with_next = k + 1 == pieces.size() && item.keep_with_next;
        items.push_back(std::move(part));
      }
      // The tables of contents are found by index: move those after this item.
      for (auto& range : flow_.toc_ranges)
        if (range.first > at) range.first += pieces.size() - 1, range.second += pieces.size() - 1;
    }
    flow_.items = std::move(items);
  }

  // A change of orientation starts a new page in the other frame.
  void turn(bool landscape) {
    if (has_boxes()) close_page();
    landscape_ = landscape;
    frame_ = landscape ? landscape_frame(doc_.style) : portrait_frame(doc_.style);
  }

  // The first item of this page that is not a repeated table header.
  std::size_t first_real() const {
    for (const auto& q : current_)
      if (!q.repeated_header) return q.index;
    return flow_.items.size();
  }

  // The latest item index j on this page such that a break before j is allowed.
  std::size_t break_point(std::size_t overflow) const {
    const auto& items = flow_.items;
    std::size_t first = first_real();
    if (first >= overflow) return first;
    for (std::size_t j = overflow; j > first; --j) {
      if (items[j - 1].keep_with_next) continue;
      if (items[j].type == flow_item::kind::space) continue;  // break after the space instead
      return j;
    }
    return first;
  }

  scaled footnote_height(const std::vector<int>& extra) const {
    std::vector<int> all = page_notes_;
    for (int n : extra)
      if (std::find(all.begin(), all.end(), n) == all.end()) all.push_back(n);
    if (all.empty()) return 0;
    scaled h = from_pt(footnote_gap_pt);
    for (int n : all)
      if (auto it = flow_.footnotes.find(n); it != flow_.footnotes.end()) h += it->second.height;
    return h;
  }

  void place(std::size_t index) {
    const flow_item& item = flow_.items[index];
    current_.push_back({index, y_});
    y_ += item.box.height;
    for (int n : item.box.footnotes)
      if (std::find(page_notes_.begin(), page_notes_.end(), n) == page_notes_.end()) page_notes_.push_back(n);
  }

  void unplace() {
    const placed p = current_.back();
    current_.pop_back();
    y_ = p.y;
    // Recompute the notes from what stays on the page.
    page_notes_.clear();
    for (const auto& q : current_)
      if (!q.repeated_header)
        for (int n : flow_.items[q.index].box.footnotes)
          if (std::find(page_notes_.begin(), page_notes_.end(), n) == page_notes_.end()) page_notes_.push_back(n);
  }

  // A table continuing from the previous page gets its header rows again.
  void repeat_table_header(std::size_t index) {
    const auto& items = flow_.items;
    std::size_t j = index;
    while (j < items.size() && items[j].type == flow_item::kind::space) ++j;
    if (j >= items.size() || items[j].table < 0 || j == 0) return;
    std::size_t k = j;
    while (k > 0 && items[k - 1].type == flow_item::kind::space) --k;
    if (k == 0 || items[k - 1].table != items[j].table) return;
    const block_box& header = flow_.table_headers[items[j].table];
    current_.push_back({j, 0, true, items[j].table});
    y_ = header.height;
  }

  // Records what goes on the page; the items are placed only once the page numbers have
  // settled (place_pages), so passes that are thrown away copy no glyphs.
  void close_page() {
    const int page_index = static_cast<int>(plans_.size());
    for (const auto& q : current_) {
      if (q.repeated_header) continue;
      const flow_item& item = flow_.items[q.index];
      const block_box& box = item.box;
      for (const auto& id : box.anchors)
        for (auto& place : places_)
          if (place.id == id) place.page = page_index, place.y = frame_.top + q.y;
      if (item.heading) {
        std::string id = box.anchors.empty() ? std::string{} : box.anchors.front();
        bool known = std::any_of(places_.begin(), places_.end(), [&](const auto& pl) { return pl.id == id; });
        if (!known) places_.push_back({id, item.heading_text, item.heading_level, page_index, frame_.top + q.y, true});
      }
    }
    const scaled notes_height = page_notes_.empty() ? 0 : footnote_height({});
    std::vector<int> notes = page_notes_;
    std::sort(notes.begin(), notes.end());
    plans_.emplace_back(frame_, std::move(current_), std::move(notes), notes_height);
    current_.clear();
    page_notes_.clear();
    y_ = 0;
  }

  const model::document& doc_;
  flow& flow_;
  std::vector<heading_place>& places_;
  page_frame frame_;
  std::vector<page_plan> plans_;
  std::vector<placed> current_;
  std::vector<int> page_notes_;
  scaled y_ = 0;
  bool landscape_ = false;
};

}  // namespace

page_plan::page_plan(page_frame frame, std::vector<placed> blocks, std::vector<int> notes, scaled notes_height)
    : frame(frame), blocks(std::move(blocks)), notes(std::move(notes)), notes_height(notes_height) {}
page_plan::page_plan(page_plan&&) noexcept = default;
page_plan& page_plan::operator=(page_plan&&) noexcept = default;
page_plan::~page_plan() = default;

std::vector<page_plan> paginate(const typesetter&, const model::document& doc, flow& content,
                                std::vector<heading_place>& places) {
  return paginator(doc, content, places).run();
}

namespace {

// How many items a page gets, so its vector is allocated once at its size.
std::size_t item_count(const flow& content, const page_plan& plan, bool debug_boxes) {
  auto count = [&](const block_box& box) {
    if (debug_boxes) return box.items.size();
    return static_cast<std::size_t>(std::count_if(box.items.begin(), box.items.end(), [](const page::item& item) {
      return !std::holds_alternative<page::debug_box>(item);
    }));
  };
  std::size_t n = 2;  // the footnote rule and the text-area box
  bool first_real = true;
  for (const auto& q : plan.blocks) {
    if (q.repeated_header) {
      n += count(content.table_headers[q.header_table]);
      continue;
    }
    n += count(content.items[q.index].box);
    if (first_real) n += count(content.items[q.index].continued_cells);
    first_real = false;
  }
  for (int note : plan.notes)
    if (auto it = content.footnotes.find(note); it != content.footnotes.end()) n += count(it->second);
  return n;
}

}  // namespace

std::vector<page::page> place_pages(flow& content, const std::vector<page_plan>& plans, bool debug_boxes) {
  std::vector<page::page> pages;
  pages.reserve(plans.size());
  for (const auto& plan : plans) {
    const page_frame& frame = plan.frame;
    page::page p;
    p.width = frame.width;
    p.height = frame.height;
    p.items.reserve(item_count(content, plan, debug_boxes));
    bool first_real = true;
    for (const auto& q : plan.blocks) {
      const scaled y = frame.top + q.y;
      // A table's header goes on every page the table continues on: copied. Everything else
      // is on exactly one page: moved.
      if (q.repeated_header) {
        place_items(content.table_headers[q.header_table], frame.left, y, p.items, debug_boxes);
        continue;
      }
      flow_item& item = content.items[q.index];
      place_items(std::move(item.box), frame.left, y, p.items, debug_boxes);
      if (first_real) place_items(std::move(item.continued_cells), frame.left, y, p.items, debug_boxes);
      first_real = false;
    }
    if (!plan.notes.empty()) {
      scaled y = frame.top + frame.text_height - plan.notes_height + from_pt(footnote_gap_pt / 2);
      p.items.push_back(page::rule{{frame.left, y}, {frame.left + frame.text_width / 3, y}, from_pt(0.5), black});
      y += from_pt(footnote_gap_pt / 2);
      for (int n : plan.notes)
        if (auto it = content.footnotes.find(n); it != content.footnotes.end()) {
          place_items(it->second, frame.left, y, p.items, debug_boxes);
          y += it->second.height;
        }
    }
    if (debug_boxes)
      p.items.push_back(page::debug_box{{frame.left, frame.top, frame.text_width, frame.text_height}, "text-area"});
    pages.push_back(std::move(p));
  }
  return pages;
}

}  // namespace rapport::layout_detail
