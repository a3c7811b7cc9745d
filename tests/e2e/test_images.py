"""Images in reports (issue 13): the Exempelby sample's photo (JPEG), emblem (PNG) and
organisation chart (SVG) in both backends, embedded once, at the same places, and every bad
image file refused with its located error and no output."""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from pdftools import rapport, run  # noqa: E402

SAMPLE = "samples/exempelby-arsredovisning/report.xml"
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


def test_sample(tmp):
    cairo, haru, trace = (os.path.join(tmp, n) for n in ("c.pdf", "h.pdf", "t.txt"))
    rapport("render", SAMPLE, "-o", cairo)
    haru_run = rapport("render", SAMPLE, "-o", haru, "--backend", "haru")
    rapport("render", SAMPLE, "-o", trace, "--format", "trace")
    with open(trace, encoding="utf-8") as f:
        placed = traced_images(f.read())
    check([p[1] for p in placed] == ["jpeg", "png", "svg"], f"traced images: {placed}")

    c_rows, h_rows = image_list(cairo), image_list(haru)
    c_images = [r for r in c_rows if r["type"] == "image"]
    # The SVG is vectors in cairo: only the photo and the emblem are raster images.
    check(len(c_images) == 2, f"cairo raster images: {c_images}")
    check([r["enc"] for r in c_images] == ["jpeg", "image"], f"cairo encodings: {c_images}")
    check(len({r["object"] for r in c_rows if r["type"] == "image"}) == len(c_images),
          "cairo: distinct images share an object")
    # libharu rasterises the SVG (with a warning) and embeds the JPEG as-is too.
    h_images = [r for r in h_rows if r["type"] == "image"]
    check([r["enc"] for r in h_images] == ["jpeg", "image", "image"], f"haru encodings: {h_images}")
    check("rasterised at 200 dpi" in haru_run.stderr, "haru: no warning about the rasterised SVG")
    # Same page and same placed size (pixels per inch follow from the placed size) in both.
    for c, h in zip(c_images, h_images):
        check((c["page"], c["width"], c["height"]) == (h["page"], h["width"], h["height"]),
              f"backends place {c} and {h} differently")
        check(abs(c["x_ppi"] - h["x_ppi"]) <= 1 and abs(c["y_ppi"] - h["y_ppi"]) <= 1,
              f"backends scale {c} and {h} differently")

    # Growth over the same report without images: at most about 1.2 × the files' sizes.
    def variant(name, keep_images):
        folder = os.path.join(tmp, name)
        shutil.copytree(os.path.dirname(SAMPLE), folder)
        definition = os.path.join(folder, "report.xml")
        with open(definition, encoding="utf-8") as f:
            text = f.read().replace("../images/", os.path.abspath(IMAGES) + "/")
        if not keep_images:
            text, n = re.subn(r"<image\b[^>]*/>", "", text)
            check(n == 3, f"expected 3 images in the sample, found {n}")
        with open(definition, "w", encoding="utf-8") as f:
            f.write(text)
        pdf = os.path.join(tmp, name + ".pdf")
        rapport("render", definition, "-o", pdf)
        return os.path.getsize(pdf)

    files = sum(os.path.getsize(os.path.join(IMAGES, n))
                for n in ("landscape.jpg", "exempelby.png", "exempelby.svg"))
    growth = variant("with", True) - variant("plain", False)
    check(0 < growth <= 1.2 * files, f"images add {growth} bytes for {files} bytes of files")


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


def main():
    with tempfile.TemporaryDirectory() as tmp:
        test_sample(tmp)
        test_image_used_twice(tmp)
        test_bad_images(tmp)
    for failure in FAILURES:
        print("FAIL:", failure)
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
