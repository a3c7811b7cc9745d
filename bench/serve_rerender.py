#!/usr/bin/env python3
"""How fast `rapport serve` renders again after a one-word edit, against its first render.

Serves a copy of the largest sample (samples/orebro-delarsrapport-2021, 44 pages) several times.
In each server the first render (a fresh layout engine: fonts loaded, every word shaped) is timed,
then one word of one chapter file is changed back and forth and each re-render is timed. The
times are the server's own (GET /api/state: run_ms is the wall time of a run, cpu_ms the CPU time
of the thread that ran it, from the definition to the pages' fingerprints); "save to update" is
the time from the write to the page's long poll (/api/view) returning the new run, as a browser
sees it. Prints medians and the ratio; see bench/SERVE.md.

usage: bench/serve_rerender.py [BUILD/src/rapport] [--servers 5] [--edits 3] [--sample DIR]
"""
import argparse
import http.client
import json
import os
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

CHAPTER = os.path.join("kapitel", "2-bedomning-och-analys.xml")
WORDS = ("har ökat efter nedgången", "har stigit efter nedgången")  # one word changed, back and forth
NEW_WORD = "stigit"  # found nowhere else in the sample, so the pages show which text they hold


def get(port, path, timeout=60):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def state(port):
    return json.loads(get(port, "/api/state")[2])


def wait_newer(port, version, limit=60):
    """Long-polls /api/view until a run newer than `version` is published; returns the state."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        status, headers, _ = get(port, f"/api/view?since={version}")
        if status == 200 and int(headers.get("X-Rapport-Version", version)) != version:
            return state(port)
    raise TimeoutError(f"no run after run {version} within {limit} s")


def start(rapport, definition):
    process = subprocess.Popen([rapport, "serve", definition, "--port", "0"], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    ready, _, _ = select.select([process.stdout], [], [], 60)
    line = process.stdout.readline() if ready else ""
    if not line.startswith("serving http://127.0.0.1:"):
        process.kill()
        raise RuntimeError(f"rapport serve did not start ({line!r})")
    return process, int(line.strip().rstrip("/").rsplit(":", 1)[1])


def stop(process):
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.stdout.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("rapport", nargs="?", default="build/src/rapport")
    parser.add_argument("--servers", type=int, default=5, help="fresh servers, one first render each")
    parser.add_argument("--edits", type=int, default=3, help="one-word edits per server")
    parser.add_argument("--sample", default="samples/orebro-delarsrapport-2021")
    args = parser.parse_args()
    os.environ.setdefault("RAPPORT_DATA_DIR", os.getcwd())
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1637625600")

    work = tempfile.mkdtemp(prefix="rapport-bench-serve-")
    try:
        sample = os.path.join(work, "sample")
        shutil.copytree(args.sample, sample)
        definition = os.path.join(sample, "report.xml")
        chapter = os.path.join(sample, CHAPTER)
        with open(chapter, encoding="utf-8") as f:
            original = f.read()
        if original.count(WORDS[0]) != 1:
            sys.exit(f"{CHAPTER} no longer holds '{WORDS[0]}' once: pick another word")

        first, again, latency, pages = [], [], [], set()
        for _ in range(args.servers):
            with open(chapter, "w", encoding="utf-8") as f:
                f.write(original)
            process, port = start(args.rapport, definition)
            try:
                s = wait_newer(port, 0)
                if s["failed"]:
                    sys.exit(f"the sample does not render:\n{s['diagnostics']}")
                first.append((s["run_ms"], s["cpu_ms"]))
                pages.add(len(s["pages"]))
                for edit in range(args.edits):
                    word = WORDS[(edit + 1) % 2]
                    text = original.replace(WORDS[0], word)
                    time.sleep(0.3)  # let the watcher settle, so each save is one run
                    saved = time.monotonic()
                    with open(chapter, "w", encoding="utf-8") as f:
                        f.write(text)
                    s = wait_newer(port, s["version"])
                    latency.append((time.monotonic() - saved) * 1000)
                    shown = (NEW_WORD in word) == any(NEW_WORD in p["text"] for p in s["pages"])
                    if s["failed"] or not shown:
                        sys.exit(f"the edit did not reach the pages (failed: {s['failed']})")
                    again.append((s["run_ms"], s["cpu_ms"]))
            finally:
                stop(process)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def median(rows, i):
        return statistics.median(r[i] for r in rows)

    print(f"sample: {args.sample} ({', '.join(map(str, sorted(pages)))} pages); "
          f"{len(first)} first renders, {len(again)} re-renders after a one-word edit")
    print(f"{'':22}{'wall ms':>10}{'CPU ms':>10}")
    print(f"{'first render':22}{median(first, 0):10.0f}{median(first, 1):10.0f}")
    print(f"{'re-render':22}{median(again, 0):10.0f}{median(again, 1):10.0f}")
    print(f"{'ratio':22}{median(again, 0) / median(first, 0):10.2f}{median(again, 1) / median(first, 1):10.2f}")
    print(f"save to update (browser's view): median {statistics.median(latency):.0f} ms, "
          f"max {max(latency):.0f} ms")


if __name__ == "__main__":
    main()
