"""Navigation and accessibility (issue 7), read back from the files with qpdf and poppler.

samples/orebro-delarsrapport-2021 through the cairo backend: tagged (pdfinfo), /Lang, the
structure tree as qpdf's objects and as poppler's `pdfinfo -struct-text` read it (the two must
agree), headings H1..H6 in the outline's order with the level their number says, tables
(THead > TR > TH with /Scope /Column, read once however many pages the table runs over, TBody >
TR > TD), lists (L > LI > Lbl + LBody), footnotes as Note, running headers and footers and all
other unread painting inside /Artifact sequences, page labels that match the printed page
numbers, bookmarks and table-of-contents links that land on their heading (pdftotext -bbox finds
the heading where the destination points). samples/charts: every chart a Figure whose /Alt
names the chart's title. A page range through PDF, SVG and PNG.
"""
import json
import os
import re

from pdftools import check, done, rapport, run, temp_dir, words

OUT = temp_dir()
SAMPLE = "samples/orebro-delarsrapport-2021/report.xml"
PDF = os.path.join(OUT, "orebro.pdf")
rapport("render", SAMPLE, "-o", PDF)


# ---- reading the file ------------------------------------------------------------------------

class pdf_objects:
    """The objects of a PDF as qpdf --json gives them."""

    def __init__(self, path):
        data = json.loads(run("qpdf", "--json", "--json-key=qpdf", "--json-key=pagelabels",
                              "--json-key=outlines", path).stdout)
        self.objects = data["qpdf"][1]
        self.page_labels = data["pagelabels"]
        self.outlines = data["outlines"]
        self.catalog = self.get(self.objects["trailer"]["value"]["/Root"])
        self.pages = self.get(self.catalog["/Pages"])["/Kids"]
        self.page_number = {ref: i + 1 for i, ref in enumerate(self.pages)}

    def get(self, ref):
        found = self.objects.get("obj:" + ref) if isinstance(ref, str) else None
        if found is None:
            return ref
        return found.get("value", found.get("stream", {}).get("dict"))

    def page_height(self, number):
        return self.get(self.pages[number - 1])["/MediaBox"][3]

    def destination(self, dest):
        """(page number, y from the top) of a named or explicit destination."""
        if isinstance(dest, str) and not dest.endswith(" R"):
            names = self.get(self.get(self.catalog["/Names"])["/Dests"])["/Names"]
            dest = dict(zip(names[0::2], names[1::2]))[dest]
        page = self.page_number[dest[0]]
        return page, self.page_height(page) - dest[3]


def struct_tree(objects):
    """The structure tree as nested dicts: type, kids, alt, attributes, pages, annotations."""
    def node(ref, depth=0):
        e = objects.get(ref)
        kids = e.get("/K", [])
        kids = kids if isinstance(kids, list) else [kids]
        out = {"type": e["/S"][1:], "kids": [], "alt": e.get("/Alt", ""), "attrs": e.get("/A", {}),
               "pages": set(), "annots": []}
        page = objects.page_number.get(e.get("/Pg"))
        for k in kids:
            if isinstance(k, int):
                out["pages"].add(page)
            elif isinstance(k, str) and k.endswith(" R"):
                out["kids"].append(node(k, depth + 1))
            elif isinstance(k, dict) and k.get("/Type") == "/MCR":
                out["pages"].add(objects.page_number.get(k["/Pg"]))
            elif isinstance(k, dict) and k.get("/Type") == "/OBJR":
                out["annots"].append(objects.get(k["/Obj"]))
        return out
    root = objects.get(objects.catalog["/StructTreeRoot"])
    top = root["/K"] if isinstance(root["/K"], list) else [root["/K"]]
    return [node(r) for r in top]


