#!/usr/bin/env python3
"""End to end: `rapport archive add|list|show|verify|export` and tamper detection.

usage: archive_store.py PATH/TO/rapport
"""
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdftools  # noqa: E402

rapport = os.path.abspath(sys.argv[1])
t = pdftools.checker("archive_store")
work = tempfile.mkdtemp(prefix="rapport-archive-")
os.chdir(work)


def archive(*args, env=None):
    return pdftools.run([rapport, "archive", *args], env_extra=env)


def stored_file(folder, version):
    return os.path.join(folder, "files", next(n for n in os.listdir(os.path.join(folder, "files"))
                                              if n.startswith(f"{version}-")))


def fresh_copy(name):
    shutil.rmtree(name, ignore_errors=True)
    shutil.copytree("arkiv", name)
    return name


def sql(folder, statement):
    db = sqlite3.connect(os.path.join(folder, "index.sqlite"))
    db.executescript(statement)
    db.commit()
    db.close()


key, cert = pdftools.make_identity(work, "signer", "/CN=Kommunens Signerare")
for i in (1, 2, 3):
    pdftools.minimal_pdf(f"r{i}.pdf", f"Report {i}")
subprocess.run([rapport, "sign", "r1.pdf", "-o", "r1-signed.pdf", "--key", key, "--cert", cert],
               check=True, capture_output=True)
with open("report.xml", "w") as f:
    f.write("<report/>\n")
with open("budget.csv", "w") as f:
    f.write("konto;belopp\n")

# ---- three versions ---------------------------------------------------------------------
env = {"SOURCE_DATE_EPOCH": "1714644000"}
r = archive("add", "r1-signed.pdf", "--archive", "arkiv", "--committee", "Kommunfullmäktige", "--period", "2024",
            "--decision-date", "2024-05-02", "--meta", "paragraf=§ 12", "--definition", "report.xml",
            "--data", "budget.csv", env=env)
t.check(r.returncode == 0 and "version 1" in r.stdout, "add version 1", r.stdout + r.stderr)
for i in (2, 3):
    r = archive("add", f"r{i}.pdf", "--archive", "arkiv", "--committee", "KS", env=env)
    t.check(r.returncode == 0 and f"version {i}" in r.stdout, f"add version {i}", r.stdout + r.stderr)
stored = sorted(os.listdir("arkiv/files"))
t.check([n.split("-")[0] for n in stored] == ["1", "2", "3"], "three stored files, named by version", stored)

r = archive("list", "--archive", "arkiv")
lines = r.stdout.strip().splitlines()
t.check(r.returncode == 0 and len(lines) == 4 and lines[1].startswith("1 ") and lines[3].startswith("3 "),
        "list shows three versions", r.stdout + r.stderr)
t.check("Kommunens Signerare" in lines[1] and "Kommunfullmäktige" in lines[1], "list shows signer and committee",
        r.stdout)

r = archive("show", "1", "--archive", "arkiv")
for expected in ("version: 1", "signer: Kommunens Signerare", "added: 2024-05-02T10:00:00Z",
                 "decision date: 2024-05-02", "meta: paragraf=§ 12", "definition: report.xml sha256 ",
                 "data: budget.csv sha256 ", "rapport version: ", "entry hash: "):
    t.check(expected in r.stdout, f"show prints '{expected}'", r.stdout + r.stderr)

r = archive("verify", "--archive", "arkiv")
t.check(r.returncode == 0 and "ok: 3 entries" in r.stdout, "verify passes on an intact archive",
        r.stdout + r.stderr)
head = r.stdout.strip().split("head ")[-1]
r = archive("verify", "--archive", "arkiv", "--expect-head", head)
t.check(r.returncode == 0, "verify accepts the recorded head", r.stderr)

r = archive("export", "2", "-o", "exported.pdf", "--archive", "arkiv")
t.check(r.returncode == 0 and open("exported.pdf", "rb").read() == open("r2.pdf", "rb").read(),
        "export copies version 2 unchanged", r.stderr)

# ---- refusals -----------------------------------------------------------------------------
with open("text.pdf", "w") as f:
    f.write("no pdf here\n")
r = archive("add", "text.pdf", "--archive", "arkiv")
t.check(r.returncode == 1 and r.stderr.startswith("text.pdf: error: not a PDF file"), "a non-PDF is refused",
        r.stderr)
pdftools.flip_byte("r1-signed.pdf", "broken-signed.pdf", b"Report 1")
r = archive("add", "broken-signed.pdf", "--archive", "arkiv")
t.check(r.returncode == 1 and "invalid signature" in r.stderr, "a PDF with a broken signature is refused",
        r.stderr)
