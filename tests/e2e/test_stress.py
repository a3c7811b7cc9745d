"""tests/stress: the pagination stress sample (a 150-row table over several pages, a six-page
chapter of justified text with footnotes, nested lists and a two-page TOC), checked from the
PDF: repeated table headers, TOC page numbers, words inside the text area and never on top of
each other, and justified spaces at most twice their natural width."""
import os
import re
from collections import defaultdict

from pdftools import *

out = temp_dir()
pdf = os.path.join(out, "stress.pdf")
rapport("render", "tests/stress/report.xml", "-o", pdf)
pages = page_count(pdf)
check(pages >= 15, f"the stress sample fills at least 15 pages (got {pages})")

MARGIN = 25 * 72 / 25.4  # the default layout's 25 mm margins
PAGE_W, PAGE_H = 595.276, 841.89
LEFT, RIGHT, TOP, BOTTOM = MARGIN, PAGE_W - MARGIN, MARGIN, PAGE_H - MARGIN
SLACK = 0.5  # points: glyph boxes that touch the text area's edge
# pdftotext's word boxes run from the font's ascent to its descent; a display style whose
# leading is tighter than that (the 28 pt cover title) reaches a little above its line.
SLACK_Y = 1.5

page_text = [None] + [pdftotext(pdf, p, p) for p in range(1, pages + 1)]
all_words = words(pdf)
by_page = defaultdict(list)
for w in all_words:
    by_page[w[0]].append(w)

# --- the TOC: two pages, every entry's page number is where the heading is -------------------
toc_pages = [p for p in range(2, pages + 1) if "Innehåll" in page_text[p] or ". . . ." in page_text[p]]
check(toc_pages == [2, 3], f"the contents take pages 2 and 3 (got {toc_pages})")
entry = re.compile(r"^\s*(\d+(?:\.\d+)*)\s+(.*?)\s*(?:\.\s*)+(\d+)\s*$")
entries = []
for p in toc_pages:
    for line in pdftotext(pdf, p, p, layout=True).splitlines():
        m = entry.match(line)
        if m:
            entries.append((m.group(1), m.group(2).rstrip(". "), int(m.group(3))))
check(len(entries) == 8 + 64 + 14, f"the contents list 86 headings to depth 3 (got {len(entries)})")
wrong = []
for number, title, printed in entries:
    heading = f"{number} {title}"
    # The first page that has the heading as a line (later ones may repeat a chapter's title
    # in their running header).
    found = [p for p in range(4, pages + 1) if heading in page_text[p].splitlines()][:1]
    if found != [printed]:
        wrong.append(f"{heading}: contents say {printed}, found on {found}")
check(not wrong, "every contents entry gives the page its heading is on" + "".join("\n  " + w for w in wrong[:5]))

# --- the 150-row table: header row on every page it is on ----------------------------------
row_word = re.compile(r"^\d{3}$")
table_pages = []
missing_header = []
for p in range(1, pages + 1):
    rows = [w for w in by_page[p] if row_word.match(w[5]) and any(
        v[5] == "Enhet" and abs(v[2] - w[2]) < 1 and v[3] < w[1] for v in by_page[p])]
    if not rows:
        continue
    table_pages.append(p)
    first_row_y = min(w[2] for w in rows)
    header = {w[5] for w in by_page[p] if w[2] < first_row_y}
    if not {"Område", "Enhet", "Budget", "Utfall", "Avvikelse"} <= header:
        missing_header.append(p)
row_numbers = {int(w[5]) for p in table_pages for w in by_page[p] if row_word.match(w[5])}
check(len(table_pages) >= 3, f"the table runs over at least 3 pages (got {table_pages})")
check(set(range(1, 151)) <= row_numbers, "all 150 rows are printed")
check(not missing_header, f"the header row stands above the rows on every table page (missing on {missing_header})")
# The merged "Område" cell is repeated at the top of a page its rows continue on.
for p in table_pages[1:]:
    areas = ("Barn", "Vuxna", "Äldreomsorg", "Funktionsnedsättning", "Myndighet", "Förebyggande",
             "Eget", "Stödfunktioner", "Ledning", "Samverkan")
    lines = [l for l in page_text[p].splitlines() if l.strip()]
    check(any(l.startswith(areas) for l in lines[:12]),
          f"page {p} starts with the area its first rows belong to")

