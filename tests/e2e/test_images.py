"""Images in reports (issue 13): the Exempelby sample's photo (JPEG), emblem (PNG, also the
layout's logo on the cover and in every header) and map (SVG) in both backends,
embedded once, at the same places (read from the PDFs' content streams), and every bad image
file, in the flow or as a logo, refused with its located error and no output."""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from pdftools import pdftotext, rapport, run  # noqa: E402

SAMPLE = "samples/exempelby-arsredovisning/report.xml"
LAYOUT = "layouts/exempelby.xml"
IMAGES = "samples/images"
BAD = "tests/data/images"
FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)


def image_list(pdf):
    """pdfimages -list rows as dicts (page, type, width, height, enc, object, x-ppi, y-ppi)."""
    rows = []
    for line in run("pdfimages", "-list", pdf).stdout.splitlines()[2:]:
        f = line.split()
        rows.append({"page": int(f[0]), "type": f[2], "width": int(f[3]), "height": int(f[4]),
                     "enc": f[8], "object": int(f[10]), "x_ppi": int(f[12]), "y_ppi": int(f[13])})
    return rows


def traced_images(trace):
    """(page, kind, placement) of every image line of a trace."""
    out, page = [], 0
    for line in trace.splitlines():
        if line.startswith("page "):
            page = int(line.split()[1])
        elif line.startswith("image "):
            f = line.split()
            out.append((page, f[1], f[2], f[3]))
    return out


# ---- placed pictures, read from the PDF itself (qpdf --qdf: uncompressed, one object each) ----

def qdf_objects(pdf, tmp):
    """{object number: (dictionary text, stream bytes or None)} and the page objects in order."""
    out = os.path.join(tmp, os.path.basename(pdf) + ".qdf")
    run("qpdf", "--qdf", "--object-streams=disable", pdf, out, check=False)  # warnings exit 3
    with open(out, "rb") as f:
        data = f.read().decode("latin-1")
    objects = {}
    # qpdf renumbers objects; pdfimages names the original numbers, which QDF keeps in comments.
    original = {int(new): int(old) for old, new in
                re.findall(r"^%% Original object ID: (\d+) \d+\n(\d+) 0 obj", data, re.M)}
    for m in re.finditer(r"^(\d+) 0 obj\n(.*?)\nendobj", data, re.M | re.S):
        body = m.group(2)
        if "\nstream\n" in body:
            head, rest = body.split("\nstream\n", 1)
            objects[int(m.group(1))] = (head, rest.rsplit("endstream", 1)[0])
        else:
            objects[int(m.group(1))] = (body, None)
    pages = [int(n) for n in re.findall(r"^%% Page \d+\n%% Original object ID: .*\n(\d+) 0 obj", data, re.M)]
    return objects, pages, original


def dict_entry(objects, text, key):
    """The text of /key's value in a dictionary text, following one indirect reference."""
    m = re.search(r"/" + key + r"\s+(\d+) 0 R", text)
    if m:
        return objects[int(m.group(1))][0]
    m = re.search(r"/" + key + r"\s*<<", text)
    if not m:
        return ""
    depth, i = 1, m.end()
    while depth and i < len(text):
        if text.startswith("<<", i):
            depth, i = depth + 1, i + 2
        elif text.startswith(">>", i):
            depth, i = depth - 1, i + 2
        else:
            i += 1
    return text[m.end():i - 2]


def numbers(text, key):
    m = re.search(r"/" + key + r"\s*\[([^\]]*)\]", text)
    return [float(v) for v in m.group(1).split()] if m else None


def multiply(a, b):
    """a then b, as PDF matrices [a b c d e f]."""
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


TOKEN = re.compile(rb"\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|/[^\s/\[\]()<>{}]+|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'\"*]+|[\[\]]|<<|>>")


