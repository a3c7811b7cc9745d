"""A/B timing of two rapport binaries on the same command, runs alternating so that the machine's
load falls on both alike. Prints each binary's median CPU time (user + system), wall time and
peak RSS over N runs (default 10, env N) and the CPU ratio new/old. Standard library only.

  python3 bench/ab.py OLD_RAPPORT NEW_RAPPORT render build/bench-work/1x/report.xml -o /tmp/ab.pdf
"""
import os
import statistics
import subprocess
import sys
import time


def run_once(binary, args, env):
    """(CPU seconds, wall seconds, peak RSS in MiB) of one whole run."""
    start = time.monotonic()
    child = subprocess.Popen([binary] + args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        sys.exit(f"{binary} failed (status {status})")
    return usage.ru_utime + usage.ru_stime, time.monotonic() - start, usage.ru_maxrss / 1024


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    binaries, args = sys.argv[1:3], sys.argv[3:]
    env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1637625600"))
    results = {b: [] for b in binaries}
    for _ in range(int(os.environ.get("N", "10"))):
        for b in binaries:
            results[b].append(run_once(b, args, env))
    medians = {}
    for b in binaries:
        cpu, wall, rss = (statistics.median(r[k] for r in results[b]) for k in range(3))
        medians[b] = cpu
        print(f"{b}: cpu median {cpu:.3f} s, wall median {wall:.3f} s, peak RSS {rss:.1f} MiB")
    print(f"cpu ratio new/old {medians[binaries[1]] / medians[binaries[0]]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
