#!/usr/bin/env python3
"""Converts a spec of the shared benchmark workload (../shared/bench/gen.py) into a rapport
report: report.xml, the bench layout and one CSV file per table.

  python3 bench/convert.py spec-1x.json -o build-bench/work/1x

Only the base columns of a table go into its CSV file (as the source system would deliver
them). Every derived column (deviations, percentages, changes) is a rapport expression and every
sum row a <total>, so rapport computes them and must print exactly the spec's cells
(check_cells.py compares). The hidden base values of the staff tables (hours worked, sick hours)
are not in the spec's printed values: they are recovered by running the spec's own generator
again with the spec's scale and seed, and the result is checked against the spec row by row."""
import argparse
import importlib.util
import json
import os
import shutil
import sys
from xml.sax.saxutils import escape, quoteattr

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED_GEN = os.path.join(HERE, "..", "..", "shared", "bench", "gen.py")

# Per table kind: the base fields in the CSV (name, is tenths), then one entry per printed
# number column: (field, None) for a base field or (name, expression) for a derived one.
# The expressions mirror gen.py's formulas: _pct(num, den) is 100 * num / |den|.
KINDS = {
    "drift": {
        "fields": [("u23", False), ("u24", False), ("bud", False), ("prog", False)],
        "columns": [("u23", None), ("u24", None), ("bud", None), ("prog", None),
                    ("avv", "bud - prog"),
                    ("avv_pct", "100 * (bud - prog) / abs(bud)"),
                    ("forandring_pct", "100 * (u24 - u23) / abs(u23)")],
    },
    "inv": {
        "fields": [("bud", False), ("utf", False), ("prog", False), ("tot", False), ("ack", False)],
        "columns": [("bud", None), ("utf", None), ("prog", None),
                    ("avv", "bud - prog"),
                    ("forbrukat_pct", "100 * utf / abs(bud)"),
                    ("tot", None), ("ack", None),
                    ("aterstar", "tot - ack")],
    },
    "pers": {
        "fields": [("anst", False), ("aa10", True), ("hours", False), ("s23", False), ("s24", False),
                   ("pk", False), ("ot", False)],
        "columns": [("anst", None), ("aa10", None),
                    ("sjuk23", "round(100 * s23 / abs(hours), 1)"),
                    ("sjuk24", "round(100 * s24 / abs(hours), 1)"),
                    ("sjuk_forandring", "round(sjuk24 - sjuk23, 1)"),
                    ("pk", None), ("ot", None)],
    },
    "kat": {
        "fields": [("bud", True), ("u23", True), ("u24", True), ("prog", True), ("f23", True)],
        "columns": [("bud", None), ("u23", None), ("u24", None),
                    ("forbrukat_pct", "100 * u24 / abs(bud)"),
                    ("prog", None),
                    ("avv", "prog - bud"),
                    ("avv_pct", "100 * (prog - bud) / abs(bud)"),
                    ("f23", None),
                    ("forandring_pct", "100 * (prog - f23) / abs(f23)")],
    },
    "prog": {
        "fields": [("bud", False), ("apr", False), ("aug", False)],
        "columns": [("bud", None), ("apr", None), ("aug", None),
                    ("forandring", "aug - apr"),
                    ("avv", "aug - bud"),
                    ("avv_pct", "100 * (aug - bud) / abs(bud)")],
    },
}

# gen.py's format names → rapport formats (U+00A0 groups and before '%', as the spec prints).
FORMATS = {"int": "int nbsp", "dec1": "dec1 nbsp", "pct1": "pct1 nbsp"}


