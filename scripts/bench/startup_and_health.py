"""Benchmark: `nbamcp --help` start-up and `nbamcp health` wall time, each beside its peer in
the same run (the Python tooling it replaces), interleaved, medians over repeated runs.

  scripts/bench/run            (starts the stack, builds release, runs this)

Peers: `mlflow --help` (the Python ops CLI's start-up) and scripts/bench/health_peer.py (the
same health checks with psycopg2, boto3 and MLflow's client, as the seed's snippets did).
"""

import os
import statistics
import subprocess
import sys
import time

RUNS = int(os.environ.get("BENCH_RUNS", "15"))
NBAMCP = sys.argv[1]
PYTHON = os.environ["NBAMCP_STACK_PYTHON"]
HERE = os.path.dirname(os.path.abspath(__file__))
MLFLOW_CLI = os.path.join(os.path.dirname(PYTHON), "mlflow")

PAIRS = [
    ("start-up: --help", [NBAMCP, "--help"], [MLFLOW_CLI, "--help"]),
    ("health, all up", [NBAMCP, "health"], [PYTHON, os.path.join(HERE, "health_peer.py")]),
]


def wall(cmd):
    started = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return elapsed


print(f"runs per command: {RUNS} (interleaved, after one warm-up each)")
print("| what | nbamcp median | peer median | peer / nbamcp |")
print("|---|---|---|---|")
for label, ours, peer in PAIRS:
    wall(ours)
    wall(peer)
    a, b = [], []
    for _ in range(RUNS):
        a.append(wall(ours))
        b.append(wall(peer))
    ma, mb = statistics.median(a), statistics.median(b)
    print(f"| {label} | {ma * 1000:.1f} ms | {mb * 1000:.1f} ms | {mb / ma:.1f}x |")
