"""Backend parity: every sample rendered with cairo and with libharu gives the same page count, the
same words at the same places (pdftotext -bbox, every edge within 0.5 pt) and the same pictures
(pages rasterised at low resolution: rules, fills and charts are not words). Each backend also
writes the same bytes twice with SOURCE_DATE_EPOCH set.

Words are paired one to one on the same page by their text, each with the nearest unpaired word
of the other file; the first differing words are printed with both boxes.
"""
import glob
import os
import re
from collections import defaultdict

from pdftools import *

TOLERANCE_PT = 0.5
SHOWN = 5            # differing words printed per sample
RASTER_DPI = 50      # pictures: bars, fills and rules of half a point show; glyph edges blur
PIXEL_THRESHOLD = 64  # a grey pixel differs when it moves by more than this (of 255)
PIXEL_SHARE = 0.001   # share of a page's pixels allowed to differ
EPOCH = {"SOURCE_DATE_EPOCH": "1637625600"}

out = temp_dir()


def box(w):
    return f"({w[1]:.2f}, {w[2]:.2f})-({w[3]:.2f}, {w[4]:.2f})"


def distance(a, b):
    return max(abs(a[i] - b[i]) for i in range(1, 5))


def compare_words(cairo_words, haru_words):
    """Pairs the words of the two files; returns (worst distance, differences in cairo's order).

    A difference is (cairo word or None, haru word or None): a word too far from its partner, or
    a word with no partner of the same text on the same page.
    """
    unpaired = defaultdict(list)
    for w in haru_words:
        unpaired[(w[0], w[5])].append(w)
    worst, differences = 0.0, []
    for w in cairo_words:
        candidates = unpaired.get((w[0], w[5]))
        if not candidates:
            differences.append((w, None))
            continue
        nearest = min(candidates, key=lambda c: distance(w, c))
        candidates.remove(nearest)
        worst = max(worst, distance(w, nearest))
        if distance(w, nearest) > TOLERANCE_PT:
            differences.append((w, nearest))
    left = sorted((w for ws in unpaired.values() for w in ws), key=lambda w: (w[0], w[2], w[1]))
    differences += [(None, w) for w in left]
    return worst, differences


def describe(difference):
    cairo, haru = difference
    word = cairo or haru
    return (f"page {word[0]} '{word[5]}': cairo {box(cairo) if cairo else 'missing'}, "
            f"haru {box(haru) if haru else 'missing'}")


def page_sizes(pdf):
    """Each page's "width x height" as pdfinfo prints it (in pt, three decimals)."""
    info = run("pdfinfo", "-f", "1", "-l", str(page_count(pdf)), pdf).stdout
    return re.findall(r"^Page +\d+ size: +([\d.]+ x [\d.]+)", info, re.M)


def read_pgm(path):
    """Decodes a binary greyscale PGM (pdftoppm -gray) into (width, height, bytes)."""
    data = open(path, "rb").read()
    fields, pos = [], 0
    while len(fields) < 4:  # magic, width, height, maximum, separated by whitespace
        while data[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    if fields[0] != b"P5" or fields[3] != b"255":
        raise ValueError(f"{path}: not an 8-bit binary PGM")
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[pos + 1:pos + 1 + width * height]


def rasterise(pdf, prefix):
    run("pdftoppm", "-r", str(RASTER_DPI), "-gray", pdf, prefix)
    return sorted(glob.glob(prefix + "-*.pgm"))


def compare_pictures(sample, cairo_pdf, haru_pdf):
    """Pages whose pixels differ beyond the allowance: [(page, share of pixels differing)]."""
    cairo_pages = rasterise(cairo_pdf, os.path.join(out, sample + "-cairo"))
    haru_pages = rasterise(haru_pdf, os.path.join(out, sample + "-haru"))
    bad = []
    for number, (a, b) in enumerate(zip(cairo_pages, haru_pages), start=1):
        wa, ha, pa = read_pgm(a)
        wb, hb, pb = read_pgm(b)
        if pa == pb:
            continue
        if (wa, ha) != (wb, hb):
            bad.append((number, 1.0))
            continue
        differing = sum(1 for x, y in zip(pa, pb) if abs(x - y) > PIXEL_THRESHOLD)
        if differing > PIXEL_SHARE * wa * ha:
            bad.append((number, differing / (wa * ha)))
    return bad


samples = sorted(os.path.basename(os.path.dirname(p)) for p in glob.glob("samples/*/report.xml"))
check(len(samples) >= 5, f"the samples are found ({', '.join(samples)})")

for sample in samples:
    definition = f"samples/{sample}/report.xml"
    files = {}
    for backend in ("cairo", "haru"):
        files[backend] = os.path.join(out, f"{sample}-{backend}.pdf")
        rapport("render", definition, "--backend", backend, "-o", files[backend], env=EPOCH)
        again = os.path.join(out, f"{sample}-{backend}-again.pdf")
        rapport("render", definition, "--backend", backend, "-o", again, env=EPOCH)
        same = open(files[backend], "rb").read() == open(again, "rb").read()
        check(same, f"{sample}: two {backend} renders are byte-identical")

    pages = {backend: page_count(pdf) for backend, pdf in files.items()}
    check(pages["cairo"] == pages["haru"],
          f"{sample}: same page count (cairo {pages['cairo']}, haru {pages['haru']})")

    cairo_words, haru_words = words(files["cairo"]), words(files["haru"])
    worst, differences = compare_words(cairo_words, haru_words)
    detail = "".join(f"\n    {describe(d)}" for d in differences[:SHOWN])
    check(cairo_words and not differences,
          f"{sample}: the same {len(cairo_words)} words (haru {len(haru_words)}) at the same "
          f"places within {TOLERANCE_PT} pt (worst {worst:.3f} pt, {len(differences)} differ)"
          + detail)

    sizes = {backend: page_sizes(pdf) for backend, pdf in files.items()}
    check(sizes["cairo"] == sizes["haru"], f"{sample}: every page has the same size in both")

    bad = compare_pictures(sample, files["cairo"], files["haru"])
    check(not bad, f"{sample}: the pages look the same at {RASTER_DPI} dpi (at most "
                   f"{PIXEL_SHARE:.1%} of pixels differ by > {PIXEL_THRESHOLD})"
                   + "".join(f"\n    page {n}: {share:.2%} differ" for n, share in bad[:SHOWN]))

done()
