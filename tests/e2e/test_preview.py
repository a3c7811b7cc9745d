"""`rapport preview`: PNG pages, the `--boxes` overlay checked against a reference PNG and against
the layout itself, and the command's errors.

Pixel tolerance: the overlay page matches tests/golden/preview/hello-p3-boxes-60dpi.png when at
most 0.5 % of its pixels differ by more than 16 (of 255) in some channel. Regenerate the reference
after an intended change with tests/golden/preview/update.sh BUILD/src/rapport.
"""
import os
import re
import struct
import zlib

from pdftools import check, done, rapport, temp_dir

SAMPLE = "samples/hello/report.xml"
REFERENCE = os.path.join("tests", "golden", "preview", "hello-p3-boxes-60dpi.png")
PAGE, DPI = 3, 60
TOLERANCE = 0.005  # share of pixels allowed to differ from the reference
THRESHOLD = 16     # a pixel differs when one channel moves by more than this
MARGIN_MM = 25     # layouts/default.xml: every margin is 25 mm


# ---- PNG decoding (python3 has no PIL here) -----------------------------------------------------

def read_png(path):
    """Decodes an 8-bit RGB or RGBA PNG (what cairo writes) into (width, height, RGB bytes)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, chunks, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", data[pos + 8:pos + 21])
        elif kind == b"IDAT":
            chunks.append(data[pos + 8:pos + 8 + length])
        pos += 12 + length
    width, height, depth, colour_type, _, _, interlace = header
    if depth != 8 or interlace or colour_type not in (2, 6):
        raise ValueError(f"{path}: expected 8-bit RGB(A) without interlace")
    step = 3 if colour_type == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * step
    pixels, above = bytearray(), bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(step, stride):
                line[i] = (line[i] + line[i - step]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, above))
        elif kind in (3, 4):
            for i in range(stride):
                left = line[i - step] if i >= step else 0
                up, corner = above[i], (above[i - step] if i >= step else 0)
                if kind == 3:
                    guess = (left + up) >> 1
                else:
                    p = left + up - corner
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                    guess = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + guess) & 0xFF
        above = line
        pixels += line if step == 3 else bytes(v for i, v in enumerate(line) if i % 4 != 3)
    return width, height, bytes(pixels)


def differing_share(a, b):
    """Share of pixels of two same-sized images whose largest channel difference exceeds THRESHOLD."""
    (aw, ah, ap), (bw, bh, bp) = a, b
    if (aw, ah) != (bw, bh):
        return 1.0
    bad = sum(1 for i in range(0, len(ap), 3)
              if max(abs(ap[i] - bp[i]), abs(ap[i + 1] - bp[i + 1]), abs(ap[i + 2] - bp[i + 2])) > THRESHOLD)
    return bad / (aw * ah)


def overlay_colours(boxes, plain):
    """Per pixel, which overlay colour the --boxes page added over the plain page: the channel that
    darkened least names it (blue text area: red and green drop; orange cells: blue drops; magenta
    baselines: green drops). None where the pages agree."""
    width, height, bp = boxes
    _, _, pp = plain
    kinds = []
    for i in range(0, len(bp), 3):
        dr, dg, db = pp[i] - bp[i], pp[i + 1] - bp[i + 1], pp[i + 2] - bp[i + 2]
        if max(abs(dr), abs(dg), abs(db)) <= THRESHOLD:
            kinds.append(None)
        elif dg > dr + 8 and dg > db + 8:
            kinds.append("baseline")
        elif db > dr + 8 and db > dg + 8:
            kinds.append("cell")
        elif dr > db + 8 and dg > db:
            kinds.append("text-area")
        else:
            kinds.append("other")
    return [kinds[y * width:(y + 1) * width] for y in range(height)]


def px(pt):
    return pt * DPI / 72.0


# ---- what the layout put on the page, from the trace backend ------------------------------------

out = temp_dir()
trace_file = os.path.join(out, "page.trace")
rapport("render", SAMPLE, "-o", trace_file, "--format", "trace", "--pages", str(PAGE))
with open(trace_file, encoding="utf-8") as f:
    trace = f.read()
page_w, page_h = map(float, re.search(r"^page \d+ ([\d.]+)x([\d.]+)", trace, re.M).groups())
baselines = sorted({float(m.group(1)) for m in re.finditer(r"^text .* at [\d.]+,([\d.]+) ", trace, re.M)})
table_lines = sorted({float(y) for y in re.findall(r"^rule [\d.]+,([\d.]+) -> [\d.]+,\1 ", trace, re.M)}
                     | {float(y) for y in re.findall(r"^rect [\d.]+,([\d.]+) ", trace, re.M)})
check(len(baselines) >= 15 and len(table_lines) >= 5,
      f"page {PAGE} has lines of text and a table ({len(baselines)} baselines, {len(table_lines)} table rules)")

# ---- the overlay --------------------------------------------------------------------------------

boxes_dir, plain_dir = os.path.join(out, "boxes"), os.path.join(out, "plain")
r = rapport("preview", SAMPLE, "--boxes", "--pages", str(PAGE), "--dpi", str(DPI), "-o", boxes_dir)
check(sorted(os.listdir(boxes_dir)) == [f"page-{PAGE}.png"], f"--pages {PAGE} writes only page-{PAGE}.png")
rapport("preview", SAMPLE, "--pages", str(PAGE), "--dpi", str(DPI), "-o", plain_dir)
boxes = read_png(os.path.join(boxes_dir, f"page-{PAGE}.png"))
plain = read_png(os.path.join(plain_dir, f"page-{PAGE}.png"))
width, height = boxes[0], boxes[1]
check((width, height) == (round(px(page_w)), round(px(page_h))),
      f"the picture is the page's size at {DPI} dpi ({width}x{height})")

if os.path.exists(REFERENCE):
    share = differing_share(boxes, read_png(REFERENCE))
    if share > TOLERANCE:
        with open(os.path.join(boxes_dir, f"page-{PAGE}.png"), "rb") as src, \
                open(REFERENCE.replace(".png", ".actual.png"), "wb") as dst:
            dst.write(src.read())
    check(share <= TOLERANCE, f"--boxes page {PAGE}: {share * 100:.2f} % of pixels differ from {REFERENCE} "
                              f"(limit {TOLERANCE * 100:.1f} %)")
else:
    check(False, f"the reference {REFERENCE} exists (run tests/golden/preview/update.sh)")

# The overlay against the layout: each kind of box where the layout put it.
kinds = overlay_colours(boxes, plain)
margin = px(MARGIN_MM * 72 / 25.4)
top, bottom, left, right = margin, px(page_h) - margin, margin, px(page_w) - margin
frame_rows = range(int(top) + 2, int(bottom) - 1)


def column_share(x, wanted):
    """Share of the text area's rows in which one of the columns around x has an overlay kind in
    `wanted` (where the frame crosses glyphs the mix of colours is "other")."""
    return sum(1 for y in frame_rows
               if any(kinds[y][c] in wanted for c in (int(x) - 1, int(x), int(x) + 1))) / len(frame_rows)


def row_count(y, kind, x_from=0, x_to=None):
    rows = [kinds[r] for r in (int(round(y)) - 1, int(round(y)), int(round(y)) + 1) if 0 <= r < height]
    return max(sum(1 for k in row[x_from:x_to] if k == kind) for row in rows)


sides = [(column_share(x, {"text-area"}), column_share(x, {"text-area", "other"})) for x in (left, right)]
check(all(blue > 0.8 and changed > 0.98 for blue, changed in sides),
      f"the text area's frame is drawn along both margins (share of rows: {sides})")
check(row_count(top, "text-area") > 0.9 * (right - left) and row_count(bottom, "text-area") > 0.9 * (right - left),
      "the text area's frame is drawn along the top and bottom margins")
missing = [y for y in baselines if row_count(px(y), "baseline") < 10]
check(not missing, f"every line of text has its baseline drawn (missing at {missing} pt)")
stray = [y for y in range(height)
         if sum(1 for k in kinds[y] if k == "baseline") >= 10 and all(abs(px(b) - y) > 1.5 for b in baselines)]
check(not stray, f"no baseline is drawn where there is no text (rows {stray[:8]})")
table_width = right - left
missing = [y for y in table_lines if row_count(px(y), "cell", int(left), int(right)) < 0.9 * table_width]
check(not missing, f"every table row's cell boxes are drawn (missing at {missing} pt)")
check(differing_share(plain, boxes) < 0.1, "the overlay leaves the page itself as it was")

# A whole document: one picture per page.
all_dir = os.path.join(out, "all")
rapport("preview", SAMPLE, "--dpi", "20", "-o", all_dir)
check(sorted(os.listdir(all_dir)) == ["page-1.png", "page-2.png", "page-3.png"],
      f"without --pages every page is written ({sorted(os.listdir(all_dir))})")

# ---- errors -------------------------------------------------------------------------------------

def refused(args, code, message, what):
    folder = os.path.join(out, f"refused-{len(os.listdir(out))}")
    if "-o" in args:  # the case is about the output folder itself
        folder = args[args.index("-o") + 1]
    else:
        args = [*args, "-o", folder]
    before = os.listdir(folder) if os.path.isdir(folder) else []
    r = rapport("preview", SAMPLE, *args, check=False)
    wrote = os.path.isdir(folder) and os.listdir(folder) != before
    check(r.returncode == code and message in r.stderr and not wrote,
          f"{what}: exits {code} with '{message}' and writes nothing (exit {r.returncode}: {r.stderr.strip()})")


refused(["--pages", "7"], 2, "rapport preview: error: page 7 is outside the document's 3 pages",
        "a page beyond the document")
refused(["--pages", "2-x"], 2, "rapport preview: error: expected a page number in page range '2-x', found 'x'",
        "a malformed page range")
refused(["--pages", "3-1"], 2, "rapport preview: error:", "a backwards page range")
refused(["--dpi", "5"], 2, "rapport preview: error: --dpi must be a number from 10 to 1200, found '5'",
        "a dpi out of range")
r = rapport("preview", SAMPLE, check=False)
check(r.returncode == 2 and "no output folder given (-o DIR)" in r.stderr, "no -o is a usage error")

blocker = os.path.join(out, "a-file")
with open(blocker, "w") as f:
    f.write("not a folder\n")
refused(["-o", blocker], 1, f"rapport preview: error: cannot write pages into '{blocker}': it is a file, not a folder",
        "an output path that is a file")
refused(["-o", os.path.join(blocker, "pages")], 1,
        f"rapport preview: error: cannot make the folder '{os.path.join(blocker, 'pages')}': not a directory",
        "an output folder under a file")
if os.path.isdir("/sys"):  # sysfs takes no new files, not even from root
    refused(["-o", "/sys", "--pages", "1", "--dpi", "20"], 1, "/sys/page-1.png: error: cannot write output:",
            "an output folder nobody may write into")
if os.geteuid() != 0:  # root writes anywhere, so a read-only folder only stops other users
    locked = os.path.join(out, "locked")
    os.mkdir(locked, 0o555)
    r = rapport("preview", SAMPLE, "-o", locked, check=False)
    check(r.returncode == 1 and "error:" in r.stderr and not os.listdir(locked),
          f"a read-only output folder is an error, not a crash ({r.stderr.strip()})")
    os.chmod(locked, 0o755)

broken = os.path.join(out, "broken.xml")
with open(broken, "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0"?>\n<report lang="sv">\n  <section title="A">\n    <p>text</section>\n</report>\n')
r = rapport("preview", broken, "-o", os.path.join(out, "never"), check=False)
check(r.returncode == 1 and re.search(r"broken\.xml:4:\d+: error: malformed XML", r.stderr)
      and not os.path.exists(os.path.join(out, "never")),
      f"a broken definition is a located error and no folder is made ({r.stderr.strip()})")
done()
