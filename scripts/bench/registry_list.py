"""Benchmark: `nbamcp registry list` over 10 models x 100 versions beside MLflow's Python client
doing the same listing (scripts/bench/registry_list_peer.py), interleaved, medians, and the
number of HTTP requests each makes. Run by scripts/bench/run on a stack of its own."""

import json
import os
import statistics
import subprocess
import sys
import time

RUNS = int(os.environ.get("BENCH_RUNS", "7"))
NBAMCP = sys.argv[1]
PYTHON = os.environ["NBAMCP_STACK_PYTHON"]
PEER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "registry_list_peer.py")


def timed(cmd):
    started = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {out.returncode}: {out.stderr[-500:]}")
    return elapsed, out.stdout


ours_cmd = [NBAMCP, "registry", "list", "-o", "json"]
peer_cmd = [PYTHON, PEER]
_, ours_out = timed(ours_cmd)
_, peer_out = timed(peer_cmd)
listing = json.loads(ours_out)
peer_versions, peer_requests = map(int, peer_out.split())
if listing["total"] != peer_versions:
    sys.exit(f"different listings: nbamcp {listing['total']} versions, MLflow client {peer_versions}")
a, b = [], []
for _ in range(RUNS):
    a.append(timed(ours_cmd)[0])
    b.append(timed(peer_cmd)[0])
ma, mb = statistics.median(a), statistics.median(b)
print(f"runs per command: {RUNS} (interleaved, after one warm-up each); {peer_versions} versions")
print("| what | nbamcp | MLflow Python client | client / nbamcp |")
print("|---|---|---|---|")
print(f"| registry list, median wall time | {ma * 1000:.0f} ms | {mb * 1000:.0f} ms | {mb / ma:.1f}x |")
print(f"| HTTP requests | {listing['mlflow_requests']} | {peer_requests} | |")