def poppler_tree(path):
    """pdfinfo -struct-text parsed by indentation: type, text and kids of each element."""
    root = {"type": "", "text": [], "kids": [], "attrs": {}}
    stack = [(-1, root)]
    for line in run("pdfinfo", "-struct-text", path).stdout.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        body = line.strip()
        m = re.fullmatch(r"([A-Za-z][A-Za-z0-9]*)(?: \((?:block|inline)\))?:?", body)
        if m and not body.startswith('"'):
            while stack[-1][0] >= indent:
                stack.pop()
            element = {"type": m.group(1), "text": [], "kids": [], "attrs": {}}
            stack[-1][1]["kids"].append(element)
            stack.append((indent, element))
        elif body.startswith("/"):
            key, _, value = body[1:].partition(" ")
            stack[-1][1]["attrs"][key] = value
        elif body.startswith('"'):
            stack[-1][1]["text"].append(body[1:-1])
    return root["kids"]


def walk(nodes):
    for n in nodes:
        yield n
        yield from walk(n["kids"])


def all_text(n):
    return "".join(n["text"]) + "".join(all_text(k) for k in n["kids"])


def squeeze(s):
    """Text without spaces: poppler joins the lines of an element without one."""
    return re.sub(r"\s+", "", s)


def loose(s):
    """Text without spaces and hyphens (a TOC entry may break a word where its heading does not)."""
    return re.sub(r"[\s-]+", "", s)


objects = pdf_objects(PDF)
tree = struct_tree(objects)
# Both readers walk the same elements; poppler supplies the text, qpdf the attributes.
ptree = poppler_tree(PDF)
elements = list(walk(tree))
pelements = list(walk(ptree[0]["kids"])) if ptree and ptree[0]["type"] == "Document" else []
check([e["type"] for e in elements[1:]] == [e["type"] for e in pelements],
      f"qpdf and poppler read the same {len(pelements)} structure elements")
for e, p in zip(elements[1:], pelements):
    e["text"] = all_text(p)


# ---- the document ------------------------------------------------------------------------------

info = run("pdfinfo", PDF).stdout
check(re.search(r"^Tagged:\s+yes$", info, re.M) is not None, "pdfinfo reports Tagged: yes")
check(objects.catalog.get("/Lang") in ("u:sv", "u:sv-SE"),
      f"the catalog's /Lang is Swedish ({objects.catalog.get('/Lang')})")
check(objects.catalog.get("/MarkInfo", {}).get("/Marked") is True, "/MarkInfo /Marked true")
check(objects.catalog.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is True,
      "the viewer shows the title, not the file name")
qpdf_check = run("qpdf", "--check", PDF, check=False)
check(qpdf_check.returncode == 0 and "WARNING" not in qpdf_check.stdout + qpdf_check.stderr,
      "qpdf --check finds the tagged file clean")
check(tree and tree[0]["type"] == "Document", "the tree's root element is Document")


# ---- headings against the outline ------------------------------------------------------------

def outline_entries(items, level=1):
    for o in items:
        yield level, o["title"], o["dest"]
        yield from outline_entries(o["kids"], level + 1)


outline = list(outline_entries(objects.outlines))
headings = [(int(e["type"][1]), e["text"]) for e in elements if re.fullmatch(r"H[1-6]", e["type"])]
check(len(headings) > 40 and [(lv, squeeze(t)) for lv, t, _ in outline] ==
      [(lv, squeeze(t)) for lv, t in headings],
      f"{len(headings)} headings H1..H6 in the outline's order and levels")
numbered = [(lv, t) for lv, t in headings if re.match(r"\d+(\.\d+)*\.? ", t)]
wrong = [(lv, t) for lv, t in numbered if lv != len(re.match(r"[\d.]+", t).group(0).strip(".").split("."))]
check(len(numbered) >= 15 and not wrong,
      f"{len(numbered)} numbered headings are H1/H2/H3 as their numbers say {wrong[:3]}")
check([lv for lv, t in numbered][:4] == [1, 1, 2, 2], "in order: 1., 2., 2.1, 2.2 ...")


# ---- tables ---------------------------------------------------------------------------------

tables = [e for e in elements if e["type"] == "Table"]
problems = []
for t in tables:
    kinds = [k["type"] for k in t["kids"]]
    if kinds not in (["Caption", "THead", "TBody"], ["THead", "TBody"]):
        problems.append(kinds)
        continue
    head = t["kids"][-2]
    for tr in head["kids"]:
        for th in tr["kids"]:
            if th["type"] != "TH" or th["attrs"].get("/Scope") != "/Column" or th["attrs"].get("/O") != "/Table":
                problems.append(("TH", th["type"], th["attrs"]))
    for tr in t["kids"][-1]["kids"]:
        if tr["type"] != "TR" or not tr["kids"] or any(td["type"] != "TD" for td in tr["kids"]):
            problems.append(("TR", [td["type"] for td in tr["kids"]]))
