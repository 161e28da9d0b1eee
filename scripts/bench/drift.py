"""Benchmark: `nbamcp drift check` on 1 000 000 reference rows x 20 numeric columns against
1 000 000 current rows, beside the seed's pandas + scipy.stats.ks_2samp loop, in the same run:
wall time and peak RSS (GNU time), medians over interleaved runs, identical verdicts required.
Data is generated once (numpy, fixed seed) into .bench-data/."""

import os
import statistics
import subprocess
import sys

import numpy as np

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
NBAMCP = sys.argv[1]
PYTHON = sys.executable
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", ".bench-data")
ROWS, COLS = 1_000_000, 20


def make_data():
    os.makedirs(DATA, exist_ok=True)
    ref, cur = os.path.join(DATA, "drift-ref.csv"), os.path.join(DATA, "drift-cur.csv")
    if os.path.exists(ref) and os.path.exists(cur):
        return ref, cur
    rng = np.random.default_rng(20261127)
    header = ",".join(f"f{i:02d}" for i in range(COLS))
    for path, shifted in ((ref, False), (cur, True)):
        x = rng.normal(size=(ROWS, COLS))
        if shifted:
            x[:, :5] += 0.01 * np.arange(1, 6)  # five columns drift a little, the rest do not
        np.savetxt(path + ".tmp", x, delimiter=",", header=header, comments="", fmt="%.6f")
        os.replace(path + ".tmp", path)
    return ref, cur


def measure(cmd):
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M", *cmd], capture_output=True, text=True)
    if out.returncode not in (0, 3):
        sys.exit(f"{cmd[0]} exited {out.returncode}: {out.stderr[-800:]}")
    wall, rss_kb = out.stderr.strip().splitlines()[-1].split()
    return float(wall), int(rss_kb) / 1024, out.stdout


ref, cur = make_data()
ours_cmd = [NBAMCP, "drift", "check", "--reference", ref, "--current", cur, "--method", "ks", "-o", "json", "--no-fail"]
peer_cmd = [PYTHON, os.path.join(HERE, "drift_peer.py"), ref, cur]
import json

ours_t, ours_m, peer_t, peer_m = [], [], [], []
for i in range(RUNS):
    t, m, out = measure(ours_cmd)
    ours_t.append(t)
    ours_m.append(m)
    verdict_ours = {f["feature"]: int(f["drift_detected"]) for f in json.loads(out)["features"]}
    t, m, out = measure(peer_cmd)
    peer_t.append(t)
    peer_m.append(m)
    verdict_peer = {line.split()[0]: int(line.split()[1]) for line in out.splitlines()}
    if verdict_ours != verdict_peer:
        sys.exit(f"different verdicts: nbamcp {verdict_ours} pandas+scipy {verdict_peer}")
raw_mib = ROWS * COLS * 2 * 8 / 2**20
print(f"runs: {RUNS} each, interleaved; {ROWS} x {COLS} vs {ROWS} x {COLS}; verdicts identical "
      f"({sum(verdict_ours.values())} of {COLS} drifted)")
print("| what | nbamcp | pandas + scipy | ratio |")
print("|---|---|---|---|")
print(f"| median wall time | {statistics.median(ours_t):.2f} s | {statistics.median(peer_t):.2f} s | "
      f"{statistics.median(peer_t) / statistics.median(ours_t):.1f}x faster |")
print(f"| peak RSS | {max(ours_m):.0f} MiB | {max(peer_m):.0f} MiB | raw numeric data {raw_mib:.0f} MiB: "
      f"nbamcp at {max(ours_m) / raw_mib:.2f}x |")
