"""The seed samples (issue 10): every heading of the seed's own table of contents appears in
the PDF on the page that the PDF's generated TOC gives, and chosen key figures from the
financial tables appear exactly as the seed prints them. Run with the sample's folder name."""
import json
import os
import re
import sys

from pdftools import *

sample = sys.argv[2]
folder = os.path.join("samples", sample)
expected = json.load(open(os.path.join(folder, "expected.json"), encoding="utf-8"))
out = temp_dir()
pdf = os.path.join(out, sample + ".pdf")
result = rapport("render", os.path.join(folder, "report.xml"), "-o", pdf)
pages = page_count(pdf)
page_texts = [" ".join(pdftotext(pdf, n, n).split()) for n in range(1, pages + 1)]
print(f"{sample}: {pages} pages")


def toc_page_of(entry):
    """The page number the generated contents give for an entry (searching the first pages)."""
    for text in page_texts[:6]:
        m = re.search(re.escape(entry) + r"[ .]*?(\d+)(?=\s|$)", text)
        if m:
            return int(m.group(1))
    return None


for entry in expected["toc"]:
    target = toc_page_of(entry)
    if target is None:
        check(False, f"TOC lists '{entry}'")
        continue
    on_page = 1 <= target <= pages and entry in page_texts[target - 1]
    check(on_page, f"'{entry}' is on page {target}, as the TOC says")

body = " ".join(page_texts)
for figure in expected["figures"]:
    check(figure["text"] in body, f"figure {figure['text']!r} ({figure['where']})")
done()