check(len(tables) >= 20 and not problems,
      f"{len(tables)} tables as Table > (Caption) THead TBody > TR > TH /Scope /Column | TD {problems[:3]}")
# A table over several pages repeats its header rows on each: read once, in THead.
long_tables = [t for t in tables if len(set().union(*(e["pages"] for e in walk(t["kids"][-1:])))) > 1]
header_pages = [set().union(*(e["pages"] for e in walk(t["kids"][-2:-1]))) for t in long_tables]
check(long_tables and all(len(p) == 1 for p in header_pages),
      f"{len(long_tables)} tables run over pages; each one's header cells are tagged on one page only")
# samples/hello numbers its table and gives it a caption: the Caption is the Table's first part.
hello_pdf = os.path.join(OUT, "hello.pdf")
rapport("render", "samples/hello/report.xml", "-o", hello_pdf)
hello = [e for e in walk(struct_tree(pdf_objects(hello_pdf))) if e["type"] in ("Table", "Caption")]
hello_text = [all_text(e) for e in walk(poppler_tree(hello_pdf)) if e["type"] == "Caption"]
caption = re.search(r'caption="([^"]*)"', open("samples/hello/report.xml", encoding="utf-8").read()).group(1)
check([e["type"] for e in hello] == ["Table", "Caption"] and hello_text == [f"Tabell 1: {caption}"],
      f"a numbered table's caption is the Caption inside its Table ({hello_text})")


# ---- lists and notes ---------------------------------------------------------------------------

lists = [e for e in elements if e["type"] == "L"]
bad = [[k["type"] for k in li["kids"]] for l in lists for li in l["kids"]
       if li["type"] != "LI" or [k["type"] for k in li["kids"]] != ["Lbl", "LBody"]]
labels = [li["kids"][0]["text"] for l in lists for li in l["kids"] if li["kids"]]
check(len(lists) >= 5 and not bad, f"{len(lists)} lists as L > LI > Lbl + LBody {bad[:3]}")
check(labels and all(re.fullmatch(r"\d+\.|[•–-]", s) for s in labels),
      f"the labels are the bullets and numbers ({labels[:4]})")
notes = [e["text"] for e in elements if e["type"] == "Note"]
check(len(notes) >= 3 and [int(re.match(r"\d+", n).group(0)) for n in notes] == list(range(1, len(notes) + 1)),
      f"{len(notes)} footnotes are Note elements in number order ({[n[:12] for n in notes]})")


# ---- artifacts: what a reader must not read ----------------------------------------------------

def text_operations(path):
    """(page, y from the top, state) for every text-showing operator; state is 'artifact',
    'tagged' (inside a sequence with an MCID) or 'none'."""
    qdf = os.path.join(OUT, os.path.basename(path) + ".qdf.pdf")
    run("qpdf", "--qdf", "--object-streams=disable", path, qdf)
    data = open(qdf, "rb").read().decode("latin-1")
    out = []
    for m in re.finditer(r"%% Contents for page (\d+)\n.*?\nstream\n(.*?)\nendstream", data, re.S):
        page, stack, y = int(m.group(1)), [], 0.0
        tokens = re.findall(r"\((?:\\.|[^\\)])*\)|<<|>>|<[0-9a-fA-F]*>|\[|\]|/[^\s/\[\]()<>]+|[^\s/\[\]()<>]+",
                            m.group(2))
        operands = []
        for tok in tokens:
            if re.fullmatch(r"[A-Za-z'\"*]+[0-9*]?", tok) and tok not in ("true", "false", "null"):
                if tok in ("BDC", "BMC"):
                    stack.append("artifact" if operands[0] == "/Artifact" else
                                 "tagged" if "/MCID" in operands else "other")
                elif tok == "EMC":
                    stack.pop()
                elif tok == "Tm":
                    y = float(operands[-1])
                elif tok in ("Tj", "TJ", "'", '"'):
                    state = "artifact" if "artifact" in stack else "tagged" if "tagged" in stack else "none"
                    out.append((page, y, state))
                operands = []
            else:
                operands.append(tok)
    return out


