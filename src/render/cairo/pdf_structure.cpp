// render/cairo: finishes a tagged PDF after cairo: the structure tree of the layout's elements
// replaces cairo's flat one (cairo 1.16 keeps no attributes and nests only by drawing order),
// link annotations join their Link elements, unmarked painting becomes artifacts, and the
// catalog gets /Lang, /MarkInfo and /DisplayDocTitle.
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <set>

#include "render/cairo/pdf_tagging.hpp"

namespace rapport::render::detail {

std::string_view role_name(page::role kind) {
  using page::role;
  switch (kind) {
    case role::paragraph:
      return "P";
    case role::heading_1:
      return "H1";
    case role::heading_2:
      return "H2";
    case role::heading_3:
      return "H3";
    case role::heading_4:
      return "H4";
    case role::heading_5:
      return "H5";
    case role::heading_6:
      return "H6";
    case role::list:
      return "L";
    case role::list_item:
      return "LI";
    case role::label:
      return "Lbl";
    case role::list_body:
      return "LBody";
    case role::table:
      return "Table";
    case role::table_head:
      return "THead";
    case role::table_body:
      return "TBody";
    case role::table_row:
      return "TR";
    case role::header_cell:
      return "TH";
    case role::data_cell:
      return "TD";
    case role::caption:
      return "Caption";
    case role::figure:
      return "Figure";
    case role::note:
      return "Note";
    case role::toc:
      return "TOC";
    case role::toc_item:
      return "TOCI";
    case role::link:
      return "Link";
  }
  return "Span";
}

std::string_view cairo_tag_name(page::role kind) {
  return kind == page::role::link ? "Span" : role_name(kind);
}

namespace {

// Where content sits in reading order: (output page, mark on that page).
using sequence = std::pair<int, int>;
constexpr sequence no_content{std::numeric_limits<int>::max(), 0};

struct page_info {
  int object = 0;
  const pdf_value* dict = nullptr;
};

struct kid {
  sequence at;
  enum class kind { content, annotation, element } type = kind::content;
  int page = 0;
  int mcid = 0;
  int annotation = 0;  ///< object number
  int element = 0;
};

// The leaves of the page tree, in order.
bool collect_pages(const pdf_file& f, const pdf_value& ref, std::vector<page_info>& out,
                   int depth) {
  const pdf_value* node = f.resolve(ref);
  if (!node || node->type != pdf_value::kind::dict || depth > 32) return false;
  const pdf_value* type = node->get("Type");
  if (type && type->is_name("/Page")) {
    if (!ref.is_ref()) return false;
    out.push_back({ref.number, node});
    return true;
  }
  const pdf_value* kids = node->get("Kids");
  if (!kids || kids->type != pdf_value::kind::array) return false;
  for (const auto& k : kids->items) {
    if (!collect_pages(f, k, out, depth + 1)) return false;
  }
  return true;
}

// The first integer in a structure element's /K: the MCID of a link cairo tagged.
std::optional<long long> first_mcid(const pdf_value& k) {
  if (auto n = k.integer()) return n;
  for (const auto& item : k.items) {
    if (auto n = item.integer()) return n;
    if (item.type == pdf_value::kind::dict) {
      if (const pdf_value* m = item.get("MCID")) return m->integer();
    }
  }
  return std::nullopt;
}

class tagger {
public:
  tagger(pdf_file& file, const tagging_plan& plan) : f_(file), plan_(plan) {}

