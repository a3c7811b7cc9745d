"""Walks tests/errors/: each NN-what.xml must fail with exactly the message in NN-what.out,
exit with status 1 and write no output file (for both `render` and `check`)."""
import glob
import os
import subprocess
import sys
import tempfile

rapport, folder = sys.argv[1], sys.argv[2]
failures = 0
cases = sorted(glob.glob(os.path.join(folder, "*.xml")))
for case in cases:
    expected_file = case[:-4] + ".out"
    if not os.path.exists(expected_file):
        continue  # a helper file (an included fragment or a layout)
    expected = open(expected_file, encoding="utf-8").read().rstrip("\n")
    relative = os.path.relpath(case)
    out_dir = tempfile.mkdtemp(prefix="rapport-errors-")
    output = os.path.join(out_dir, "out.pdf")
    for command in (["render", relative, "-o", output], ["check", relative]):
        result = subprocess.run([rapport] + command, capture_output=True, text=True)
        got = result.stderr.rstrip("\n")
        problems = []
        if result.returncode != 1:
            problems.append(f"exit status {result.returncode}, expected 1")
        if got != expected:
            problems.append(f"stderr differs:\n--- expected\n{expected}\n--- got\n{got}")
        if os.listdir(out_dir):
            problems.append(f"output written: {os.listdir(out_dir)}")
        name = f"{os.path.basename(case)} ({command[0]})"
        if problems:
            failures += 1
            print(f"FAIL {name}: " + "; ".join(problems))
        else:
            print(f"ok   {name}")
print(f"{len(cases)} cases, {failures} failures")
sys.exit(1 if failures else 0)
