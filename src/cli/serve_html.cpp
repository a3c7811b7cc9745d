// cli/ private: the live preview's HTML, built from a snapshot. The page's script asks for
// the view again after every run and swaps it in, keeping the pictures that did not change.
#include "cli/serve_html.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string_view>

namespace rapport::cli {

namespace {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
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
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// The first line of a page's text that says something, for the page list.
std::string first_line(const std::string& text) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    if (line.find_first_not_of(" .") != std::string_view::npos) {
      // Cut at a character boundary: a continuation byte never starts a UTF-8 character.
      std::size_t cut = std::min<std::size_t>(line.size(), 48);
      while (cut > 0 && cut < line.size() && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80)
        --cut;
      return std::string(line.substr(0, cut)) + (cut < line.size() ? "…" : "");
    }
    start = end + 1;
  }
  return {};
}

std::string plural(int n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

std::string problems_html(const snapshot& snap) {
  if (snap.failed) {
    std::string shown = snap.doc ? fmt::format("showing the pages of run {}", snap.good_version)
                                 : std::string("no pages to show yet");
    return fmt::format(
        "<section class=\"problems failed\" id=\"problems\" role=\"alert\">"
        "<h2>{}; {}</h2><pre>{}</pre></section>\n",
        plural(snap.errors, "error"), shown, escape(snap.diagnostics));
  }
  if (!snap.diagnostics.empty())
    return fmt::format(
        "<details class=\"problems warnings\" id=\"problems\"><summary>{}</summary>"
        "<pre>{}</pre></details>\n",
        plural(snap.warnings, "warning"), escape(snap.diagnostics));
  return {};
}

constexpr std::string_view style = R"(
:root { color-scheme: light; font: 14px/1.4 system-ui, sans-serif; }
body { margin: 0; background: #e4e5e9; color: #1d1f24; }
header { position: sticky; top: 0; z-index: 2; display: flex; gap: 1.2rem; align-items: center;
  padding: .5rem 1rem; background: #23262d; color: #f2f2f2; }
header .file { font-family: ui-monospace, monospace; }
header label { font-size: .9rem; }
#live { margin-left: auto; font-size: .85rem; color: #8fd18f; }
#live.off { color: #f08c8c; }
#view { display: grid; grid-template-columns: 15rem 1fr; }
nav { position: sticky; top: 2.6rem; height: calc(100vh - 2.6rem); overflow-y: auto;
  background: #f6f6f8; border-right: 1px solid #cfd1d6; font-size: .85rem; }
nav ol { list-style: none; margin: 0; padding: .5rem 0; }
nav a { display: block; padding: .15rem .8rem; color: inherit; text-decoration: none;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
nav a:hover { background: #e1e4ec; }
nav .n { display: inline-block; min-width: 2.2em; color: #667; }
main { padding: 1rem 2rem 4rem; display: flex; flex-direction: column; align-items: center;
  gap: 1.5rem; min-width: 0; }
.status { margin: 0; color: #555b66; font-size: .85rem; }
.problems { align-self: stretch; max-width: 60rem; margin: 0 auto; border-radius: 4px;
  padding: .6rem 1rem; }
.problems.failed { background: #fdecec; border: 1px solid #e0a2a2; }
.problems.warnings { background: #fdf6e3; border: 1px solid #e3cf94; }
.problems h2 { font-size: 1rem; margin: 0 0 .4rem; color: #9b1c1c; }
.problems pre { margin: .3rem 0 0; white-space: pre-wrap; font-size: .85rem; }
.page { margin: 0; scroll-margin-top: 3.5rem; }
.page img { display: block; max-width: 100%; height: auto; background: #fff;
  box-shadow: 0 1px 4px rgba(0, 0, 0, .25); }
.page figcaption { text-align: center; font-size: .8rem; color: #667; margin-top: .3rem; }
.page-text { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip-path: inset(50%); white-space: pre-wrap; }
body.show-text .page-text { position: static; width: auto; height: auto; clip-path: none;
  max-width: 45rem; margin-top: .5rem; padding: .5rem; background: #fff; font-size: .8rem; }
.pending { color: #555b66; }
)";

constexpr std::string_view script = R"(
(() => {
  const view = document.getElementById('view');
  const boxes = document.getElementById('boxes');
  const text = document.getElementById('text');
  const live = document.getElementById('live');
  let version = Number(view.dataset.version);
  const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
  const source = (img) => img.dataset.src + (boxes.checked ? '&boxes=1' : '');
  function showPictures(root) {
    for (const img of root.querySelectorAll('img[data-src]')) {
      const wanted = source(img);
      if (img.getAttribute('src') !== wanted) img.setAttribute('src', wanted);
    }
  }
  function swap(html) {
    const next = document.createElement('template');
    next.innerHTML = html;
    // Keep the pictures that did not change: no flicker, no second download.
    const old = new Map();
    for (const img of view.querySelectorAll('img[data-src]')) old.set(img.dataset.src, img);
    for (const img of next.content.querySelectorAll('img[data-src]')) {
      const kept = old.get(img.dataset.src);
      if (kept) { img.replaceWith(kept); old.delete(img.dataset.src); }
    }
    showPictures(next.content);
    view.replaceChildren(next.content);
  }
  boxes.addEventListener('change', () => showPictures(view));
  text.addEventListener('change', () => document.body.classList.toggle('show-text', text.checked));
  async function follow() {
    for (;;) {
      try {
        const reply = await fetch('/api/view?since=' + version, { cache: 'no-store' });
        live.textContent = 'live';
        live.className = '';
        if (reply.status === 200) {
          const html = await reply.text();
          version = Number(reply.headers.get('X-Rapport-Version'));
          swap(html);
        } else if (reply.status !== 204) {
          await sleep(1000);
        }
      } catch (error) {
        live.textContent = 'not connected';
        live.className = 'off';
        await sleep(1000);
      }
    }
  }
  showPictures(view);
  follow();
})();
)";

}  // namespace

std::string picture_path(const snapshot& snap, std::size_t index) {
  return fmt::format("/page/{}.png?f={:016x}", index + 1, snap.pages.at(index).fingerprint);
}

std::string preview_view_html(const snapshot& snap) {
  std::string list;
  std::string pages;
  for (std::size_t i = 0; i < snap.pages.size(); ++i) {
    const page_entry& p = snap.pages[i];
    const std::string number = std::to_string(i + 1);
    const std::string caption = p.label.empty() || p.label == number
                                    ? number
                                    : fmt::format("{} · {}", number, escape(p.label));
    list += fmt::format("<li><a href=\"#page-{}\"><span class=\"n\">{}</span>{}</a></li>\n", i + 1,
                        i + 1, escape(first_line(p.text)));
    // Shown at 96 pixels per inch whatever the picture's dpi, so a finer picture is sharper,
    // not bigger.
    const std::string path = escape(picture_path(snap, i));
    pages += fmt::format(
        "<figure class=\"page\" id=\"page-{0}\"><img data-src=\"{1}\" src=\"{1}\" width=\"{2}\" "
        "height=\"{3}\" alt=\"Page {0} of {4}\"><figcaption>{5}</figcaption>"
        "<div class=\"page-text\">{6}</div></figure>\n",
        i + 1, path, std::lround(p.width_pt * 96 / 72), std::lround(p.height_pt * 96 / 72),
        snap.pages.size(), caption, escape(p.text));
  }
  std::string status;
  if (snap.version == 0)
    status = "<p class=\"status pending\">rendering…</p>\n";
  else
    status = fmt::format("<p class=\"status\">run {} · {} · {:.0f} ms</p>\n", snap.version,
                         plural(static_cast<int>(snap.pages.size()), "page"), snap.run_ms);
  return fmt::format("<nav aria-label=\"Pages\"><ol>\n{}</ol></nav>\n<main>\n{}{}{}</main>\n", list,
                     status, problems_html(snap), pages);
}

std::string preview_page_html(const std::string& title, const snapshot& snap) {
  return fmt::format(
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{0} · rapport preview</title>\n<style>{1}</style></head>\n<body>\n"
      "<header><strong>rapport</strong><span class=\"file\">{0}</span>"
      "<label><input type=\"checkbox\" id=\"boxes\"> layout boxes</label>"
      "<label><input type=\"checkbox\" id=\"text\"> text</label>"
      "<span id=\"live\">live</span></header>\n"
      "<div id=\"view\" data-version=\"{2}\">\n{3}</div>\n<script>{4}</script>\n</body></html>\n",
      escape(title), style, snap.version, preview_view_html(snap), script);
}

std::string preview_state_json(const snapshot& snap) {
  nlohmann::json state;
  state["version"] = snap.version;
  state["good_version"] = snap.good_version;
  state["failed"] = snap.failed;
  state["errors"] = snap.errors;
  state["warnings"] = snap.warnings;
  state["diagnostics"] = snap.diagnostics;
  state["run_ms"] = snap.run_ms;
  state["cpu_ms"] = snap.cpu_ms;
  nlohmann::json pages = nlohmann::json::array();
  for (std::size_t i = 0; i < snap.pages.size(); ++i) {
    const page_entry& p = snap.pages[i];
    pages.push_back({{"label", p.label},
                     {"fingerprint", fmt::format("{:016x}", p.fingerprint)},
                     {"picture", picture_path(snap, i)},
                     {"text", p.text}});
  }
  state["pages"] = std::move(pages);
  // A definition's text may hold bytes that are not UTF-8: replace them rather than fail.
  return state.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace rapport::cli