  // Returns false if the file is not as cairo writes it; the caller then keeps cairo's.
  bool run() {
    const pdf_value* root_ref = f_.trailer().get("Root");
    if (!root_ref || !root_ref->is_ref()) return false;
    const pdf_value* catalog = f_.resolve(*root_ref);
    if (!catalog || catalog->type != pdf_value::kind::dict) return false;
    const pdf_value* pages_ref = catalog->get("Pages");
    if (!pages_ref || !collect_pages(f_, *pages_ref, pages_, 0)) return false;
    if (pages_.size() != plan_.pages.size()) return false;
    drop_duplicate_resource_names();
    pdf_value new_catalog = *catalog;

    std::size_t marks = 0;
    for (const auto& p : plan_.pages) marks += p.size();
    if (!plan_.elements.empty() && marks > 0) {
      if (!read_cairo_tree(*catalog) || !link_annotations() || !rewrite_contents()) return false;
      const int tree = build_tree();
      if (tree == 0) return false;
      new_catalog.set("StructTreeRoot", pdf_value::make_ref(tree));
      pdf_dict marked{{"Marked", pdf_value::make_token("true")}};
      new_catalog.set("MarkInfo", pdf_value::make_dict(std::move(marked)));
      for (int n : old_objects_) f_.free(n);
    }
    if (!plan_.language.empty()) {
      new_catalog.set("Lang", pdf_value::make_token(pdf_text_string(plan_.language)));
    }
    // A reader's window then shows the title, not the file name (PDF/UA asks for it).
    pdf_value preferences = pdf_value::make_dict({});
    if (const pdf_value* old = catalog->get("ViewerPreferences"); old && f_.resolve(*old)) {
      preferences = *f_.resolve(*old);
    }
    preferences.set("DisplayDocTitle", pdf_value::make_token("true"));
    new_catalog.set("ViewerPreferences", std::move(preferences));
    f_.replace(root_ref->number, serialize(new_catalog));
    return true;
  }

private:
  // cairo names an image twice in a page's /XObject resources when the page shows it twice (a
  // logo in the header and in the text): valid to readers, which take the last, but a
  // duplicated key is a warning to qpdf and to archival checkers. Each such object is written
  // again with one entry per name.
  void drop_duplicate_resource_names() {
    std::set<int> done;
    for (const auto& page : pages_) {
      const pdf_value* resources = page.dict->get("Resources");
      if (!resources || !resources->is_ref() || !done.insert(resources->number).second) continue;
      const pdf_value* dict = f_.resolve(*resources);
      if (!dict || dict->type != pdf_value::kind::dict) continue;
      pdf_value cleaned = *dict;
      if (without_duplicate_keys(cleaned)) f_.replace(resources->number, serialize(cleaned));
    }
  }

  // Keeps the last of each key in every dictionary of `value`, as readers do; true if any went.
  static bool without_duplicate_keys(pdf_value& value) {
    bool changed = false;
    for (auto& item : value.items) changed |= without_duplicate_keys(item);
    for (auto& entry : value.entries) changed |= without_duplicate_keys(entry.second);
    if (value.type != pdf_value::kind::dict) return changed;
    auto later_has = [&](std::size_t i) {
      for (std::size_t j = i + 1; j < value.entries.size(); ++j)
        if (value.entries[j].first == value.entries[i].first) return true;
      return false;
    };
    pdf_dict kept;
    for (std::size_t i = 0; i < value.entries.size(); ++i)
      if (!later_has(i)) kept.push_back(value.entries[i]);
    if (kept.size() == value.entries.size()) return changed;
    value.entries = std::move(kept);
    return true;
  }

  // cairo's structure tree root, its parent tree and every element: replaced, then freed.
  bool read_cairo_tree(const pdf_value& catalog) {
    const pdf_value* root_ref = catalog.get("StructTreeRoot");
    if (!root_ref || !root_ref->is_ref()) return false;
    const pdf_value* root = f_.resolve(*root_ref);
    if (!root || root->type != pdf_value::kind::dict) return false;
    old_objects_.insert(root_ref->number);
    const pdf_value* tree_ref = root->get("ParentTree");
    if (!tree_ref || !tree_ref->is_ref()) return false;
    const pdf_value* tree = f_.resolve(*tree_ref);
    const pdf_value* nums = tree ? tree->get("Nums") : nullptr;
    if (!nums || nums->type != pdf_value::kind::array || nums->items.size() % 2 != 0) return false;
    old_objects_.insert(tree_ref->number);
    for (std::size_t i = 0; i < nums->items.size(); i += 2) {
      const auto key = nums->items[i].integer();
      if (!key) return false;
      const pdf_value& value = nums->items[i + 1];
      old_parents_[*key] = &value;
      const pdf_value* target = f_.resolve(value);
      if (value.is_ref() && target && target->type == pdf_value::kind::array) {
        old_objects_.insert(value.number);
      }
    }
    return collect_elements(*root, 0);
  }

  bool collect_elements(const pdf_value& node, int depth) {
    if (depth > 256) return false;
    const pdf_value* k = node.get("K");
    if (!k) return true;
    std::vector<const pdf_value*> kids;
    if (k->type == pdf_value::kind::array) {
      for (const auto& item : k->items) kids.push_back(&item);
    } else {
      kids.push_back(k);
    }
    for (const pdf_value* item : kids) {
      if (!item->is_ref()) continue;
      const pdf_value* child = f_.resolve(*item);
      const pdf_value* type = child ? child->get("Type") : nullptr;
      if (!type || !type->is_name("/StructElem") || old_objects_.count(item->number) != 0) continue;
      old_objects_.insert(item->number);
      if (!collect_elements(*child, depth + 1)) return false;
      f_.forget(item->number);  // only freed from here on: no need to keep it parsed
    }
    return true;
  }

