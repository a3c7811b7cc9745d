"""Helpers for end-to-end tests: run rapport and inspect PDFs with poppler-utils and qpdf."""
import os
import re
import subprocess
import sys
import tempfile

RAPPORT = sys.argv[1] if len(sys.argv) > 1 else "build/rapport"
FAILURES = []


def run(*args, check=True, env=None):
    merged = dict(os.environ)
    if env:
        merged.update(env)
    result = subprocess.run(list(args), capture_output=True, text=True, env=merged)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(args)} exited {result.returncode}:\n{result.stdout}{result.stderr}")
    return result


def rapport(*args, check=True, env=None):
    return run(RAPPORT, *args, check=check, env=env)


def pdftotext(pdf, first=None, last=None, layout=False):
    args = ["pdftotext", "-enc", "UTF-8"]
    if layout:
        args.append("-layout")
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    return run(*args, pdf, "-").stdout


def page_count(pdf):
    info = run("pdfinfo", pdf).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def fonts(pdf):
    """Rows of pdffonts: (name, type, emb, sub)."""
    rows = []
    for line in run("pdffonts", pdf).stdout.splitlines()[2:]:
        parts = line.split()
        # name type [encoding] emb sub uni object ID: read the yes/no columns from the right
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def words(pdf, first=None, last=None):
    """Words with their boxes from pdftotext -bbox: (page, xmin, ymin, xmax, ymax, text)."""
    args = ["pdftotext", "-bbox"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    html = run(*args, pdf, "-").stdout
    out = []
    page = 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
            m = re.search(r'width="([\d.]+)" height="([\d.]+)"', line)
            size = (float(m.group(1)), float(m.group(2)))
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if m:
            text = m.group(5).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            out.append((page, float(m.group(1)), float(m.group(2)), float(m.group(3)), float(m.group(4)), text, size))
    return out


def check(condition, message):
    if not condition:
        FAILURES.append(message)
        print(f"FAIL: {message}")
    else:
        print(f"ok: {message}")


def done():
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed")
        sys.exit(1)
    print("all checks passed")


def temp_dir():
    return tempfile.mkdtemp(prefix="rapport-test-")
