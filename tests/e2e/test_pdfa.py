"""Archival output: `--backend haru --pdfa` checked structurally as PDF/A-1b for several samples:
identification and metadata (pdfinfo -meta) agreeing with /Info, the sRGB OutputIntent with the
repository's ICC profile, embedded subset fonts, a clean file (qpdf --check) without encryption
or transparency, a document /ID, and the same bytes on every run. Then the size of the 40-page
sample in both backends, and that the cairo backend refuses --pdfa.
"""
import datetime
import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET

from pdftools import *

SAMPLES = ["hello", "charts", "orebro-delarsrapport-2021"]
BIG = "orebro-delarsrapport-2021"  # the 40-page report
MAX_BYTES = 1_000_000
ICC = "resources/icc/sRGB.icc"
# A document date with a time of day, so that a lost hour or time zone shows.
EPOCH = 1637663405  # 2021-11-23T10:30:05Z
ENV = {"SOURCE_DATE_EPOCH": str(EPOCH)}

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
}

out = temp_dir()


# ---- reading the file ---------------------------------------------------------------------------

def run_bytes(*args):
    """The standard output of a command as bytes (stream data is binary)."""
    result = subprocess.run(list(args), capture_output=True)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(args)} exited {result.returncode}: {result.stderr!r}")
    return result.stdout


def objects(pdf):
    """Every object of the file as qpdf's JSON (version 2) gives it, the trailer included."""
    return json.loads(run("qpdf", "--json=2", "--json-key=qpdf", pdf).stdout)["qpdf"][1]


def resolve(objs, value):
    """The dictionary behind a reference ("12 0 R"), a stream's dictionary, or `value` itself."""
    if isinstance(value, str) and re.fullmatch(r"\d+ \d+ R", value):
        entry = objs.get(f"obj:{value}", {})
        return entry["value"] if "value" in entry else entry.get("stream", {}).get("dict", {})
    return value


def dictionaries(objs, type_name):
    """The objects that are dictionaries of /Type `type_name`."""
    return [e["value"] for e in objs.values()
            if isinstance(e.get("value"), dict) and e["value"].get("/Type") == type_name]


def text(value):
    """A PDF string from qpdf's JSON ("u:..." is already Unicode)."""
    if isinstance(value, str) and value.startswith("u:"):
        return value[2:]
    return None


def xmp_property(root, prefix, name):
    """The value of an XMP property written as an element or an attribute; for an Alt, Seq or
    Bag, its items."""
    tag = f"{{{NS[prefix]}}}{name}"
    for description in root.iter(f"{{{NS['rdf']}}}Description"):
        if tag in description.attrib:
            return description.attrib[tag]
        element = description.find(f"{prefix}:{name}", NS)
        if element is not None:
            items = element.findall(".//rdf:li", NS)
            return [i.text or "" for i in items] if items else (element.text or "")
    return None