  // Each link annotation found through cairo's parent tree: its Link element there holds the
  // MCID of the link's mark, which says which of the layout's links it is.
  bool link_annotations() {
    std::map<int, int> page_index;
    for (std::size_t i = 0; i < pages_.size(); ++i)
      page_index[pages_[i].object] = static_cast<int>(i);
    for (std::size_t i = 0; i < pages_.size(); ++i) {
      const pdf_value* annots = pages_[i].dict->get("Annots");
      if (annots) annots = f_.resolve(*annots);
      if (!annots || annots->type != pdf_value::kind::array) continue;
      for (const auto& ref : annots->items) {
        const pdf_value* annot = ref.is_ref() ? f_.resolve(ref) : nullptr;
        const pdf_value* key = annot ? annot->get("StructParent") : nullptr;
        if (!key) continue;
        const auto sp = key->integer();
        const auto parent = sp ? old_parents_.find(*sp) : old_parents_.end();
        if (parent == old_parents_.end()) return false;
        const pdf_value* element = f_.resolve(*parent->second);
        const pdf_value* pg = element ? element->get("Pg") : nullptr;
        const pdf_value* k = element ? element->get("K") : nullptr;
        const long long mcid = k ? first_mcid(*k).value_or(-1) : -1;
        if (!pg || !pg->is_ref() || page_index.count(pg->number) == 0) return false;
        const int on_page = page_index[pg->number];
        const auto& marks = plan_.pages[static_cast<std::size_t>(on_page)];
        if (mcid < 0 || mcid >= static_cast<long long>(marks.size()) ||
            !marks[static_cast<std::size_t>(mcid)].link) {
          return false;
        }
        annotations_[{on_page, static_cast<int>(mcid)}].push_back(ref.number);
        annotation_keys_[ref.number] = *sp;
      }
    }
    return true;
  }

  bool rewrite_contents() {
    for (std::size_t i = 0; i < pages_.size(); ++i) {
      std::vector<std::string> cairo_tags, tags;
      for (const auto& m : plan_.pages[i]) {
        if (m.link) {
          cairo_tags.emplace_back("Link");
          tags.emplace_back("Link");
        } else {
          if (m.element < 0 || m.element >= static_cast<int>(plan_.elements.size())) return false;
          const page::role kind = plan_.elements[static_cast<std::size_t>(m.element)].kind;
          cairo_tags.emplace_back(cairo_tag_name(kind));
          tags.emplace_back(role_name(kind));
        }
      }
      const pdf_value* contents = pages_[i].dict->get("Contents");
      const pdf_object* stream =
          contents && contents->is_ref() ? f_.object(contents->number) : nullptr;
      if (!stream || !stream->stream) continue;  // several streams: leave the page as it is
      const pdf_value* filter = stream->value.get("Filter");
      const bool flate = filter && filter->is_name("/FlateDecode");
      if ((filter && !flate) || stream->value.entries.size() != (filter ? 2u : 1u)) continue;
      const auto [begin, end] = *stream->stream;
      const std::string_view raw = std::string_view(f_.bytes()).substr(begin, end - begin);
      std::optional<std::string> content = flate ? inflate(raw) : std::string(raw);
      if (!content) continue;
      const content_status status = mark_content(*content, cairo_tags, tags);
      if (status == content_status::mismatch) return false;
      if (status != content_status::rewritten) continue;
      const std::string data = deflate(*content);
      f_.replace(contents->number,
                 fmt::format("<< /Length {} /Filter /FlateDecode >>\nstream\n", data.size()) +
                     data + "\nendstream");
      if (const pdf_value* length = stream->value.get("Length"); length->is_ref()) {
        f_.free(length->number);
      }
    }
    return true;
  }

  // The elements that appear: those with content in the output, their ancestors, and the
  // cells of rows that appear (an empty cell still holds its place in the table).
  void choose_elements() {
    const std::size_t n = elements_.size();
    included_.assign(n, false);
    for (const auto& page : marks_)
      for (const auto& m : page)
        for (int e = m.element; e >= 0 && !included_[e]; e = elements_[e].parent)
          included_[e] = true;
    for (std::size_t e = 0; e < n; ++e) {
      const auto& el = elements_[e];
      const bool cell = el.kind == page::role::header_cell || el.kind == page::role::data_cell;
      if (cell && el.parent >= 0 && included_[el.parent]) included_[e] = true;
    }
  }

