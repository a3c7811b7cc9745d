"""rapport batch: a manifest of five reports with a failing one in the middle, rendered on two
workers. The good reports are written complete (byte-identical to `rapport render`), the bad one
writes nothing and is named with its located error, and the exit code is 1."""
import json
import os
import pty
import shutil
import subprocess

from pdftools import *

REPO = os.getcwd()
out = temp_dir()


def rel(path):
    return os.path.relpath(path, out)


# A broken copy of samples/hello: one column names a field the CSV does not have.
broken = os.path.join(out, "broken")
shutil.copytree(os.path.join(REPO, "samples", "hello"), broken)
definition = os.path.join(broken, "report.xml")
with open(definition, encoding="utf-8") as f:
    xml = f.read()
check('field="budget"' in xml, "the hello sample has the column the test breaks")
xml = xml.replace('field="budget"', 'field="budgett"', 1)
with open(definition, "w", encoding="utf-8") as f:
    f.write(xml)
bad_line = next(i for i, line in enumerate(xml.splitlines(), 1) if 'field="budgett"' in line)

samples = os.path.join(REPO, "samples")
reports = [
    {"definition": rel(os.path.join(samples, "hello", "report.xml")), "output": "pdf/hello.pdf"},
    {"definition": rel(os.path.join(samples, "tutorial", "report.xml")), "output": "pdf/tutorial-haru.pdf",
     "backend": "haru"},
    {"definition": "broken/report.xml", "output": "pdf/broken.pdf"},
    {"definition": rel(os.path.join(samples, "charts", "report.xml")), "output": "pdf/charts.pdf"},
    {"definition": rel(os.path.join(samples, "tutorial", "report.xml")), "output": "pdf/tutorial.pdf"},
]
manifest = os.path.join(out, "manifest.json")
with open(manifest, "w", encoding="utf-8") as f:
    json.dump({"defaults": {"backend": "cairo"}, "reports": reports}, f, indent=2)

result = rapport("batch", manifest, "-j", "2", check=False)
print(result.stdout + result.stderr)
check(result.returncode == 1, f"a failed report makes the exit code 1 (got {result.returncode})")
check("rapport batch: 4 of 5 reports rendered" in result.stdout and "1 failed" in result.stdout,
      "the summary line counts 4 rendered and 1 failed")
check(f"report 3 ({os.path.join(out, 'broken', 'report.xml')} -> {os.path.join(out, 'pdf', 'broken.pdf')}) failed"
      in result.stderr, "the failure names the report, its definition and its output")
check(f"broken/report.xml:{bad_line}:" in result.stderr and "error: unknown field 'budgett'" in result.stderr,
      "the failure carries the located error of its definition")
check(result.stderr.count("failed") == 1, "only the broken report is reported as failed")

# The good reports: complete, and exactly what `rapport render` writes for them.
for entry in reports:
    pdf = os.path.join(out, entry["output"])
    if "broken" in pdf:
        check(not os.path.exists(pdf), "the failed report leaves no output")
        continue
    check(os.path.exists(pdf), f"{entry['output']} is written")
    if not os.path.exists(pdf):
        continue
    qpdf = run("qpdf", "--check", pdf, check=False)
    check(qpdf.returncode == 0, f"{entry['output']} passes qpdf --check")
    single = os.path.join(out, "single-" + os.path.basename(pdf))
    rapport("render", os.path.join(out, entry["definition"]), "-o", single, "--backend", entry.get("backend", "cairo"))
    with open(pdf, "rb") as a, open(single, "rb") as b:
        check(a.read() == b.read(), f"{entry['output']} is byte-identical to rapport render's output")
check(not [f for f in os.listdir(os.path.join(out, "pdf")) if f.endswith(".tmp")], "no temporary file is left")
check(page_count(os.path.join(out, "pdf", "hello.pdf")) == 3, "hello.pdf has its 3 pages")

