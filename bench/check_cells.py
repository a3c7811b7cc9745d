#!/usr/bin/env python3
"""Checks that a rendered benchmark PDF prints every table row of its spec exactly: the label
and every cell, derived columns and sum rows included (rapport computed those; the spec holds
what they must read).

  python3 bench/check_cells.py spec-1x.json out-1x.pdf

A cell that differs is explained where it can be: its exact value (computed with fractions from
the base values and convert.py's expressions) lies exactly halfway between two printed values.
There the spec rounds half to even (Python's round) and rapport half away from zero
(docs/definition.md), a "tie_rule" difference; or rapport printed the value towards zero, which
neither rule gives: binary floating point put its result just under the half, a "tie_float"
difference. Prints one JSON line ({"rows_checked", "rows_exact", "tie_rule", "tie_float",
"rows_wrong", "examples"}) and exits 1 only if a row is missing or differs otherwise."""
import json
import os
import re
import subprocess
import sys
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import convert  # noqa: E402  (the formulas and the base values of every table)


def normalise(line):
    return re.sub(r"\s+", " ", line.replace("\u00a0", " ")).strip()


def number(text):
    """A printed cell ("-1 234,5", "9,7 %") as an exact fraction, or None."""
    t = text.replace("\u00a0", "").replace(" ", "").replace("%", "").replace(",", ".")
    try:
        return Fraction(t)
    except ValueError:
        return None


def half_away(x, decimals):
    scale = Fraction(10) ** decimals
    q = abs(x) * scale
    n = int(q) + (1 if q - int(q) >= Fraction(1, 2) else 0)
    return Fraction(n if x >= 0 else -n) / scale


def exact_columns(kind, base):
    """Exact values of a row's number columns, in printed order (rapport's round() included)."""
    env = {"abs": abs, "round": lambda x, n=0: half_away(x, n)}
    for name, tenths in convert.KINDS[kind]["fields"]:
        env[name] = Fraction(base[name], 10 if tenths else 1)
    out = []
    for name, expr in convert.KINDS[kind]["columns"]:
        if expr is not None:
            env[name] = eval(expr, {"__builtins__": {}}, env)  # convert.py's own expressions
        out.append(env[name])
    return out


def classify(want_cells, printed, exact):
    """'tie_rule', 'tie_float' or None for a printed row against the spec's cells."""
    words = printed.split(" ")
    numbers = [normalise(c) for c in want_cells[1:]]
    # Compare from the right: the label may have any number of words.
    got, rest = [], words
    for cell in reversed(numbers):
        size = len(cell.split(" "))
        if len(rest) < size:
            return None
        got.insert(0, " ".join(rest[-size:]))
        rest = rest[:-size]
    if " ".join(rest) != normalise(want_cells[0]):
        return None
    kinds = set()
    for want, have, value in zip(numbers, got, exact):
        if want == have:
            continue
        w, h = number(want), number(have)
        decimals = len(want.replace("%", "").strip().split(",")[1]) if "," in want else 0
        step = Fraction(1, 10 ** decimals)
        if w is None or h is None or abs(w - h) != step:
            return None
        if (abs(value) / step) % 1 != Fraction(1, 2):
            return None  # not a tie: a real difference
        away = half_away(value, decimals)
        toward = away - step if value > 0 else away + step
        if (w, h) == (toward, away):
            kinds.add("tie_rule")  # the spec rounded to even, rapport away from zero
        elif (w, h) == (away, toward):
            kinds.add("tie_float")  # rapport's arithmetic landed just under the half
        else:
            return None
    return "tie_float" if "tie_float" in kinds else "tie_rule" if kinds else None


def main(argv):
    spec_file, pdf = argv
    with open(spec_file, encoding="utf-8") as f:
        spec = json.load(f)
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"], check=True,
                          capture_output=True).stdout.decode("utf-8")
    lines = [normalise(l) for l in text.splitlines()]
    # Index lines by their first word, so 100x (about 40 000 rows) stays fast.
    by_label = {}
    for i, line in enumerate(lines):
        by_label.setdefault(line.split(" ", 1)[0], []).append(i)
    bases = None  # the base values, recovered only when a row needs explaining
    counts = {"rows_checked": 0, "rows_exact": 0, "tie_rule": 0, "tie_float": 0, "rows_wrong": 0}
    examples = []
    tables = [b for s in spec["sections"] for b in s["blocks"] if b["type"] == "table"]
    for t_index, block in enumerate(tables):
        for r_index, row in enumerate(block["rows"] + [block["sum_row"]]):
            counts["rows_checked"] += 1
            want = normalise(" ".join(row["cells"]))
            label_words = normalise(row["cells"][0]).split(" ")
            numbers = normalise(" ".join(row["cells"][1:]))
            found, near = False, []
            for i in by_label.get(label_words[0], []):
                line = lines[i]
                # A label that wraps puts its numbers on the first line and the rest of
                # the label below: accept "first words + numbers" then "remaining words".
                if line == want:
                    found = True
                    break
                if line.endswith(" " + numbers) and i + 1 < len(lines):
                    head = line[: -len(numbers) - 1]
                    if normalise(head + " " + lines[i + 1]) == normalise(row["cells"][0]):
                        found = True
                        break
                if len(line.split(" ")) == len(want.split(" ")):
                    near.append(line)
            if found:
                counts["rows_exact"] += 1
                continue
            verdict, shown = None, near[:1]
            if near:
                if bases is None:
                    bases = convert.base_rows(spec)
                rows = bases[t_index]
                if r_index < len(rows):
                    base = rows[r_index][1]
                else:  # the sum row: rapport sums the base values, then applies the formulas
                    base = {k: sum(b[k] for _, b in rows) for k in rows[0][1]}
                exact = exact_columns(block["kind"], base)
                for line in near:
                    verdict = classify(row["cells"], line, exact)
                    if verdict:
                        shown = [line]
                        break
            counts[verdict or "rows_wrong"] += 1
            if verdict != "tie_rule" and len(examples) < 5:
                examples.append({"table": block["number"], "want": want, "kind": verdict or "wrong",
                                 "printed": shown})
    print(json.dumps(dict(pdf=pdf, **counts, examples=examples), ensure_ascii=False))
    return 1 if counts["rows_wrong"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