def placed_pictures(pdf, tmp):
    """Per page, the rectangles (x, y from the top-left corner, width, height, object) where an
    image XObject is drawn, or a form XObject that draws no image (an SVG kept as vectors),
    found by following q/Q/cm and Do through the page's content stream."""
    objects, pages, original = qdf_objects(pdf, tmp)
    result = []
    for number in pages:
        page = objects[number][0]
        height = numbers(page, "MediaBox")[3]
        contents = [int(n) for n in re.findall(r"(\d+) 0 R", re.search(r"/Contents\s+(\[[^\]]*\]|\d+ 0 R)", page).group(1))]
        stream = "".join(objects[c][1] for c in contents)
        placed = []
        walk(objects, stream, dict_entry(objects, page, "Resources"), [1, 0, 0, 1, 0, 0], height, placed)
        result.append([p[:4] + (original.get(p[4], p[4]),) for p in placed])
    return result


def walk(objects, stream, resources, ctm, page_height, placed):
    names = dict(re.findall(r"/(\S+)\s+(\d+) 0 R", dict_entry(objects, resources, "XObject")))
    stack, operands = [], []
    for token in TOKEN.findall(stream.encode("latin-1")):
        t = token.decode("latin-1")
        if re.fullmatch(r"[-+]?(?:\d+\.?\d*|\.\d+)", t) or t.startswith("/"):
            operands.append(t)
            continue
        if t == "q":
            stack.append(ctm)
        elif t == "Q":
            ctm = stack.pop() if stack else ctm
        elif t == "cm" and len(operands) >= 6:
            ctm = multiply([float(v) for v in operands[-6:]], ctm)
        elif t == "Do" and operands:
            number = int(names[operands[-1][1:]])
            head, body = objects[number]
            if "/Subtype /Image" in head:
                placed.append(rectangle([0, 0, 1, 1], ctm, page_height) + (number,))
            elif "/Subtype /Form" in head:
                inner = multiply(numbers(head, "Matrix") or [1, 0, 0, 1, 0, 0], ctm)
                before = len(placed)
                walk(objects, body, head, inner, page_height, placed)
                if len(placed) == before:
                    placed.append(rectangle(numbers(head, "BBox"), inner, page_height) + (number,))
        operands = []