# One worker gives the same files as two.
serial = dict(reports=[dict(r, output=r["output"].replace("pdf/", "serial/")) for r in reports])
with open(manifest, "w", encoding="utf-8") as f:
    json.dump(serial, f)
result = rapport("batch", manifest, "-j", "1", check=False)
check(result.returncode == 1 and "4 of 5 reports rendered" in result.stdout and "1 worker" in result.stdout,
      "the same manifest on one worker renders the same four")
for entry in serial["reports"]:
    if "broken" not in entry["output"]:
        with open(os.path.join(out, entry["output"]), "rb") as a, \
                open(os.path.join(out, entry["output"].replace("serial/", "pdf/")), "rb") as b:
            check(a.read() == b.read(), f"{entry['output']} is the same with one worker as with two")

# On a terminal: a progress bar on stderr, redrawn in place, and a line as soon as one fails.
primary, secondary = pty.openpty()
with open(manifest, "w", encoding="utf-8") as f:
    json.dump(dict(reports=[dict(r, output=r["output"].replace("pdf/", "tty/")) for r in reports]), f)
child = subprocess.Popen([RAPPORT, "batch", manifest, "-j", "2"], stdout=subprocess.PIPE, stderr=secondary)
os.close(secondary)
shown = b""
while True:
    try:
        chunk = os.read(primary, 4096)
    except OSError:  # the terminal closes when the child exits
        break
    if not chunk:
        break
    shown += chunk
child.wait()
os.close(primary)
shown = shown.decode("utf-8", "replace")
check(child.returncode == 1, "on a terminal too, the exit code is 1")
check("\r\x1b[K[" in shown and "] 5/5, 1 failed" in shown, "a progress bar counts to 5/5 with the failure")
check("rapport batch: failed: report 3 (" in shown, "the failure is announced above the bar")

# A bad entry fails alone, located in the manifest, with a hint.
lines = ['{"reports": [',
         '  {"definition": "broken/report.xml", "output": "x.pdf", "backend": "pdfx"},',
         '  {"definition": "%s", "ouput": "y.pdf"},' % reports[0]["definition"],
         '  {"definition": "%s", "output": "pdf/hello2.pdf"}' % reports[0]["definition"],
         ']}']
with open(manifest, "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")
result = rapport("batch", manifest, check=False)
check(result.returncode == 1, "bad entries make the exit code 1")
column = lines[1].index('"backend"') + 1
check(f"{manifest}:2:{column}: error: unknown backend 'pdfx' (cairo or haru)\n" in result.stderr,
      "an unknown backend is located at its key in the manifest")
column = lines[2].index('"ouput"') + 1
check(f"{manifest}:3:{column}: error: unknown key 'ouput' in a report entry\n  hint: did you mean 'output'?\n"
      in result.stderr, "a misspelt key gets a located 'did you mean'")
check(f"{manifest}:3:3: error: report 2 has no 'output'" in result.stderr, "a missing output is located at its entry")
check("1 of 3 reports rendered" in result.stdout and os.path.exists(os.path.join(out, "pdf", "hello2.pdf")),
      "the good entry is still rendered")
check(not os.path.exists(os.path.join(out, "x.pdf")), "the entry with a bad backend writes nothing")

# A manifest that is not JSON stops before anything runs; a bad -j is a usage error.
with open(manifest, "w", encoding="utf-8") as f:
    f.write('{"reports": [\n  {"definition": "a.xml" "output": "a.pdf"}\n]}\n')
result = rapport("batch", manifest, check=False)
check(result.returncode == 1 and result.stderr.startswith(
    f"{manifest}:2:26: error: the manifest is not valid JSON: syntax error while parsing object - "
    "unexpected string literal"), "invalid JSON is reported at the start of the offending token")
check("rendered" not in result.stdout, "nothing runs when the manifest is not JSON")
result = rapport("batch", manifest, "-j", "0", check=False)
check(result.returncode == 2 and "-j must be a number from 1 to 256, found '0'" in result.stderr,
      "-j 0 is a usage error")
done()