  // Returns the structure tree root's object number, or 0.
  int build_tree() {
    elements_ = plan_.elements;
    marks_ = plan_.pages;
    // A parent always comes first; anything else is read as a child of the document.
    for (std::size_t e = 0; e < elements_.size(); ++e) {
      if (elements_[e].parent >= static_cast<int>(e) || elements_[e].parent < -1)
        elements_[e].parent = -1;
    }
    // A link annotation outside any Link element gets one of its own, read where it is.
    const std::size_t layout_elements = elements_.size();
    for (auto& page : marks_)
      for (auto& m : page)
        if (m.link && (m.element < 0 || m.element >= static_cast<int>(elements_.size()) ||
                       elements_[m.element].kind != page::role::link)) {
          page::structure_element link;
          link.kind = page::role::link;
          elements_.push_back(link);
          m.element = static_cast<int>(elements_.size()) - 1;
        }
    choose_elements();

    const int root = f_.add("");
    const int document = f_.add("");
    const int parent_tree = f_.add("");
    std::vector<int> objects(elements_.size(), 0);
    for (std::size_t e = 0; e < elements_.size(); ++e)
      if (included_[e]) objects[e] = f_.add("");

    // Kids: content and annotations in reading order, children in the layout's order.
    std::vector<std::vector<kid>> own(elements_.size()), children(elements_.size());
    std::vector<kid> top;
    std::vector<sequence> first(elements_.size(), no_content);
    for (std::size_t p = 0; p < marks_.size(); ++p)
      for (std::size_t i = 0; i < marks_[p].size(); ++i) {
        const int e = marks_[p][i].element;
        const sequence at{static_cast<int>(p), static_cast<int>(i)};
        own[e].push_back({at, kid::kind::content, static_cast<int>(p), static_cast<int>(i)});
        if (const auto found = annotations_.find(at); found != annotations_.end())
          for (int annot : found->second)
            own[e].push_back({at, kid::kind::annotation, static_cast<int>(p), 0, annot});
        first[e] = std::min(first[e], at);
      }
    for (std::size_t e = elements_.size(); e-- > 0;) {
      if (!included_[e]) continue;
      const int parent = elements_[e].parent;
      if (parent >= 0) first[parent] = std::min(first[parent], first[e]);
    }
    std::vector<kid> top_own;
    for (std::size_t e = 0; e < elements_.size(); ++e) {
      if (!included_[e]) continue;
      const kid child{first[e], kid::kind::element, 0, 0, 0, static_cast<int>(e)};
      if (e >= layout_elements) {
        top_own.push_back(child);  // in reading order, like content
      } else {
        (elements_[e].parent >= 0 ? children[elements_[e].parent] : top).push_back(child);
      }
    }

    for (std::size_t e = 0; e < elements_.size(); ++e) {
      if (!included_[e]) continue;
      const int parent = elements_[e].parent >= 0 ? objects[elements_[e].parent] : document;
      f_.replace(objects[e],
                 element_object(elements_[e], parent, merge(own[e], children[e]), objects));
    }
    f_.replace(document, element_text("Document", root, std::nullopt,
                                      kids_text(merge(top_own, top), objects, -1)) +
                             " >>");
    const int next_key = parent_tree_object(parent_tree, objects);
    if (next_key < 0) return 0;
    f_.replace(root, fmt::format("<< /Type /StructTreeRoot /K {} 0 R /ParentTree {} 0 R "
                                 "/ParentTreeNextKey {} >>",
                                 document, parent_tree, next_key));
    return root;
  }

  // Children keep their order; content and annotations go between them where they are read.
  static std::vector<kid> merge(const std::vector<kid>& own, const std::vector<kid>& children) {
    std::vector<kid> out;
    std::size_t a = 0, b = 0;
    while (a < own.size() || b < children.size()) {
      if (b == children.size() || (a < own.size() && own[a].at < children[b].at)) {
        out.push_back(own[a++]);
      } else {
        out.push_back(children[b++]);
      }
    }
    return out;
  }