def rectangle(box, m, page_height):
    """The box (x0 y0 x1 y1) under matrix m, as (x, y from the top, width, height)."""
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])):
        xs.append(m[0] * x + m[2] * y + m[4])
        ys.append(page_height - (m[1] * x + m[3] * y + m[5]))
    return (min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def test_sample(tmp):
    cairo, haru, trace = (os.path.join(tmp, n) for n in ("c.pdf", "h.pdf", "t.txt"))
    rapport("render", SAMPLE, "-o", cairo)
    haru_run = rapport("render", SAMPLE, "-o", haru, "--backend", "haru")
    rapport("render", SAMPLE, "-o", trace, "--format", "trace")
    with open(trace, encoding="utf-8") as f:
        placed = traced_images(f.read())
    pages = max(p[0] for p in placed)
    # The cover logo, then per page the flow's pictures and the header logo.
    check(sorted(p[1] for p in placed) == sorted(["png"] * (pages + 1) + ["jpeg", "svg"]),
          f"traced images: {placed}")

    c_rows, h_rows = image_list(cairo), image_list(haru)
    c_images = [r for r in c_rows if r["type"] == "image"]
    h_images = [r for r in h_rows if r["type"] == "image"]
    for name, rows in (("cairo", c_images), ("haru", h_images)):
        logo = [r for r in rows if (r["width"], r["height"]) == (355, 426)]
        # The emblem: on every page (cover logo, header logo, and once in the text), one object.
        check(sorted({r["page"] for r in logo}) == list(range(1, pages + 1)), f"{name}: emblem pages {logo}")
        check(len({r["object"] for r in logo}) == 1, f"{name}: the emblem is not one object: {logo}")
        jpeg = [r for r in rows if r["enc"] == "jpeg"]
        check(len(jpeg) == 1 and (jpeg[0]["width"], jpeg[0]["height"]) == (640, 400), f"{name}: jpeg {jpeg}")
    # The SVG is vectors in cairo: only the photo and the emblem are raster images.
    check(len({r["object"] for r in c_images}) == 2, f"cairo raster images: {c_images}")
    # libharu rasterises the SVG (with a warning) and embeds the JPEG as-is too.
    check(len({r["object"] for r in h_images}) == 3, f"haru raster images: {h_images}")
    check("rasterised at 200 dpi" in haru_run.stderr, "haru: no warning about the rasterised SVG")

    # Both backends place every picture at the same place, read from the content streams.
    c_placed, h_placed = placed_pictures(cairo, tmp), placed_pictures(haru, tmp)
    check(len(c_placed) == len(h_placed) == pages, f"pages: {len(c_placed)}, {len(h_placed)}")
    worst = 0.0
    raster = {r["object"] for r in c_images}
    for number, (c_page, h_page) in enumerate(zip(c_placed, h_placed), 1):
        check(len(c_page) == len(h_page), f"page {number}: cairo {c_page}, haru {h_page}")
        for c, h in zip(sorted(c_page), sorted(h_page)):
            # cairo rounds a form's bounding box (the SVG) out to whole points: its origin is
            # exact, its size within a point.
            vector = c[4] not in raster
            worst = max(worst, abs(c[0] - h[0]), abs(c[1] - h[1]))
            size_error = max(abs(c[2] - h[2]), abs(c[3] - h[3]))
            if not vector:
                worst = max(worst, size_error)
            check(abs(c[0] - h[0]) <= 0.5 and abs(c[1] - h[1]) <= 0.5 and size_error <= (1.0 if vector else 0.5),
                  f"page {number}: cairo places {c[:4]}, haru {h[:4]}")
    print(f"largest position difference between the backends: {worst:.3f} pt")
    logo_places = [p for page in c_placed for p in page if p[4] in
                   {r["object"] for r in c_images if (r["width"], r["height"]) == (355, 426)}]
    check(len(logo_places) == pages + 1, f"cairo: the emblem is drawn {len(logo_places)} times")
    # Tagged output: the cover logo is a Figure read as the layout's alt; every header logo is
    # drawn inside an artifact.
    with open(os.path.join(tmp, "c.pdf.qdf"), "rb") as f:
        tagged = f.read().decode("latin-1")
    check("/Alt (Exempelby kommun)" in tagged, "cairo: the cover logo has no Figure with its alt")
    artifacts = re.findall(r"/Artifact BMC\s*/x\d+ Do", tagged)
    check(len(artifacts) == pages - 1, f"cairo: {len(artifacts)} header logos drawn as artifacts")

    # Growth over the same report without the raster images (the photo, the emblem in the text
    # and as both logos): at most about 1.2 × the files' sizes, the logo counted once.
    def variant(name, drop):
        folder = os.path.join(tmp, name)
        shutil.copytree(os.path.dirname(SAMPLE), folder)
        definition = os.path.join(folder, "report.xml")
        with open(definition, encoding="utf-8") as f:
            text = f.read().replace("../images/", os.path.abspath(IMAGES) + "/")
        with open(LAYOUT, encoding="utf-8") as f:
            layout = f.read().replace("../samples/images/", os.path.abspath(IMAGES) + "/")
        for image in drop:
            pattern = r"<(image|logo)\b[^>]*" + re.escape(image) + r"\"[^>]*/>"
            text, n = re.subn(pattern, "", text)
            layout, m = re.subn(pattern, "", layout)
            check(n + m > 0, f"{image} is not in the sample")
        with open(os.path.join(folder, "layout.xml"), "w", encoding="utf-8") as f:
            f.write(layout)
        text = text.replace('layout="exempelby"', 'layout="layout.xml"')
        with open(definition, "w", encoding="utf-8") as f:
            f.write(text)
        pdf = os.path.join(tmp, name + ".pdf")
        rapport("render", definition, "-o", pdf)
        return os.path.getsize(pdf)

    images = ("landscape.jpg", "exempelby.png", "karta.svg")
    files = sum(os.path.getsize(os.path.join(IMAGES, n)) for n in images)
    growth = variant("with", []) - variant("plain", images)
    print(f"the photo, the map and the emblem (in the text and as both logos) add {growth} bytes "
          f"for {files} bytes of files ({growth / files:.2f} x)")
    check(0 < growth <= 1.2 * files, f"images add {growth} bytes for {files} bytes of files")


def test_svg_text(tmp):
    """librsvg draws an SVG's text as glyph outlines: not text in the PDF, and costly. The
    docs say so (docs/images.md); this tells them when it changes."""
    folder = os.path.join(tmp, "svg-text")
    os.makedirs(folder)
    sizes = {}
    for name, body in (("chart", '<image src="CHART" width="100%" alt="Organisationsschema"/>'), ("none", "")):
        definition = os.path.join(folder, name + ".xml")
        with open(definition, "w", encoding="utf-8") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n<report lang="sv" layout="default">\n'
                    '  <meta><title>T</title></meta>\n  <section title="Organisation">\n'
                    f'    <p>Text.</p>{body.replace("CHART", os.path.abspath(IMAGES) + "/organisation.svg")}\n'
                    '  </section>\n</report>\n')
        pdf = os.path.join(folder, name + ".pdf")
        rapport("render", definition, "-o", pdf)
        sizes[name] = os.path.getsize(pdf)
        if name == "chart":
            check(image_list(pdf) == [], "cairo: the SVG chart became a raster image")
            text = pdftotext(pdf)
            check("Organisation" in text and "Socialnämnden" not in text,
                  "cairo: the SVG's text is real text now: update docs/images.md")
    svg = os.path.getsize(os.path.join(IMAGES, "organisation.svg"))
    cost = sizes["chart"] - sizes["none"]
    print(f"organisation.svg ({svg} bytes, text as outlines) adds {cost} bytes ({cost / svg:.1f} x)")
    check(cost > 0, "the SVG chart adds nothing")


