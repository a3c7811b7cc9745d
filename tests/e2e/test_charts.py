"""samples/charts: every chart type rendered, its labels checked as text, each page compared with a
reference PNG; then the chart errors (unknown type, missing field, non-numeric and empty data).

Pixel tolerance: a page matches its reference when at most 0.5 % of its pixels differ by more than
32 (of 255) in some channel, at 50 dpi. Regenerate the references with tests/golden/charts/update.sh.
"""
import os
import struct
import zlib

from pdftools import *

GOLDEN = os.path.join("tests", "golden", "charts")
TOLERANCE = 0.005  # share of pixels allowed to differ
THRESHOLD = 32     # a pixel differs when one channel moves by more than this
DPI = 50


# ---- PNG decoding (python3 has no PIL here) -----------------------------------------------------

def read_png(path):
    """Decodes an 8-bit PNG into (width, height, rows of RGB tuples)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, palette = 8, [], None
    width = height = depth = colour_type = None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or interlace != 0:
                raise ValueError(f"{path}: only 8-bit non-interlaced PNGs are read (depth {depth})")
        elif kind == b"PLTE":
            palette = [tuple(body[i:i + 3]) for i in range(0, len(body), 3)]
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour_type]
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + predictor) & 0xFF
        previous = line
        if colour_type == 2:
            rows.append([tuple(line[i:i + 3]) for i in range(0, stride, 3)])
        elif colour_type == 6:
            rows.append([tuple(line[i:i + 3]) for i in range(0, stride, 4)])
        elif colour_type == 3:
            rows.append([palette[v] for v in line])
        else:  # grey, with or without alpha
            rows.append([(v, v, v) for v in line[::channels]])
    return width, height, rows


def differing_share(actual, reference):
    """Share of pixels whose largest channel difference exceeds THRESHOLD; 1.0 if sizes differ."""
    aw, ah, arows = read_png(actual)
    rw, rh, rrows = read_png(reference)
    if (aw, ah) != (rw, rh):
        return 1.0
    bad = 0
    for arow, rrow in zip(arows, rrows):
        for a, r in zip(arow, rrow):
            if abs(a[0] - r[0]) > THRESHOLD or abs(a[1] - r[1]) > THRESHOLD or abs(a[2] - r[2]) > THRESHOLD:
                bad += 1
    return bad / float(aw * ah)


# ---- the sample ---------------------------------------------------------------------------------

out = temp_dir()
pdf = os.path.join(out, "charts.pdf")
result = rapport("render", "samples/charts/report.xml", "-o", pdf)
check("warning" not in result.stderr, f"the sample renders without warnings: {result.stderr.strip()}")
pages = page_count(pdf)
check(pages == 5, f"the sample has 5 pages (got {pages})")


def page_text(n):
    return " ".join(pdftotext(pdf, n, n).split())


expected = {
    1: ["Avvikelse mot budget per verksamhet, procent", "Källa: Ekonomisystemet, prognos efter augusti 2021",
        "-15 %", "0 %", "5 %", "-12,2 %", "5,4 %", "Myndighet vuxna", "Prognos för helåret per verksamhet, mnkr",
        "171,9", "Nämnd och förvaltning", "200"],
    2: ["Budget och prognos per verksamhet", "mnkr", "Budget", "Prognos", "Ekonomiskt bistånd",
        "Från budget till prognos, mnkr", "547,0", "-10,5", "+5,2", "520,7", "Ökning", "Minskning"],
    3: ["Placeringsdygn för barn och unga 0–20 år per kvartal", "20 000", "Kv1 2019", "Kv2 2020",
        "Institution", "Familjehem", "Jourhem", "Stödboende/träningslägenhet", "Källa: Verksamhetssystemet",
        "Budget per verksamhet, andel av nämndens budget", "Myndighet barn och unga (33 %)", "33 %"],
    4: ["Personer per dygn, budget och utfall", "personer", "365", "335", "jan", "dec", "Budget", "Utfall",
        "Påbörjade utredningar per månad", "jan 19", "okt 21", "Påbörjade utredningar",
        "Trend (medelvärde av 12 senaste)"],
    5: ["Personalkostnader mot budget", "procent", "103 %", "98 %", "2020", "2023", "Utfall/prognos",
        "Utfall i procent av budget", "Avvikelse, mnkr", "Påbörjade utredningar 2021", "-20", "jan 21"],
}
for n, strings in expected.items():
    text = page_text(n)
    missing = [s for s in strings if s not in text]
    check(not missing, f"page {n}: titles, axis labels and legend entries are text (missing {missing})")

# Word positions: tick labels stand left of the plot and the categories under it.
words_1 = words(pdf, 1)
by_text = {}
for w in words_1:
    by_text.setdefault(w[5], []).append(w)
zero = [w for w in by_text.get("0", []) if w[1] < 130]
vuxna = by_text.get("vuxna", [])
check(zero and vuxna and zero[0][3] < vuxna[0][1] and zero[0][2] < vuxna[0][2],
      "the y axis labels stand left of and above the category labels")

# The haru backend draws the same words on the same pages.
haru_pdf = os.path.join(out, "charts-haru.pdf")
haru = rapport("render", "samples/charts/report.xml", "-o", haru_pdf, "--backend", "haru", check=False)
if haru.returncode == 0:
    same = all(sorted(pdftotext(pdf, n, n).split()) == sorted(pdftotext(haru_pdf, n, n).split())
               for n in range(1, pages + 1))
    check(same, "cairo and haru give the same words on every chart page")
else:
    check(False, f"the haru backend renders the sample: {haru.stderr.strip()}")

# Pixels: each page against its reference.
run("pdftoppm", "-r", str(DPI), "-png", pdf, os.path.join(out, "page"))
for n in range(1, pages + 1):
    actual = os.path.join(out, f"page-{n}.png")
    reference = os.path.join(GOLDEN, f"page-{n}.png")
    if not os.path.exists(reference):
        check(False, f"page {n}: reference {reference} exists (run tests/golden/charts/update.sh)")
        continue
    share = differing_share(actual, reference)
    ok = share <= TOLERANCE
    if not ok:
        kept = os.path.join(GOLDEN, f"page-{n}.actual.png")
        with open(actual, "rb") as src, open(kept, "wb") as dst:
            dst.write(src.read())
    check(ok, f"page {n}: {share * 100:.2f} % of pixels differ from the reference (limit {TOLERANCE * 100:.1f} %)")


# ---- errors -------------------------------------------------------------------------------------

def definition(chart, data="verksamhet;budget;prognos\nBarn;120;124\nVuxna;80;77\n"):
    folder = temp_dir()
    with open(os.path.join(folder, "data.csv"), "w", encoding="utf-8") as f:
        f.write(data)
    path = os.path.join(folder, "report.xml")
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<report lang="sv">\n  <meta><title>Fel</title></meta>\n'
                '  <data><csv name="v" file="data.csv" separator=";"/></data>\n'
                f'  <section title="Diagram">\n{chart}\n  </section>\n</report>\n')
    return folder, path


def render_errors(chart, data=None):
    folder, path = definition(chart, data) if data else definition(chart)
    target = os.path.join(folder, "out.pdf")
    result = rapport("render", path, "-o", target, check=False)
    return result, target, os.path.basename(path)


r, target, name = render_errors('    <chart type="stapel" source="v"><series field="budget"/></chart>')
check(r.returncode != 0 and f"{name}:6:18: error: unknown chart type 'stapel'" in r.stderr and not os.path.exists(target),
      f"an unknown chart type is a located error and no PDF is written: {r.stderr.strip()}")

r, target, name = render_errors('    <chart type="bar" source="v">\n      <series field="prognoss"/>\n    </chart>')
check(r.returncode != 0 and f"{name}:7:7: error: unknown field 'prognoss' in data source 'v'" in r.stderr
      and "hint: did you mean 'prognos'?" in r.stderr,
      f"a missing series field is a located error with a hint: {r.stderr.strip()}")

r, target, name = render_errors('    <chart type="bar" source="v"><series field="budget" label="Budget"/></chart>',
                                "verksamhet;budget;prognos\nBarn;120;124\nVuxna;n/a;77\n")
check(r.returncode != 0 and "data.csv:3: error: expected a number for chart series 'Budget' (field 'budget'), found 'n/a'"
      in r.stderr, f"non-numeric data names the data row: {r.stderr.strip()}")

r, target, name = render_errors('    <chart type="bar" source="v" filter="budget > 1000" title="Tomt">'
                                '<series field="budget"/></chart>')
check(r.returncode == 0 and f"{name}:6:5: warning: the chart 'Tomt' has no data to show" in r.stderr,
      f"empty data is a warning: {r.stderr.strip()}")
check(r.returncode == 0 and "Inga data" in pdftotext(target), "empty data draws an 'Inga data' placeholder")

done()