r = archive("add", "r2.pdf", "--archive", "arkiv", "--decision-date", "2 maj")
t.check(r.returncode == 2, "a malformed decision date is a usage error", r.stderr)
r = archive("list", "--archive", "nowhere")
t.check(r.returncode == 1 and "no archive here" in r.stderr, "a missing archive is reported", r.stderr)
t.check(archive("verify", "--archive", "arkiv").returncode == 0, "refused adds leave the archive intact")

# ---- tampering is detected and names the entry ----------------------------------------------
folder = fresh_copy("t-file")
path = stored_file(folder, 3)
os.chmod(path, 0o644)
pdftools.flip_byte(path, path, b"Report 3")
r = archive("verify", "--archive", folder)
name = os.path.relpath(path, folder)
t.check(r.returncode == 1 and f"{folder}: error: entry 3: file hash mismatch ({name} was changed)" in r.stderr,
        "a changed file is named", r.stderr)
r = archive("export", "3", "-o", "bad-export.pdf", "--archive", folder)
t.check(r.returncode == 1 and not os.path.exists("bad-export.pdf"), "export refuses a changed file", r.stderr)

folder = fresh_copy("t-missing")
os.remove(stored_file(folder, 2))
r = archive("verify", "--archive", folder)
t.check(r.returncode == 1 and "entry 2: file files/2-" in r.stderr and "is missing" in r.stderr,
        "a removed file is named", r.stderr)

folder = fresh_copy("t-row")
sql(folder, "UPDATE entries SET committee = 'Valnämnden' WHERE version = 2")
r = archive("verify", "--archive", folder)
t.check(r.returncode == 1 and "entry 2: entry hash mismatch" in r.stderr, "a changed row is named", r.stderr)

folder = fresh_copy("t-meta")
sql(folder, "UPDATE metadata SET value = '§ 13' WHERE version = 1")
r = archive("verify", "--archive", folder)
t.check(r.returncode == 1 and "entry 1: entry hash mismatch" in r.stderr, "changed metadata is named", r.stderr)

folder = fresh_copy("t-delete")
sql(folder, "DELETE FROM entries WHERE version = 2")
r = archive("verify", "--archive", folder)
t.check(r.returncode == 1 and "entry 2: missing from the index" in r.stderr, "a deleted row is named", r.stderr)

folder = fresh_copy("t-delete-last")
sql(folder, "DELETE FROM entries WHERE version = 3")
r = archive("verify", "--archive", folder)
t.check(r.returncode == 1 and "entry 3: files/3-" in r.stderr, "deleting the newest row is detected", r.stderr)
r = archive("verify", "--archive", folder, "--expect-head", head)
t.check("does not contain the expected head" in r.stderr, "the recorded head exposes the removal", r.stderr)

folder = fresh_copy("t-reorder")
sql(folder, "UPDATE entries SET version = -1 WHERE version = 2;"
            "UPDATE entries SET version = 2 WHERE version = 3;"
            "UPDATE entries SET version = 3 WHERE version = -1;")
r = archive("verify", "--archive", folder)
t.check(r.returncode == 1 and "entry 2:" in r.stderr and "entry 3:" in r.stderr, "reordered rows are named",
        r.stderr)

folder = fresh_copy("t-swap-files")
f2, f3 = stored_file(folder, 2), stored_file(folder, 3)
os.rename(f2, "swap.tmp.pdf")
os.rename(f3, f2)
os.rename("swap.tmp.pdf", f3)
r = archive("verify", "--archive", folder)
t.check(r.returncode == 1 and "entry 2: file hash mismatch" in r.stderr and "entry 3: file hash mismatch" in r.stderr,
        "swapped files are named", r.stderr)

# ---- concurrent adds ---------------------------------------------------------------------
writers = 6
for i in range(writers):
    pdftools.minimal_pdf(f"c{i}.pdf", f"Concurrent {i}")
processes = [subprocess.Popen([rapport, "archive", "add", f"c{i}.pdf", "--archive", "samtidig"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(writers)]
results = [p.communicate() + (p.returncode,) for p in processes]
t.check(all(code == 0 for _, _, code in results), "all concurrent adds succeed",
        "\n".join(err for _, err, _ in results))
r = archive("list", "--archive", "samtidig")
versions = [line.split()[0] for line in r.stdout.strip().splitlines()[1:]]
t.check(versions == [str(v) for v in range(1, writers + 1)], "concurrent adds get distinct versions 1..n",
        r.stdout)
r = archive("verify", "--archive", "samtidig")
t.check(r.returncode == 0, "the concurrently built chain verifies", r.stderr)

shutil.rmtree(work, ignore_errors=True)
t.exit()
