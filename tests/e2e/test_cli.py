"""The command line itself: help, version, usage errors, check."""
from pdftools import *

r = rapport("--version")
check(r.stdout.startswith("rapport "), "--version prints the version")
r = rapport("--help")
check("rapport render DEF.xml" in r.stdout, "--help shows usage")
r = rapport("frobnicate", check=False)
check(r.returncode == 2 and "unknown command 'frobnicate'" in r.stderr, "an unknown command exits 2")
r = rapport("render", "samples/hello/report.xml", check=False)
check(r.returncode == 2 and "no output file" in r.stderr, "render without -o exits 2")
r = rapport("render", "samples/hello/report.xml", "-o", "x.pdf", "--fromat", "png", check=False)
check(r.returncode == 2 and "did you mean '--format'?" in r.stderr, "a misspelt option gets a hint")
r = rapport("check", "samples/hello/report.xml")
check(r.returncode == 0 and "ok, 3 pages" in r.stdout, f"check validates without writing: {r.stdout.strip()}")
r = rapport("render", "samples/hello/report.xml", "-o", "x.pdf", "--pages", "7-9", check=False)
check(r.returncode == 2 and "outside" in r.stderr, "a page range beyond the document is refused")
done()