def load_generator():
    spec = importlib.util.spec_from_file_location("bench_gen", SHARED_GEN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def base_rows(spec):
    """Every table's (label, base values) in document order, from a rerun of the generator."""
    gen = load_generator()
    captured = []
    for name in ("_tpl_drift", "_tpl_inv", "_tpl_pers", "_tpl_kat", "_tpl_prog"):
        original = getattr(gen, name)

        def capture(*args, _original=original):
            result = _original(*args)
            captured.append(result[4])
            return result
        setattr(gen, name, capture)
    by_table = {}
    make_table = gen.make_table

    def capture_table(*args):
        table = make_table(*args)
        by_table[id(table)] = captured[-1]
        return table
    gen.make_table = capture_table
    again = gen.make_spec(spec["scale"], spec["seed"])
    tables = [b for s in spec["sections"] for b in s["blocks"] if b["type"] == "table"]
    regenerated = [b for s in again["sections"] for b in s["blocks"] if b["type"] == "table"]
    if [t["rows"] for t in tables] != [t["rows"] for t in regenerated]:
        sys.exit("convert: the spec is not what gen.py makes from its scale and seed")
    return [by_table[id(t)] for t in regenerated]


def number_text(value, tenths):
    """A CSV cell the Swedish way (decimal comma, no grouping)."""
    if tenths:
        sign = "-" if value < 0 else ""
        return "%s%d,%d" % (sign, abs(value) // 10, abs(value) % 10)
    return str(value)


def write_csv(path, kind, label_title, rows):
    fields = KINDS[kind]["fields"]
    with open(path, "w", encoding="utf-8") as f:
        f.write(";".join(["label"] + [name for name, _ in fields]) + "\n")
        for label, base in rows:
            cells = ['"%s"' % label.replace('"', '""')]
            cells += [number_text(base[name], tenths) for name, tenths in fields]
            f.write(";".join(cells) + "\n")


def text(s):
    """Element text: XML-escaped, with braces doubled (a single brace starts an expression)."""
    return escape(s).replace("{", "{{").replace("}", "}}")


def attr(s):
    return quoteattr(s.replace("{", "{{").replace("}", "}}"))


def table_xml(block, rows, data_dir, indent):
    kind = block["kind"]
    name = block["id"]
    write_csv(os.path.join(data_dir, name + ".csv"), kind, block["columns"][0]["title"], rows)
    pad = " " * indent
    out = []
    # The caption as a kept-with-next paragraph: the spec numbers it "Tabell 1. ...", and a
    # <table caption> is printed "Tabell 1: ..." (the separator is not configurable).
    out.append("%s<p style=\"caption\">%s</p>\n" % (pad, text(block["caption"])))
    out.append("%s<table source=\"%s\">\n%s  <columns>\n" % (pad, name, pad))
    label = block["columns"][0]
    out.append("%s    <column field=\"label\" header=%s width=\"%gmm\"/>\n"
               % (pad, attr(label["title"]), label["width_cm"] * 10))
    for (field, expr), column in zip(KINDS[kind]["columns"], block["columns"][1:]):
        width = "%gmm" % (column["width_cm"] * 10)
        fmt = FORMATS[column["format"]]
        if expr is None:
            out.append("%s    <column field=\"%s\" header=%s format=\"%s\" width=\"%s\"/>\n"
                       % (pad, field, attr(column["title"]), fmt, width))
        else:
            out.append("%s    <column name=\"%s\" expr=%s header=%s format=\"%s\" width=\"%s\"/>\n"
                       % (pad, field, quoteattr(expr), attr(column["title"]), fmt, width))
    out.append("%s  </columns>\n%s  <total label=\"Summa\"/>\n%s</table>\n" % (pad, pad, pad))
    return "".join(out)


def convert(spec, out_dir):
    data_dir = os.path.join(out_dir, "data")
    os.makedirs(data_dir, exist_ok=True)
    shutil.copyfile(os.path.join(HERE, "bench-layout.xml"), os.path.join(out_dir, "bench-layout.xml"))
    rows_by_table = iter(base_rows(spec))
    d = spec["document"]
    o = ['<?xml version="1.0" encoding="UTF-8"?>\n',
         "<!-- Generated by bench/convert.py from the shared benchmark spec (scale %d, seed %d). -->\n"
         % (spec["scale"], spec["seed"]),
         '<report lang="%s" layout="bench-layout.xml">\n' % d["language"],
         "  <meta>\n    <title>%s</title>\n    <author>%s</author>\n    <committee>%s</committee>\n  </meta>\n"
         % (text(d["title"]), text(d["organisation"]), text(d["committee"])),
         "  <data>\n"]
    tables = [b for s in spec["sections"] for b in s["blocks"] if b["type"] == "table"]
    for t in tables:
        o.append('    <csv name="%s" file="data/%s.csv" separator=";"/>\n' % (t["id"], t["id"]))
    o.append("  </data>\n  <cover>\n")
    for style, key in (("cover-org", "organisation"), ("cover-title", "title"), ("cover-subtitle", "subtitle"),
                       ("cover-committee", "committee"), ("cover-line", "decision"), ("cover-line", "reference")):
        o.append('    <line style="%s">%s</line>\n' % (style, text(d[key])))
    o.append("  </cover>\n  <toc/>\n  <pagebreak/>\n")
    depth = 0
    for s in spec["sections"]:
        while depth >= s["level"]:
            depth -= 1
            o.append("  " * (depth + 1) + "</section>\n")
        if s["level"] != depth + 1:
            sys.exit("convert: section %s skips a level" % s["number"])
        depth = s["level"]
        pad = "  " * (depth + 1)
        o.append("%s<section title=%s id=\"%s\">\n" % ("  " * depth, attr(s["title"]), s["id"]))
        for b in s["blocks"]:
            if b["type"] == "paragraph":
                o.append("%s<p>%s</p>\n" % (pad, text(b["text"])))
            elif b["type"] == "bullets":
                items = "".join("%s  <li>%s</li>\n" % (pad, text(i)) for i in b["items"])
                o.append("%s<ul>\n%s%s</ul>\n" % (pad, items, pad))
            elif b["type"] == "table":
                o.append(table_xml(b, next(rows_by_table), data_dir, len(pad)))
    while depth > 0:
        depth -= 1
        o.append("  " * (depth + 1) + "</section>\n")
    o.append("</report>\n")
    with open(os.path.join(out_dir, "report.xml"), "w", encoding="utf-8") as f:
        f.write("".join(o))


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("spec")
    ap.add_argument("-o", "--output", required=True, help="folder for report.xml, the layout and data/")
    args = ap.parse_args(argv)
    with open(args.spec, encoding="utf-8") as f:
        spec = json.load(f)
    convert(spec, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