ops = text_operations(PDF)
untagged = [o for o in ops if o[2] == "none"]
check(ops and not untagged, f"all {len(ops)} pieces of text are tagged or artifacts {untagged[:3]}")
# cairo draws with y down from the top (its "1 0 0 -1 0 H cm"), so Tm's y is from the top.
margins = [o for o in ops if o[0] > 1 and (o[1] > objects.page_height(o[0]) - 50 or o[1] < 50)]
check(margins and all(o[2] == "artifact" for o in margins),
      f"running headers and footers ({len(margins)} pieces of text) are artifacts, in no element")
footer_pages = {o[0] for o in margins}
check(len(footer_pages) == len(objects.pages) - 1, f"every page after the cover has a footer ({len(footer_pages)})")


# ---- page labels --------------------------------------------------------------------------------

def label(index):
    entry = [p for p in objects.page_labels if p["index"] <= index][-1]
    lab = entry["label"]
    number = "" if "/S" not in lab else str(lab.get("/St", 1) + index - entry["index"])
    return lab.get("/P", "u:")[2:] + number


labels_ok = label(0) == "Omslag" and all(label(i) == str(i + 1) for i in range(1, len(objects.pages)))
check(labels_ok, f"page labels: the cover is 'Omslag', then {label(1)}, {label(2)} ... as printed")
all_words = words(PDF)
printed = {}
for page, x0, y0, x1, y1, text, size in all_words:
    if y0 > size[1] - 50 and re.fullmatch(r"\d+", text) and page not in printed:
        printed[page] = text
check(len(printed) > 30 and all(label(p - 1) == n for p, n in printed.items()),
      f"each footer's page number is the page's label ({len(printed)} pages)")


# ---- bookmarks and table-of-contents links -------------------------------------------------

def lands_on(title, page, top):
    """True if pdftotext finds the first words of `title` on `page` just below `top`."""
    first = title.split()[:2]
    page_words = [w for w in all_words if w[0] == page]
    for i in range(len(page_words) - len(first) + 1):
        if [w[5] for w in page_words[i:i + len(first)]] == first and -2 <= page_words[i][2] - top <= 30:
            return True
    return False


missed = []
for level, title, dest in outline:
    page, top = objects.destination(dest)
    if not lands_on(title, page, top):
        missed.append((title, page, round(top)))
check(len(outline) > 40 and not missed, f"{len(outline)} bookmarks land on their headings {missed[:3]}")

toc_items = [e for e in elements if e["type"] == "TOCI"]
missed = []
for item in toc_items:
    link = item["kids"][0] if item["kids"] else {"annots": [], "text": ""}
    number = re.search(r"(\d+)$", link["text"])
    title = next((o[1] for o in outline if loose(link["text"]).startswith(loose(o[1]))), link["text"])
    for annot in link["annots"]:
        page, top = objects.destination(annot["/Dest"])
        if not lands_on(title, page, top) or not number or label(page - 1) != number.group(1):
            missed.append((title, page, number and number.group(1)))
annots = sum(len(i["kids"][0]["annots"]) for i in toc_items if i["kids"])
check(len(toc_items) >= 20 and annots >= len(toc_items) and not missed,
      f"{len(toc_items)} TOC entries: {annots} links land on the heading's page, whose label is the printed number {missed[:3]}")


# ---- a page range: PDF, SVG, PNG ---------------------------------------------------------

part = os.path.join(OUT, "part.pdf")
rapport("render", SAMPLE, "-o", part, "--pages", "3-5")
part_objects = pdf_objects(part)
part_elements = list(walk(struct_tree(part_objects)))
check(len(part_objects.pages) == 3 and [p["index"] for p in part_objects.page_labels] == [0]
      and part_objects.page_labels[0]["label"] == {"/S": "/D", "/St": 3},
      "--pages 3-5: three pages labelled 3, 4, 5")