def pdf_date(value):
    """D:YYYYMMDDHHmmSS with Z, Z00'00' or +HH'mm' / -HH'mm' as an aware datetime."""
    m = re.fullmatch(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(Z|[+-])?(?:(\d\d)'(\d\d)'?)?", value or "")
    if not m:
        return None
    sign, hours, minutes = m.group(7), int(m.group(8) or 0), int(m.group(9) or 0)
    offset = datetime.timedelta(hours=hours, minutes=minutes) * (-1 if sign == "-" else 1)
    if sign == "Z" and offset:
        return None  # Z says UTC: an offset beside it would contradict it
    zone = datetime.timezone(offset) if sign else None
    return datetime.datetime(*(int(m.group(i)) for i in range(1, 7)), tzinfo=zone)


def xmp_date(value):
    """An ISO 8601 date with its time zone (XMP dates) as an aware datetime."""
    try:
        return datetime.datetime.fromisoformat((value or "").replace("Z", "+00:00"))
    except ValueError:
        return None


def same_moment(a, b):
    """Equal instants written in the same zone (naive dates never count as equal)."""
    return (a is not None and b is not None and a.tzinfo is not None and b.tzinfo is not None
            and a == b and a.utcoffset() == b.utcoffset())


def transparency(objs):
    """Where the file uses transparency: soft masks, constant alpha below 1, transparency
    groups, blend modes other than Normal."""
    found = []

    def walk(value, where):
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "/SMask" and item != "/None":
                    found.append(f"{where}: /SMask")
                elif key in ("/CA", "/ca") and isinstance(item, (int, float)) and item < 1:
                    found.append(f"{where}: {key} {item}")
                elif key == "/Group" and isinstance(item, dict) and item.get("/S") == "/Transparency":
                    found.append(f"{where}: /Group /Transparency")
                elif key == "/BM" and item not in ("/Normal", "/Compatible"):
                    found.append(f"{where}: /BM {item}")
                walk(item, where)
        elif isinstance(value, list):
            for item in value:
                walk(item, where)

    for key, entry in objs.items():
        walk(entry.get("value", entry.get("stream", {}).get("dict")), key)
    return found


# ---- one sample ---------------------------------------------------------------------------------

def check_metadata(sample, pdf, objs, catalog, info):
    """The XMP packet: identification, a header PDF/A-1 allows, and each /Info entry repeated."""
    # pdfinfo -meta prints the XMP packet.
    meta = run("pdfinfo", "-meta", pdf).stdout
    start, end = meta.find("<x:xmpmeta"), meta.rfind("</x:xmpmeta>")
    root = ET.fromstring(meta[start:end + len("</x:xmpmeta>")]) if 0 <= start < end else None
    check(root is not None, f"{sample}: pdfinfo -meta shows an XMP packet")
    if root is None:
        return
    header = meta[meta.find("<?xpacket begin"):start]
    check("bytes=" not in header and "encoding=" not in header,
          f"{sample}: the xpacket header has neither bytes nor encoding (PDF/A-1 6.7.5)")
    check(xmp_property(root, "pdfaid", "part") == "1", f"{sample}: pdfaid:part is 1")
    check(xmp_property(root, "pdfaid", "conformance") == "B", f"{sample}: pdfaid:conformance is B")
    metadata = resolve(objs, catalog.get("/Metadata"))
    check(metadata.get("/Type") == "/Metadata" and "/Filter" not in metadata,
          f"{sample}: the catalog's /Metadata stream is unfiltered ({metadata})")

    # The XMP says what /Info says, entry by entry as PDF/A maps them.
    pairs = [("/Title", "dc", "title"), ("/Author", "dc", "creator"), ("/Subject", "dc", "description"),
             ("/Keywords", "pdf", "Keywords"), ("/Creator", "xmp", "CreatorTool"),
             ("/Producer", "pdf", "Producer")]
    for key, prefix, name in pairs:
        value = text(info.get(key))
        found = xmp_property(root, prefix, name)
        if isinstance(found, list):
            found = found[0] if len(found) == 1 else found
        # A sample may leave out keywords or subject; then both must leave them out.
        present = value is not None or key not in ("/Title", "/Creator", "/Producer")
        check(present and value == found,
              f"{sample}: {prefix}:{name} equals /Info {key} ({found!r} vs {value!r})")
    expected = datetime.datetime.fromtimestamp(EPOCH, datetime.timezone.utc)
    for key, name in (("/CreationDate", "CreateDate"), ("/ModDate", "ModifyDate")):
        in_info = pdf_date(text(info.get(key)))
        in_xmp = xmp_date(xmp_property(root, "xmp", name))
        check(same_moment(in_info, in_xmp) and in_info == expected,
              f"{sample}: xmp:{name} {in_xmp} equals /Info {key} {in_info}, time zone included, "
              f"and is SOURCE_DATE_EPOCH ({expected})")


def check_pdfa(sample):
    pdf = os.path.join(out, f"{sample}-pdfa.pdf")
    rapport("render", f"samples/{sample}/report.xml", "--backend", "haru", "--pdfa", "-o", pdf, env=ENV)
    raw = open(pdf, "rb").read()
    objs = objects(pdf)
    trailer = objs["trailer"]["value"]
    catalog = resolve(objs, trailer["/Root"])
    info = resolve(objs, trailer.get("/Info"))

    # The header: PDF 1.4 (PDF/A-1's base) and a comment of four bytes above 127 on line 2.
    lines = raw.split(b"\n", 2)
    check(lines[0].rstrip(b"\r") == b"%PDF-1.4", f"{sample}: the header says PDF 1.4 ({lines[0][:9]!r})")
    check(lines[1][:1] == b"%" and len(lines[1].rstrip(b"\r")) >= 5
          and all(b > 127 for b in lines[1][1:5]), f"{sample}: the second line is a binary comment")

    check_metadata(sample, pdf, objs, catalog, info)

    # The OutputIntent and its profile, byte for byte the one in the repository.
    intents = [resolve(objs, i) for i in resolve(objs, catalog.get("/OutputIntents", []))]
    pdfa_intents = [i for i in intents if i.get("/S") == "/GTS_PDFA1"]
    check(len(pdfa_intents) == 1, f"{sample}: one /OutputIntent with /S /GTS_PDFA1 ({intents})")
    if pdfa_intents:
        intent = pdfa_intents[0]
        check(text(intent.get("/OutputConditionIdentifier")), f"{sample}: the intent names its condition")
        reference = intent.get("/DestOutputProfile", "")
        profile = resolve(objs, reference)
        check(profile.get("/N") == 3, f"{sample}: the profile has three components (/N {profile.get('/N')})")
        number = reference.split()[0] if reference else "0"
        data = run_bytes("qpdf", f"--show-object={number}", "--filtered-stream-data", pdf)
        check(data == open(ICC, "rb").read(),
              f"{sample}: the DestOutputProfile stream decompresses to {ICC} ({len(data)} bytes)")

    # Fonts: every one embedded and subset, each subset with its /CIDSet (PDF/A-1 6.3.5).
    rows = fonts(pdf)
    check(rows and all(r["emb"] == "yes" and r["sub"] == "yes" for r in rows),
          f"{sample}: pdffonts shows {len(rows)} fonts, every one emb yes and sub yes")
    descriptors = dictionaries(objs, "/FontDescriptor")
    check(descriptors and all("/CIDSet" in d and "/FontFile2" in d for d in descriptors),
          f"{sample}: each of the {len(descriptors)} font descriptors has a /FontFile2 and a /CIDSet")

    # A clean file with an /ID and without encryption or transparency.
    qpdf = run("qpdf", "--check", pdf, check=False)
    check(qpdf.returncode == 0 and "No syntax or stream encoding errors" in qpdf.stdout
          and "WARNING" not in qpdf.stdout + qpdf.stderr, f"{sample}: qpdf --check is clean")
    complaints = run("pdftotext", pdf, os.devnull).stderr.strip()
    check(not complaints, f"{sample}: poppler reads every page without a complaint ({complaints[:200]!r})")
    check("/Encrypt" not in trailer, f"{sample}: the trailer has no /Encrypt")
    ids = trailer.get("/ID", [])
    check(len(ids) == 2 and all(re.fullmatch(r"b:[0-9a-f]{32}", i) for i in ids),
          f"{sample}: the trailer has an /ID of two 16-byte strings ({ids})")
    found = transparency(objs)
    check(not found, f"{sample}: no transparency ({found[:5]})")

    # Annotations are printable and visible (PDF/A-1 6.5.3: /F with Print, not Hidden).
    annots = dictionaries(objs, "/Annot")
    bad = [a for a in annots if not (a.get("/F", 0) & 4) or a.get("/F", 0) & 3]
    check(not bad, f"{sample}: each of the {len(annots)} annotations is printable ({bad[:2]})")

    # Determinism: a second run gives the same bytes, the /ID included.
    again = os.path.join(out, f"{sample}-pdfa-again.pdf")
    rapport("render", f"samples/{sample}/report.xml", "--backend", "haru", "--pdfa", "-o", again, env=ENV)
    check(raw == open(again, "rb").read(), f"{sample}: two --pdfa renders are byte-identical")
    return ids[0] if ids else None


ids = [check_pdfa(sample) for sample in SAMPLES]
check(None not in ids and len(set(ids)) == len(ids), f"each document has its own /ID ({ids})")

# Size: the 40-page report stays well under 1 MB in both backends.
for backend, extra in (("cairo", []), ("haru", []), ("haru --pdfa", ["--pdfa"])):
    pdf = os.path.join(out, f"{BIG}-{backend.replace(' --', '-')}-size.pdf")
    rapport("render", f"samples/{BIG}/report.xml", "--backend", backend.split()[0], *extra, "-o", pdf, env=ENV)
    size, pages = os.path.getsize(pdf), page_count(pdf)
    print(f"size: {BIG} {backend}: {size} bytes, {pages} pages")
    check(pages >= 40 and size < MAX_BYTES, f"{BIG} with {backend}: {pages} pages in {size} bytes (< {MAX_BYTES})")

# cairo cannot write PDF/A: --pdfa with it is an error, and no file is written.
pdf = os.path.join(out, "cairo-pdfa.pdf")
refused = rapport("render", "samples/hello/report.xml", "--backend", "cairo", "--pdfa", "-o", pdf,
                  check=False, env=ENV)
check(refused.returncode != 0 and "--pdfa needs --backend haru (cairo cannot write PDF/A)" in refused.stderr
      and not os.path.exists(pdf), f"--pdfa with --backend cairo is refused ({refused.returncode}: "
      f"{refused.stderr.strip()!r})")

done()