  std::string kids_text(const std::vector<kid>& kids, const std::vector<int>& objects,
                        int page) const {
    std::string out;
    for (const kid& k : kids) {
      if (!out.empty()) out += ' ';
      if (k.type == kid::kind::element) {
        out += fmt::format("{} 0 R", objects[k.element]);
      } else if (k.type == kid::kind::annotation) {
        out += fmt::format("<< /Type /OBJR /Pg {} 0 R /Obj {} 0 R >>", pages_[k.page].object,
                           k.annotation);
      } else if (k.page == page) {
        out += std::to_string(k.mcid);
      } else {
        out += fmt::format("<< /Type /MCR /Pg {} 0 R /MCID {} >>", pages_[k.page].object, k.mcid);
      }
    }
    return out;
  }

  std::string element_text(std::string_view type, int parent, std::optional<int> page,
                           const std::string& kids) const {
    std::string out = fmt::format("<< /Type /StructElem /S /{} /P {} 0 R", type, parent);
    if (page) out += fmt::format(" /Pg {} 0 R", pages_[*page].object);
    if (!kids.empty()) out += " /K [" + kids + "]";
    return out;
  }

  std::string element_object(const page::structure_element& e, int parent,
                             const std::vector<kid>& kids, const std::vector<int>& objects) const {
    std::optional<int> page;
    for (const kid& k : kids)
      if (k.type == kid::kind::content) {
        page = k.page;
        break;
      }
    std::string out =
        element_text(role_name(e.kind), parent, page, kids_text(kids, objects, page.value_or(-1)));
    if (!e.alt.empty()) out += " /Alt " + pdf_text_string(e.alt);
    // Table attributes (ISO 32000-1, 14.8.5.7): which cells a header heads, and spans.
    std::string table;
    if (e.kind == page::role::header_cell && e.scope != page::header_scope::none) {
      static constexpr const char* scopes[] = {"", "Column", "Row", "Both"};
      table += fmt::format(" /Scope /{}", scopes[static_cast<int>(e.scope)]);
    }
    if (e.kind == page::role::header_cell || e.kind == page::role::data_cell) {
      if (e.row_span > 1) table += fmt::format(" /RowSpan {}", e.row_span);
      if (e.column_span > 1) table += fmt::format(" /ColSpan {}", e.column_span);
    }
    if (!table.empty()) out += " /A << /O /Table" + table + " >>";
    return out + " >>";
  }

  // Page keys (/StructParents) map MCIDs to elements, annotation keys (/StructParent) to their
  // Link. Returns the next free key, or -1 if a page with marks has no key.
  int parent_tree_object(int number, const std::vector<int>& objects) {
    std::map<long long, std::string> nums;
    for (std::size_t p = 0; p < pages_.size(); ++p) {
      if (marks_[p].empty()) continue;
      const pdf_value* key = pages_[p].dict->get("StructParents");
      const auto k = key ? key->integer() : std::nullopt;
      if (!k) return -1;
      std::string refs;
      for (const auto& m : marks_[p])
        refs += fmt::format("{}{} 0 R", refs.empty() ? "" : " ", objects[m.element]);
      nums[*k] = "[" + refs + "]";
    }
    for (const auto& [at, annots] : annotations_) {
      const int e = marks_[at.first][at.second].element;
      for (int annot : annots) nums[annotation_keys_[annot]] = fmt::format("{} 0 R", objects[e]);
    }
    std::string text;
    for (const auto& [key, value] : nums) text += fmt::format("\n{} {}", key, value);
    f_.replace(number, "<< /Nums [" + text + "\n] >>");
    return nums.empty() ? 0 : static_cast<int>(nums.rbegin()->first) + 1;
  }

  pdf_file& f_;
  const tagging_plan& plan_;
  std::vector<page_info> pages_;
  std::set<int> old_objects_;
  std::map<long long, const pdf_value*> old_parents_;
  std::map<sequence, std::vector<int>> annotations_;  ///< link mark → annotation objects
  std::map<int, long long> annotation_keys_;          ///< annotation → its /StructParent
  std::vector<page::structure_element> elements_;
  std::vector<std::vector<content_mark>> marks_;
  std::vector<bool> included_;
};

}  // namespace

std::string tag_pdf(std::string pdf, const tagging_plan& plan) {
  std::optional<pdf_file> file = pdf_file::parse_in_place(pdf);
  if (!file) return pdf;
  tagger t(*file, plan);
  if (!t.run()) return std::move(*file).take_bytes();
  return file->write();
}

}  // namespace rapport::render::detail
