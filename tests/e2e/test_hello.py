"""samples/hello: the walking skeleton's report, rendered to PDF and PNG and inspected."""
import os
import struct

from pdftools import *

out = temp_dir()
pdf = os.path.join(out, "hello.pdf")
rapport("render", "samples/hello/report.xml", "-o", pdf)
check(os.path.exists(pdf), "render writes the PDF")

# Structure and fonts.
qpdf = run("qpdf", "--check", pdf, check=False)
check(qpdf.returncode == 0 and "No syntax or stream encoding errors" in qpdf.stdout, "qpdf --check is clean")
rows = fonts(pdf)
check(len(rows) >= 3, f"pdffonts lists the fonts used ({len(rows)})")
check(all(r["emb"] == "yes" for r in rows), "every font is embedded")
check(all(r["sub"] == "yes" for r in rows), "every font is subset")
check(all(r["uni"] == "yes" for r in rows), "every font has a ToUnicode map")

pages = page_count(pdf)
check(pages == 3, f"cover, contents and the chapters make 3 pages (got {pages})")

# Cover: title, committee and decision line, with no running header or footer.
cover = pdftotext(pdf, 1, 1)
check("Delårsrapport med prognos 2 2021" in cover, "the cover has the title")
check("Socialnämnden" in cover, "the cover names the committee")
check("Beslutad av Socialnämnden, den 23 november 2021" in cover, "the decision line has the long Swedish date")
check("Sida" not in cover, "the cover has no footer")

# Reading order of the body text.
text = pdftotext(pdf)
order = ["Innehåll", "1 Förslag till beslut", "1.1 Förvaltningarnas förslag till Socialnämnden",
         "2 Ekonomisk översikt", "2.1 Enheternas resultat och prognos",
         "Tabell 1: Enheternas budget och prognos för helåret, tkr", "Övergripande och nämnd",
         "Förebyggande", "Myndighet", "Eget utförande", "Summa", "Tabellen visar"]
positions = [text.find(s, text.find("Innehåll") if s != "Innehåll" else 0) for s in order]
check(all(p >= 0 for p in positions), f"all headings and rows are in the text: {[s for s, p in zip(order, positions) if p < 0]}")
check(positions == sorted(positions), "pdftotext gives them back in reading order")
flat = " ".join(text.split())
check("ekonomiska resultatet" in flat and "åtta första månader" in flat, "å ä ö survive extraction")
check("avvikelse mot budget på +18,1 mnkr" in flat, "the inline figure is computed and formatted (+18,1)")

# The table: Swedish numbers, computed deviations and percentages, the total row.
expected_rows = {
    "Övergripande och nämnd": ["-57 235", "-55 810", "1 425", "2,5 %"],
    "Förebyggande": ["-78 412", "-79 020", "-608", "-0,8 %"],
    "Myndighet": ["-412 300", "-396 688", "15 612", "3,8 %"],
    "Eget utförande": ["-134 100", "-132 455", "1 645", "1,2 %"],
    "Summa": ["-682 047", "-663 973", "18 074", "2,6 %"],
}
layout_text = pdftotext(pdf, 3, 3, layout=True)
for label, cells in expected_rows.items():
    line = next((l for l in layout_text.splitlines() if l.strip().startswith(label)), "")
    found = [c for c in cells if c in line]
    check(found == cells, f"row '{label}' prints {cells} (line: {line.strip()!r})")

# Numbers are right-aligned: the right edges of each numeric column line up.
ws = [w for w in words(pdf, 3, 3)]
def right_edge(text):
    return [w[3] for w in ws if w[5] == text]
budget_edges = [right_edge(v)[0] for v in ["235", "412", "300", "100", "047"] if right_edge(v)]
check(len(budget_edges) == 5 and max(budget_edges) - min(budget_edges) < 0.6,
      f"the budget column is right-aligned (right edges {budget_edges})")

# Determinism with SOURCE_DATE_EPOCH.
pdf2 = os.path.join(out, "hello2.pdf")
rapport("render", "samples/hello/report.xml", "-o", pdf2)
check(open(pdf, "rb").read() == open(pdf2, "rb").read(), "two renders are byte-identical")

# PNG pages.
png = os.path.join(out, "hello.png")
rapport("render", "samples/hello/report.xml", "--format", "png", "--dpi", "60", "-o", png)
for n in range(1, pages + 1):
    path = os.path.join(out, f"hello-{n}.png")
    ok = os.path.exists(path)
    if ok:
        data = open(path, "rb").read(32)
        width, height = struct.unpack(">II", data[16:24])
        ok = data[:8] == b"\x89PNG\r\n\x1a\n" and width == round(595.2756 * 60 / 72) and height == round(841.8898 * 60 / 72)
    check(ok, f"hello-{n}.png is an A4 page at 60 dpi")
done()