# --- every word inside the text area, or in the running header/footer bands ---------------------
running = set("Stressprov för sidbrytning Sida av".split())
for p in range(1, pages + 1):
    running.update(re.findall(r"\S+", f"{p} {pages}"))
for number, title, _ in entries:
    running.update([number] + title.split())
outside = []
for w in all_words:
    p, x0, y0, x1, y1, text, _ = w
    inside_x = x0 >= LEFT - SLACK and x1 <= RIGHT + SLACK
    inside_y = y0 >= TOP - SLACK_Y and y1 <= BOTTOM + SLACK_Y
    band = (y1 <= TOP and y0 >= TOP - 45) or (y0 >= BOTTOM and y1 <= BOTTOM + 45)
    if not inside_x or not (inside_y or (band and text in running and p > 1)):
        outside.append(f"page {p}: '{text}' at ({x0:.1f}, {y0:.1f})–({x1:.1f}, {y1:.1f})")
check(not outside, f"no word lies outside the text area ({len(outside)} do)" + "".join("\n  " + o for o in outside[:5]))

# --- no two words overlap -------------------------------------------------------------------
overlaps = []
SHRINK = 0.3  # boxes that merely touch (kerning, superscript marks) are not overlaps
for p, ws in by_page.items():
    ws = sorted(ws, key=lambda w: w[2])
    for i, a in enumerate(ws):
        for b in ws[i + 1:]:
            if b[2] >= a[4] - SHRINK:
                break
            if min(a[3], b[3]) - max(a[1], b[1]) > SHRINK and min(a[4], b[4]) - max(a[2], b[2]) > SHRINK:
                overlaps.append(f"page {p}: '{a[5]}' and '{b[5]}'")
check(not overlaps, f"no two words overlap ({len(overlaps)} pairs do)" + "".join("\n  " + o for o in overlaps[:5]))

# --- justified body text: spaces at most twice their natural width ------------------------------
# Body text is Liberation Serif 11 pt, whose space is 0.25 em = 2.75 pt; pdftotext's word boxes
# end at the glyph advances, so the gap between two words on a line is the space as set.
NATURAL_SPACE = 2.75
body_height = None
heights = defaultdict(int)
for w in all_words:
    if w[0] in toc_pages or w[0] == 1:
        continue
    heights[round(w[4] - w[2], 1)] += 1
body_height = max(heights, key=heights.get)  # the commonest word height is the body's
widest = 0.0
justified_lines = 0
for p, ws in by_page.items():
    if p in toc_pages or p == 1:
        continue
    lines = defaultdict(list)
    for w in ws:
        if abs((w[4] - w[2]) - body_height) < 0.15:
            lines[round(w[4], 1)].append(w)
    for line in lines.values():
        line.sort(key=lambda w: w[1])
        if len(line) < 4 or line[-1][3] < RIGHT - 1:  # only lines set to the full measure
            continue
        justified_lines += 1
        for a, b in zip(line, line[1:]):
            # A footnote mark (smaller type) between two words is not a space.
            between = [w for w in ws if w[1] >= a[3] - 0.01 and w[3] <= b[1] + 0.01 and w[2] < a[4] and w[4] > a[2]]
            if not between:
                widest = max(widest, b[1] - a[3])
check(justified_lines > 200, f"the sample has many justified body lines ({justified_lines})")
# 0.1 pt: pdftotext ends a word at its last glyph's nominal width, not counting kerning
# against the following space.
check(widest <= 2 * NATURAL_SPACE + 0.1,
      f"no justified space is wider than twice the natural {NATURAL_SPACE} pt (widest {widest:.2f} pt)")

# --- footnotes and lists survive ------------------------------------------------------------
text = "\n".join(page_text[1:])
check("Uppgifterna kommer från Kolada" in text or "Beräknat som genomsnittet" in text, "footnotes are printed")
check("•" in text, "the nested lists have bullets")
done()
