"""Runs every malformed input in tests/bad/ through rapport and checks that it fails cleanly.

A case is NN-what.xml (the definition; its data, layouts and fonts are in data/) with:
  NN-what.out   the exact first line rapport must print on stderr, with the repository's
                absolute path written as {root} (so the case holds in any checkout)
  NN-what.args  optional: the command line after `rapport`, one line, with {case} and {out}
                (default: render {case} -o {out})
  NN-what.bug   optional: a known bug in a stage this folder does not own, described in the
                file. The case is expected to fail until the bug is fixed; when it passes,
                the run fails so that the .bug file is deleted and the case guards the fix.
Every case must exit with status 1 (not a signal, not a sanitizer report) within 10 s, print
its expected line first, and leave its output folder empty (no output and no temporary file).

usage: run_bad.py RAPPORT [FOLDER] [--update]   (run from the repository root; --update
rewrites each .out from rapport's output, for cases without a .bug file)
"""
import glob
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

TIMEOUT = 10  # seconds per case
# The checkout this script runs from; absolute paths in messages are compared as {root}.
REPOSITORY_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SANITIZER_MARKERS = ("AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer", "runtime error:")


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def command_of(case, out):
    args_file = case[:-4] + ".args"
    words = ["render", "{case}", "-o", "{out}"]
    if os.path.exists(args_file):
        words = shlex.split(read_text(args_file), comments=True)
    return [w.replace("{case}", os.path.relpath(case)).replace("{out}", out) for w in words]


def run_case(rapport, case):
    """Returns (problems, first stderr line)."""
    out_dir = tempfile.mkdtemp(prefix="rapport-bad-")
    try:
        command = command_of(case, os.path.join(out_dir, "out.pdf"))
        try:
            result = subprocess.run([rapport] + command, capture_output=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return [f"no answer within {TIMEOUT} s (a hang?)"], ""
        stderr = result.stderr.decode("utf-8", errors="replace")
        first = stderr.split("\n", 1)[0].replace(REPOSITORY_ROOT, "{root}")
        problems = []
        if result.returncode < 0:
            problems.append(f"killed by signal {-result.returncode} (a crash)")
        elif result.returncode != 1:
            problems.append(f"exit status {result.returncode}, expected 1")
        for marker in SANITIZER_MARKERS:
            if marker in stderr:
                line = next(l for l in stderr.splitlines() if marker in l)
                problems.append(f"sanitizer report: {line.strip()}")
                break
        left = sorted(os.listdir(out_dir))
        if left:
            problems.append(f"files left in the output folder: {left}")
        return problems, first
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)


def main():
    args = [a for a in sys.argv[1:] if a != "--update"]
    update = "--update" in sys.argv[1:]
    if not args:
        print(__doc__)
        return 2
    rapport = os.path.abspath(args[0])
    folder = args[1] if len(args) > 1 else os.path.dirname(os.path.abspath(__file__))
    cases = sorted(glob.glob(os.path.join(folder, "*.xml")))
    failures = known = 0
    for case in cases:
        name = os.path.basename(case)[:-4]
        expected_file = case[:-4] + ".out"
        bug_file = case[:-4] + ".bug"
        problems, first = run_case(rapport, case)
        if update and not os.path.exists(bug_file) and first:
            with open(expected_file, "w", encoding="utf-8") as f:
                f.write(first + "\n")
        if not os.path.exists(expected_file):
            problems.append(f"no {name}.out with the expected first line (got: {first})")
        else:
            expected = read_text(expected_file).split("\n", 1)[0]
            if first != expected:
                problems.append(f"first stderr line differs:\n    expected: {expected}\n    got:      {first}")
        if os.path.exists(bug_file):
            if problems:
                known += 1
                print(f"known {name}: " + read_text(bug_file).strip().split("\n", 1)[0])
            else:
                failures += 1
                print(f"FIXED {name}: passes now; delete {name}.bug so the case guards the fix")
        elif problems:
            failures += 1
            print(f"FAIL  {name}: " + "\n      ".join(problems))
        else:
            print(f"ok    {name}")
    print(f"{len(cases)} cases, {failures} failures, {known} known bugs (see the .bug files)")
    return 1 if failures or not cases else 0


if __name__ == "__main__":
    sys.exit(main())