check(re.search(r"^Tagged:\s+yes$", run("pdfinfo", part).stdout, re.M) is not None
      and 0 < len(part_elements) < len(elements)
      and all(e["pages"] <= {1, 2, 3} for e in part_elements),
      f"--pages 3-5 is tagged with only the {len(part_elements)} elements on those pages")

for fmt in ("svg", "png"):
    folder = os.path.join(OUT, fmt)
    os.makedirs(folder)
    rapport("render", SAMPLE, "--format", fmt, "--pages", "3-5", "--dpi", "40", "-o", os.path.join(folder, f"o.{fmt}"))
    names = sorted(os.listdir(folder))
    check(names == [f"o-{n}.{fmt}" for n in (3, 4, 5)], f"--format {fmt} --pages 3-5 writes pages 3, 4, 5 ({names})")
    single = os.path.join(OUT, f"single.{fmt}")
    rapport("render", SAMPLE, "--format", fmt, "--pages", "4", "--dpi", "40", "-o", single)
    page4 = open(os.path.join(folder, f"o-4.{fmt}"), "rb").read()
    check(page4 == open(os.path.join(OUT, f"single-4.{fmt}"), "rb").read()
          and page4 != open(os.path.join(folder, f"o-3.{fmt}"), "rb").read(),
          f"page 4 as {fmt} is the same from '3-5' and from '4', and not page 3")
svg = open(os.path.join(OUT, "svg", "o-3.svg"), encoding="utf-8").read()
check(re.search(r'width="595\.2\d*pt" height="841\.8\d*pt"', svg) is not None, "the SVG page is A4 in points")
png = open(os.path.join(OUT, "png", "o-3.png"), "rb").read()
w, h = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
check((w, h) == (331, 468), f"the PNG page is A4 at 40 dpi ({w}x{h})")


# ---- the haru backend cannot tag, and says so once ------------------------------------------

haru_pdf = os.path.join(OUT, "haru.pdf")
haru = rapport("render", "samples/hello/report.xml", "--backend", "haru", "-o", haru_pdf)
said = [line for line in haru.stderr.splitlines() if "cannot write a tagged PDF" in line]
check(len(said) == 1 and said[0].startswith("rapport render: warning: the haru backend")
      and re.search(r"^Tagged:\s+no$", run("pdfinfo", haru_pdf).stdout, re.M) is not None,
      f"--backend haru writes an untagged PDF and warns once ({said})")
cairo_run = rapport("render", "samples/hello/report.xml", "-o", os.path.join(OUT, "cairo.pdf"))
check("tagged PDF" not in cairo_run.stderr, "the cairo backend gives no such warning")


# ---- charts: figures read through their text alternative ------------------------------

charts_pdf = os.path.join(OUT, "charts.pdf")
rapport("render", "samples/charts/report.xml", "-o", charts_pdf)
chart_elements = list(walk(struct_tree(pdf_objects(charts_pdf))))
chart_texts = list(walk(poppler_tree(charts_pdf)[0]["kids"]))
for e, p in zip(chart_elements[1:], chart_texts):
    e["text"] = all_text(p)
figures = [(i, e) for i, e in enumerate(chart_elements) if e["type"] == "Figure"]
definition = open("samples/charts/report.xml", encoding="utf-8").read()
charts = len(re.findall(r"<chart\s", definition))
written = re.findall(r"<alt>(.*?)</alt>", definition, re.S)
# An author's <alt> is the text alternative as written; the others are generated from the data
# and name the chart's title, which stands just before its figure as a paragraph.
alts = [e["alt"][2:] for i, e in figures]
generated = [squeeze(chart_elements[i - 1]["text"]) in squeeze(e["alt"]) for i, e in figures
             if e["alt"][2:] not in written]
check(len(figures) == charts and written and all(w in alts for w in written)
      and len(generated) == charts - len(written) and all(generated),
      f"{len(figures)} of {charts} charts are Figures with /Alt: {len(written)} as written, "
      f"{len(generated)} generated naming the title")
print("alt text of the first chart:", figures[0][1]["alt"][2:][:120])

done()
