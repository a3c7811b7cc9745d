#!/usr/bin/env python3
"""Whole-run benchmark of rapport: the shared workload (../shared/bench) at 1x, 10x and 100x
and every sample in samples/, each rendered by the `rapport` binary with the cairo and the
libharu backend. Prints the median wall time, ms per page and peak RSS of N whole-process runs
(N = 5 for 1x and the samples, 3 for 10x, --runs-100x for 100x), and checks the 1x and 10x
PDFs with the shared verify.py and bench/check_cells.py (both must pass, else exit 1). Then
times `rapport batch` on 8 copies of the 1x report with one and with two workers.

  python3 bench/run.py                       # everything (100x takes a few minutes)
  python3 bench/run.py --quick               # 1x only
  python3 bench/run.py --rapport build-bench/src/rapport --json out.json

Standard library only. Peak RSS is ru_maxrss of the finished child (os.wait4), wall time is a
monotonic clock around the whole process (start-up included). The specs and converted reports
are cached in the work folder (default: bench-work/ in the binary's build folder) and rebuilt
when missing."""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SHARED = os.path.join(REPO, "..", "shared", "bench")
BACKENDS = ("cairo", "haru")


def log(message):
    print(message, file=sys.stderr, flush=True)


def run_once(argv, env):
    """Runs argv; returns (wall s, CPU s (user + system), peak RSS in KiB, exit status, stderr)."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    # Read stderr before reaping so a chatty child cannot block on a full pipe.
    err = child.stderr.read()
    child.stderr.close()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss, child.returncode, err.decode("utf-8", "replace")


def page_count(pdf):
    out = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise RuntimeError("pdfinfo gave no page count for " + pdf)


def prepare_workload(scale, work):
    """spec-Nx.json and its converted report; reused when already there."""
    spec = os.path.join(work, "spec-%dx.json" % scale)
    folder = os.path.join(work, "%dx" % scale)
    report = os.path.join(folder, "report.xml")
    if not os.path.exists(spec):
        log("run: generating %s" % spec)
        subprocess.run([sys.executable, os.path.join(SHARED, "gen.py"), "spec", "--scale", str(scale),
                        "-o", spec], check=True, stdout=subprocess.DEVNULL)
    newest_source = max(os.path.getmtime(os.path.join(HERE, f)) for f in ("convert.py", "bench-layout.xml"))
    if not os.path.exists(report) or os.path.getmtime(report) < max(newest_source, os.path.getmtime(spec)):
        log("run: converting %s" % spec)
        subprocess.run([sys.executable, os.path.join(HERE, "convert.py"), spec, "-o", folder], check=True)
    return spec, report


def verify(spec, pdf):
    """The shared verify.py and check_cells.py on one PDF: (passed, short summary)."""
    out = subprocess.run([sys.executable, os.path.join(SHARED, "verify.py"), spec, pdf], check=True,
                         capture_output=True, text=True).stdout
    r = json.loads(out.strip().splitlines()[-1])
    problems = []

    def whole(key):
        done, total = r[key].split()[0].split("/")
        if done != total:
            problems.append("%s %s" % (key, r[key]))
    if not r["footer_ok"]:
        problems.append("footer %s" % r["footer_bad"])
    for key in ("headings_found", "toc_entries", "toc_numbers_right", "tables_found", "sum_rows_found",
                "header_repeated"):
        whole(key)
    if not r["swedish_letters"]:
        problems.append("swedish letters missing")
    cells = subprocess.run([sys.executable, os.path.join(HERE, "check_cells.py"), spec, pdf],
                           capture_output=True, text=True)
    c = json.loads(cells.stdout.strip().splitlines()[-1])
    if cells.returncode != 0:
        problems.append("cells wrong in %d of %d rows, e.g. %s" % (c["rows_wrong"], c["rows_checked"],
                                                                  c["examples"][:2]))
    summary = "%d pages, toc %s, tables %s, %s, %d of %d rows exact" % (
        r["pages"], r["toc_numbers_right"], r["tables_found"], r["header_repeated"], c["rows_exact"],
        c["rows_checked"])
    # Ties (an exact value halfway between two printed ones) are explained, not failures: see
    # check_cells.py and RESULTS.md.
    if c["tie_rule"] or c["tie_float"]:
        summary += " (%d ties rounded half away from zero, %d ties rounded down by floating point)" % (
            c["tie_rule"], c["tie_float"])
    return not problems, summary + ("" if not problems else "; FAILED: " + "; ".join(problems))


def measure(rapport, name, report, backend, runs, out_dir, env, warm_up):
    pdf = os.path.join(out_dir, "%s-%s.pdf" % (name, backend))
    argv = [rapport, "render", report, "-o", pdf, "--backend", backend]
    if warm_up:
        run_once(argv, env)  # fills the page cache (binary, fonts, data); not counted
    walls, cpus, rss = [], [], []
    for i in range(runs):
        wall, cpu, peak, code, err = run_once(argv, env)
        if code != 0:
            raise RuntimeError("%s failed (exit %d):\n%s" % (" ".join(argv), code, err))
        walls.append(wall)
        cpus.append(cpu)
        rss.append(peak)
        log("run: %s %s run %d/%d: %.3f s wall, %.3f s cpu, %.1f MiB" % (name, backend, i + 1, runs, wall, cpu,
                                                                         peak / 1024))
    pages = page_count(pdf)
    wall = statistics.median(walls)
    return {"name": name, "backend": backend, "pages": pages, "runs": runs, "wall_s": wall,
            "wall_all_s": walls, "cpu_s": statistics.median(cpus), "ms_per_page": 1000 * wall / pages,
            "peak_rss_mib": statistics.median(rss) / 1024, "pdf": pdf}


def measure_batch(rapport, report, copies, workers, runs, out_dir, env):
    """`rapport batch` on a manifest of `copies` renders of one report with -j `workers`."""
    folder = os.path.join(out_dir, "batch-j%d" % workers)
    os.makedirs(folder, exist_ok=True)
    manifest = os.path.join(folder, "manifest.json")
    with open(manifest, "w", encoding="utf-8") as f:
        json.dump({"reports": [{"definition": os.path.relpath(report, folder), "output": "%02d.pdf" % (i + 1)}
                               for i in range(copies)]}, f, indent=1)
    argv = [rapport, "batch", manifest, "-j", str(workers)]
    walls, cpus, rss = [], [], []
    for i in range(runs):
        wall, cpu, peak, code, err = run_once(argv, env)
        if code != 0:
            raise RuntimeError("%s failed (exit %d):\n%s" % (" ".join(argv), code, err))
        walls.append(wall)
        cpus.append(cpu)
        rss.append(peak)
        log("run: batch of %d, -j %d, run %d/%d: %.3f s wall, %.3f s cpu, %.1f MiB" % (
            copies, workers, i + 1, runs, wall, cpu, peak / 1024))
    wall = statistics.median(walls)
    return {"workers": workers, "reports": copies, "runs": runs, "wall_s": wall, "cpu_s": statistics.median(cpus),
            "reports_per_s": copies / wall, "peak_rss_mib": statistics.median(rss) / 1024,
            "first_pdf": os.path.join(folder, "01.pdf")}


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {"nproc": os.cpu_count(), "cpu": cpu, "kernel": platform.release(),
            "python": platform.python_version()}


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="the 1x workload only (no 10x, 100x, samples)")
    ap.add_argument("--rapport", default=os.path.join(REPO, "build", "src", "rapport"),
                    help="the binary to time (default build/src/rapport, as scripts/build makes it)")
    ap.add_argument("--work", help="folder for specs, converted reports and PDFs "
                    "(default bench-work/ beside the binary's build folder)")
    ap.add_argument("--runs", type=int, default=5, help="runs for 1x and samples (median)")
    ap.add_argument("--runs-10x", type=int, default=3)
    ap.add_argument("--runs-100x", type=int, default=1)
    ap.add_argument("--no-100x", action="store_true")
    ap.add_argument("--no-samples", action="store_true")
    ap.add_argument("--backend", choices=BACKENDS, action="append", help="only this backend (repeatable)")
    ap.add_argument("--batch", type=int, default=8, metavar="N",
                    help="also time `rapport batch` on N copies of the 1x report with -j 1 and -j 2 (0: skip)")
    ap.add_argument("--json", help="also write the figures as JSON to this file")
    args = ap.parse_args(argv)

    rapport = os.path.abspath(args.rapport)
    if not os.access(rapport, os.X_OK):
        sys.exit("run: error: no rapport binary at %s (build it, or pass --rapport)" % rapport)
    # build/src/rapport -> build/bench-work
    work = os.path.abspath(args.work or os.path.join(os.path.dirname(os.path.dirname(rapport)), "bench-work"))
    out_dir = os.path.join(work, "out")
    os.makedirs(out_dir, exist_ok=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1637625600")
    backends = args.backend or list(BACKENDS)
    # Other work on the machine inflates wall times: say how busy it was.
    log("run: load average %.2f %.2f %.2f on %d cores" % (os.getloadavg() + (os.cpu_count(),)))

    cases = [(1, args.runs)]
    if not args.quick:
        cases.append((10, args.runs_10x))
        if not args.no_100x:
            cases.append((100, args.runs_100x))
    results, checks, failed = [], [], False
    for scale, runs in cases:
        spec, report = prepare_workload(scale, work)
        for backend in backends:
            r = measure(rapport, "%dx" % scale, report, backend, runs, out_dir, env, warm_up=scale == 1)
            results.append(r)
            if scale <= 10:
                ok, summary = verify(spec, r["pdf"])
                checks.append({"pdf": os.path.basename(r["pdf"]), "ok": ok, "summary": summary})
                failed |= not ok
                log("run: verify %s: %s" % (os.path.basename(r["pdf"]), summary))
    by_name = {(r["name"], r["backend"]): r for r in results}
    if not args.quick and not args.no_samples:
        samples = sorted(d for d in os.listdir(os.path.join(REPO, "samples"))
                         if os.path.exists(os.path.join(REPO, "samples", d, "report.xml")))
        for name in samples:
            report = os.path.join(REPO, "samples", name, "report.xml")
            for backend in backends:
                results.append(measure(rapport, name, report, backend, args.runs, out_dir, env, warm_up=True))

    batches = []
    if args.batch > 0 and not args.quick:
        _, report = prepare_workload(1, work)
        for workers in (1, 2):
            b = measure_batch(rapport, report, args.batch, workers, 3, out_dir, env)
            batches.append(b)
            single = by_name.get(("1x", "cairo"))
            if single:
                with open(b["first_pdf"], "rb") as x, open(single["pdf"], "rb") as y:
                    if x.read() != y.read():
                        failed = True
                        log("run: batch output %s differs from rapport render's" % b["first_pdf"])

    print("%-28s %-6s %6s %9s %9s %8s %9s" % ("input", "backend", "pages", "wall (s)", "cpu (s)", "ms/page",
                                                "peak MiB"))
    for r in results:
        print("%-28s %-6s %6d %9.3f %9.3f %8.2f %9.1f" % (r["name"], r["backend"], r["pages"], r["wall_s"],
                                                        r["cpu_s"], r["ms_per_page"], r["peak_rss_mib"]))
    by = {(r["name"], r["backend"]): r for r in results}
    if ("1x", "cairo") in by:
        one = by[("1x", "cairo")]
        # Wall time is the target; CPU time (user + system) says what the machine's other load
        # added to it.
        print("target 1x cairo < 100 ms (aim 50): %.1f ms wall, %.1f ms cpu -> %s" % (
            1000 * one["wall_s"], 1000 * one["cpu_s"], "met" if one["wall_s"] < 0.1 else "MISSED"))
        if ("100x", "cairo") in by:
            hundred = by[("100x", "cairo")]
            ratio = hundred["wall_s"] / one["wall_s"]
            cpu_ratio = hundred["cpu_s"] / one["cpu_s"]
            print("target 100x within 120x of 1x: %.1fx wall, %.1fx cpu (%.1fx the pages) -> %s" % (
                ratio, cpu_ratio, hundred["pages"] / one["pages"], "met" if ratio <= 120 else "MISSED"))
            print("target 100x under 400 MB RSS: %.1f MiB (%.0f MB) -> %s" % (
                hundred["peak_rss_mib"], hundred["peak_rss_mib"] * 1.048576,
                "met" if hundred["peak_rss_mib"] * 1.048576 < 400 else "MISSED"))
    for b in batches:
        print("batch %d x 1x, -j %d: %.3f s wall, %.3f s cpu, %.2f reports/s, peak %.1f MiB" % (
            b["reports"], b["workers"], b["wall_s"], b["cpu_s"], b["reports_per_s"], b["peak_rss_mib"]))
    for c in checks:
        print("verify %-18s %s %s" % (c["pdf"], "ok" if c["ok"] else "FAILED", c["summary"]))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"machine": machine(), "load_average": os.getloadavg(), "rapport": rapport,
                       "results": results, "batch": batches, "checks": checks}, f, indent=1,
                      ensure_ascii=False)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