def test_image_used_twice(tmp):
    """An image shown on two pages is one XObject."""
    folder = os.path.join(tmp, "twice")
    os.makedirs(folder)
    shutil.copy(os.path.join(IMAGES, "exempelby.png"), folder)
    body = '<image src="exempelby.png" width="20mm" alt="Emblem"/>'
    with open(os.path.join(folder, "r.xml"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<report lang="sv" layout="default">\n'
                f'<meta><title>T</title></meta>\n<section title="A">{body}</section>\n'
                f'<pagebreak/>\n<section title="B">{body}</section>\n</report>\n')
    for backend in ("cairo", "haru"):
        pdf = os.path.join(folder, backend + ".pdf")
        rapport("render", os.path.join(folder, "r.xml"), "-o", pdf, "--backend", backend)
        rows = [r for r in image_list(pdf) if r["type"] == "image"]
        check(len(rows) == 2 and len({r["page"] for r in rows}) == 2, f"{backend}: {rows}")
        check(len({r["object"] for r in rows}) == 1, f"{backend}: the emblem is not one object: {rows}")


EXPECTED = {
    "empty.png": "the image 'empty.png' is empty (0 bytes)",
    "truncated.png": "the PNG image 'truncated.png' is truncated (the file ends inside the IDAT chunk)",
    "corrupt.png": "the PNG image 'corrupt.png' is corrupt (a CRC error in the IDAT chunk)",
    "bomb.png": "the PNG image 'bomb.png' is 100000x100000 pixels; images are limited to 20000 "
                "pixels a side and 40 megapixels",
    "truncated.jpg": "the JPEG image 'truncated.jpg' is truncated (it has no end-of-image marker)",
    "corrupt.jpg": "the JPEG image 'corrupt.jpg' is corrupt (Unsupported JPEG data precision 0)",
    "photo-named.png": "the image 'photo-named.png' is a JPEG image, but its name ends in '.png'",
    "not-an-image.jpg": "the image 'not-an-image.jpg' is not a PNG, JPEG or SVG image",
    "external.svg": "the SVG image 'external.svg' refers to the external file 'photo.jpg' (line 3)",
    "no-size.svg": "the SVG image 'no-size.svg' has no size",
    "broken.svg": "the SVG image 'broken.svg' is not valid SVG (",
    "missing.png": "cannot read the image 'missing.png': no such file",
}


def test_bad_images(tmp):
    for name, message in EXPECTED.items():
        folder = os.path.join(tmp, "bad-" + name)
        os.makedirs(folder)
        if os.path.exists(os.path.join(BAD, name)):
            shutil.copy(os.path.join(BAD, name), folder)
        definition = os.path.join(folder, "r.xml")
        with open(definition, "w", encoding="utf-8") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n<report lang="sv" layout="default">\n'
                    '  <meta><title>T</title></meta>\n  <section title="A">\n'
                    f'    <image src="{name}" alt="x"/>\n  </section>\n</report>\n')
        for backend in ("cairo", "haru"):
            out = os.path.join(folder, backend + ".pdf")
            result = rapport("render", definition, "-o", out, "--backend", backend, check=False)
            check(result.returncode == 1, f"{name}: exit {result.returncode}")
            first = result.stderr.splitlines()[0] if result.stderr else ""
            check(first.startswith(f"{definition}:5:17: error: {message}"),
                  f"{name} ({backend}): {first!r}")
            check(len(result.stderr.split(": error: ")) == 2, f"{name}: not one error: {result.stderr}")
            check(not os.path.exists(out), f"{name}: wrote {out}")


