"""Benchmark: `nbamcp backup create` beside the seed's pipeline, on the same database.

    python scripts/bench/backup.py NBAMCP_BINARY [SIZE_MB ...]     (default sizes: 100 1000)

For each size a database `bench_backup_<MB>` is made once (pgbench tables at the matching
scale plus a table of varied text, so that not everything compresses like pgbench's blank
filler). Then, interleaved, REPEAT times each:
  - nbamcp:  `nbamcp backup create --database bench_backup_<MB>` (zstd, multipart, manifest);
  - seed:    `pg_dump DB | gzip > FILE` (set -o pipefail) then boto3 `upload_file` to the same
             bucket (the AWS CLI's transfer manager), as backup_db.sh does with `aws s3 cp`.
Reports median wall time, nbamcp's peak RSS (VmHWM of the nbamcp process, sampled every 10 ms),
bytes stored by each, and the ratio. Run inside `eval "$(scripts/stack env)"`.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

import boto3

REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
BUCKET = "nbamcp-backups"


def db_url(name):
    url = urllib.parse.urlparse(os.environ["DATABASE_URL"])
    return url._replace(path="/" + name).geturl()


def psql(db, sql):
    return subprocess.run(
        ["psql", db_url(db), "-X", "-v", "ON_ERROR_STOP=1", "-tAc", sql],
        check=True, capture_output=True, text=True,
    ).stdout.strip()


def ensure_db(mb):
    name = f"bench_backup_{mb}"
    if psql("nbamcp", f"SELECT count(*) FROM pg_database WHERE datname = '{name}'") == "1":
        return name
    print(f"creating {name} (~{mb} MB)", file=sys.stderr)
    psql("nbamcp", f"CREATE DATABASE {name}")
    # pgbench: ~15 MB per scale unit; 70 % of the size from pgbench, 30 % varied text.
    scale = max(1, round(mb * 0.7 / 15))
    subprocess.run(["pgbench", "-i", "-q", "-s", str(scale), db_url(name)], check=True,
                   capture_output=True)
    rows = int(mb * 0.3 * 1024 * 1024 / 200)
    psql(name, "CREATE TABLE varied AS SELECT i AS id, md5(i::text) || md5((i*7)::text) || "
               "md5((i*13)::text) || md5(random()::text) AS txt, random() * 1000 AS x "
               f"FROM generate_series(1, {rows}) AS i")
    print(f"{name}: {psql(name, f'SELECT pg_size_pretty(pg_database_size(current_database()))')}",
          file=sys.stderr)
    return name


def run_sampled(cmd, env=None):
    """Run cmd; return (seconds, peak RSS in MiB of that process, stdout)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    peak = [0]

    def sample():
        path = f"/proc/{proc.pid}/status"
        while proc.poll() is None:
            try:
                with open(path) as f:
                    for line in f:
                        if line.startswith("VmHWM:"):
                            peak[0] = max(peak[0], int(line.split()[1]))
            except OSError:
                pass
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    out, err = proc.communicate()
    sampler.join()
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed ({proc.returncode}): {err.decode()}")
    return seconds, peak[0] / 1024, out.decode()


def nbamcp_once(binary, db):
    import json
    seconds, rss, out = run_sampled([binary, "backup", "create", "--database", db, "-o", "json"])
    manifest = json.loads(out)["backups"][0]["manifest"]
    return seconds, rss, manifest["bytes"], manifest["dump_bytes"]


def seed_once(s3, db, workdir):
    path = os.path.join(workdir, f"{db}.sql.gz")
    started = time.perf_counter()
    subprocess.run(["bash", "-c", 'set -o pipefail; pg_dump "$1" | gzip > "$2"', "bench",
                    db_url(db), path], check=True)
    s3.upload_file(path, BUCKET, f"bench-seed/{db}.sql.gz")
    seconds = time.perf_counter() - started
    size = os.path.getsize(path)
    os.remove(path)
    return seconds, size


def main():
    binary = sys.argv[1]
    sizes = [int(s) for s in sys.argv[2:]] or [100, 1000]
    s3 = boto3.client("s3", endpoint_url=os.environ["AWS_ENDPOINT_URL"])
    print(f"machine: {os.cpu_count()} cores, {os.uname().machine}, {time.strftime('%Y-%m-%d')}; "
          f"{REPEAT} interleaved runs each, medians")
    print("| database | nbamcp wall | seed wall | seed / nbamcp | nbamcp peak RSS | "
          "nbamcp stored | seed stored | dumped by pg_dump -Fc |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as workdir:
        for mb in sizes:
            db = ensure_db(mb)
            size = psql(db, "SELECT pg_size_pretty(pg_database_size(current_database()))")
            ours, theirs, rss = [], [], []
            for _ in range(REPEAT):
                s, r, stored, dumped = nbamcp_once(binary, db)
                ours.append(s)
                rss.append(r)
                s2, seed_stored = seed_once(s3, db, workdir)
                theirs.append(s2)
            a, b = statistics.median(ours), statistics.median(theirs)
            print(f"| {db} ({size}) | {a:.2f} s | {b:.2f} s | {b / a:.2f}x | {max(rss):.0f} MiB | "
                  f"{stored / 2**20:.1f} MiB | {seed_stored / 2**20:.1f} MiB | "
                  f"{dumped / 2**20:.1f} MiB |", flush=True)


if __name__ == "__main__":
    main()