def test_svg_logo(tmp):
    """An SVG logo: in cairo one form XObject (vectors, no raster image) on every page; in
    libharu one raster image on every page, at the same places."""
    folder = os.path.join(tmp, "svg-logo")
    os.makedirs(folder)
    with open(LAYOUT, encoding="utf-8") as f:
        layout = f.read().replace("../samples/images/exempelby.png", os.path.abspath(IMAGES) + "/exempelby.svg")
    with open(os.path.join(folder, "layout.xml"), "w", encoding="utf-8") as f:
        f.write(layout)
    with open(os.path.join(folder, "r.xml"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<report lang="sv" layout="layout.xml">\n'
                '  <meta><title>T</title></meta>\n  <cover><line style="cover-title">T</line></cover>\n'
                '  <section title="A"><p>Ett.</p></section>\n  <pagebreak/>\n'
                '  <section title="B"><p>Två.</p></section>\n</report>\n')
    placed = {}
    for backend in ("cairo", "haru"):
        pdf = os.path.join(folder, backend + ".pdf")
        rapport("render", os.path.join(folder, "r.xml"), "-o", pdf, "--backend", backend)
        rows = [r for r in image_list(pdf) if r["type"] == "image"]
        placed[backend] = placed_pictures(pdf, tmp)
        check([len(page) for page in placed[backend]] == [1, 1, 1], f"{backend}: SVG logo on {placed[backend]}")
        # The cover logo (larger) and every header show the same object: cairo records an SVG
        # once at its own size and scales it (image/draw.cpp); libharu rasterises it once.
        objects = {p[4] for page in placed[backend] for p in page}
        check(len(objects) == 1, f"{backend}: SVG logo objects {placed[backend]}")
        if backend == "cairo":
            check(rows == [], f"cairo: the SVG logo became a raster image: {rows}")
        else:
            check(len({r["object"] for r in rows}) == 1 and len(rows) == 3, f"haru: {rows}")
    for c_page, h_page in zip(placed["cairo"], placed["haru"]):
        for c, h in zip(c_page, h_page):
            # cairo rounds a form's box out to whole points: the origin is exact.
            check(abs(c[0] - h[0]) <= 0.5 and abs(c[1] - h[1]) <= 0.5 and
                  abs(c[2] - h[2]) <= 1 and abs(c[3] - h[3]) <= 1, f"SVG logo: cairo {c}, haru {h}")


LOGO_CASES = ("missing.png", "corrupt.png", "truncated.jpg", "bomb.png", "broken.svg", "external.svg")


def test_bad_logos(tmp):
    """A bad logo file is one error at the layout's <logo src>, in both backends, and no output."""
    with open("layouts/default.xml", encoding="utf-8") as f:
        default = f.read().splitlines()
    for name in LOGO_CASES:
        folder = os.path.join(tmp, "logo-" + name)
        os.makedirs(folder)
        if os.path.exists(os.path.join(BAD, name)):
            shutil.copy(os.path.join(BAD, name), folder)
        layout = os.path.join(folder, "layout.xml")
        # Line 4, right after <layout name="default">; the src value starts at column 14.
        lines = default[:3] + [f'  <logo src="{name}" position="footer-left" height="10mm"/>'] + default[3:]
        with open(layout, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        definition = os.path.join(folder, "r.xml")
        with open(definition, "w", encoding="utf-8") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n<report lang="sv" layout="layout.xml">\n'
                    '  <meta><title>T</title></meta>\n  <section title="A"><p>Text.</p></section>\n</report>\n')
        for backend in ("cairo", "haru"):
            out = os.path.join(folder, backend + ".pdf")
            result = rapport("render", definition, "-o", out, "--backend", backend, check=False)
            check(result.returncode == 1, f"logo {name}: exit {result.returncode}")
            first = result.stderr.splitlines()[0] if result.stderr else ""
            check(first.startswith(f"{layout}:4:14: error: {EXPECTED[name]}"), f"logo {name} ({backend}): {first!r}")
            check(len(result.stderr.split(": error: ")) == 2, f"logo {name}: not one error: {result.stderr}")
            check(not os.path.exists(out), f"logo {name}: wrote {out}")


def test_logo_too_high(tmp):
    """A footer logo given only a width is checked against its room once its file is read."""
    folder = os.path.join(tmp, "logo-high")
    os.makedirs(folder)
    shutil.copy(os.path.join(IMAGES, "exempelby.png"), folder)
    with open("layouts/default.xml", encoding="utf-8") as f:
        lines = f.read().splitlines()
    lines = lines[:3] + ['  <logo src="exempelby.png" position="footer-left" width="100mm"/>'] + lines[3:]
    layout = os.path.join(folder, "layout.xml")
    with open(layout, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    definition = os.path.join(folder, "r.xml")
    with open(definition, "w", encoding="utf-8") as f:
        f.write('<report layout="layout.xml"><section title="A"><p>Text.</p></section></report>\n')
    out = os.path.join(folder, "r.pdf")
    result = rapport("render", definition, "-o", out, check=False)
    first = result.stderr.splitlines()[0] if result.stderr else ""
    # 100 mm wide at the emblem's 355 × 426 pixels is 340.2 pt high; 25 mm - 35 pt = 35.9 pt fit.
    check(result.returncode == 1 and first == f"{layout}:4:3: error: the footer logo is 340.2pt high at "
          "283.5pt wide, but only 35.9pt fit above the footer's baseline", f"logo too high: {first!r}")
    check(not os.path.exists(out), "logo too high: wrote the PDF")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        test_sample(tmp)
        test_image_used_twice(tmp)
        test_bad_images(tmp)
        test_svg_logo(tmp)
        test_svg_text(tmp)
        test_bad_logos(tmp)
        test_logo_too_high(tmp)
    for failure in FAILURES:
        print("FAIL:", failure)
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
