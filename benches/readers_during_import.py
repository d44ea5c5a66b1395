#!/usr/bin/env python3
"""Readers during an import, and what WAL costs a bulk load (issue 12).

1. Bulk load: `tmkit memory import` of the benchmark TMX into a new memory and
   into a memory that already holds it, with the tmkit under test (keeps WAL)
   and with a peer binary (e.g. the build before issue 12, which switched an
   import to journal_mode=DELETE), alternately, --runs times each.
2. Readers: while one import of the TMX runs into a memory holding the
   sample memory, a loop runs `memory lookup`, `match` and `memory stats`
   as separate processes and records every answer's latency and every
   failure; the same with the peer binary.

Prints a JSON report. Usage:

    cargo build --release
    python3 benches/make_tmx.py --units 200000 --out benches/data/tm-200000.tmx
    python3 benches/readers_during_import.py --tmx benches/data/tm-200000.tmx \
        --tmkit target/release/tmkit --peer /tmp/tmkit-before-issue-12 --runs 2
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "memories", "news-en-ru-uk.tmx")


def remove(db):
    for suffix in ("", "-wal", "-shm"):
        try:
            os.remove(db + suffix)
        except FileNotFoundError:
            pass


def timed_import(binary, db, tmx, costs=None):
    """Wall seconds of one import; `costs` gets its CPU seconds and the
    bytes it wrote to disk (rusage block outputs, 512 bytes each)."""
    start = time.monotonic()
    child = subprocess.Popen([binary, "memory", "import", db, tmx],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"import failed: {child.stderr.read()}")
    if costs is not None:
        costs.setdefault("cpu_s", []).append(round(usage.ru_utime + usage.ru_stime, 2))
        costs.setdefault("written_mib", []).append(round(usage.ru_oublock * 512 / 2**20))
    return wall


def bulk_load(binary, tmx, work, runs, costs):
    fresh, again = [], []
    for _ in range(runs):
        db = os.path.join(work, "bulk.tmdb")
        remove(db)
        fresh.append(timed_import(binary, db, tmx, costs.setdefault("new_memory", {})))
        remove(db)
        # Into a memory that already has units (the sample memory): every
        # unit's duplicate hash is looked up in the file.
        subprocess.run([binary, "memory", "import", db, SAMPLE], check=True,
                       stdout=subprocess.DEVNULL)
        again.append(timed_import(binary, db, tmx, costs.setdefault("existing_memory", {})))
        remove(db)
    return {"new_memory_s": fresh, "existing_memory_s": again,
            "new_memory_median_s": statistics.median(fresh),
            "existing_memory_median_s": statistics.median(again)}


def percentile(values, p):
    if not values:
        return None
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[k]


def readers(binary, tmx, work):
    db = os.path.join(work, "readers.tmdb")
    remove(db)
    subprocess.run([binary, "memory", "import", db, SAMPLE], check=True,
                   stdout=subprocess.DEVNULL)
    commands = {
        "lookup": [binary, "memory", "lookup", db, "The ceasefire has held for 14 days.",
                   "--lang", "en:ru"],
        "match": [binary, "match", "The ceasefire has held for 15 days.", "--lang", "en:ru",
                  "--memory", db],
        "stats": [binary, "memory", "stats", db],
    }
    start = time.monotonic()
    importer = subprocess.Popen([binary, "memory", "import", db, tmx],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    latencies = {name: [] for name in commands}
    failures = {name: 0 for name in commands}
    messages = set()
    while importer.poll() is None:
        for name, cmd in commands.items():
            t = time.monotonic()
            done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  text=True)
            if done.returncode == 0:
                latencies[name].append(time.monotonic() - t)
            else:
                failures[name] += 1
                messages.add(done.stderr.strip()[:200])
    import_s = time.monotonic() - start
    import_ok = importer.returncode == 0
    all_lat = [v for values in latencies.values() for v in values]
    report = {
        "import_s": round(import_s, 2),
        "import_succeeded": import_ok,
        "import_error": None if import_ok else importer.stderr.read().strip()[:200],
        "answered": sum(len(v) for v in latencies.values()),
        "failed": sum(failures.values()),
        "p50_ms": round(1000 * percentile(all_lat, 50), 1) if all_lat else None,
        "p95_ms": round(1000 * percentile(all_lat, 95), 1) if all_lat else None,
        "by_command": {
            name: {"answered": len(latencies[name]), "failed": failures[name],
                   "p50_ms": round(1000 * percentile(latencies[name], 50), 1)
                   if latencies[name] else None,
                   "p95_ms": round(1000 * percentile(latencies[name], 95), 1)
                   if latencies[name] else None}
            for name in commands
        },
        "failure_messages": sorted(messages)[:5],
    }
    remove(db)
    return report


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tmx", required=True)
    ap.add_argument("--tmkit", default=os.path.join(HERE, "..", "target", "release", "tmkit"))
    ap.add_argument("--peer", help="another tmkit binary measured the same way")
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--skip-bulk", action="store_true")
    ap.add_argument("--skip-readers", action="store_true")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="tmkit-readers-", dir=os.path.dirname(os.path.abspath(args.tmx)))
    binaries = {"tmkit": args.tmkit}
    if args.peer:
        binaries["peer"] = args.peer
    report = {"tmx": args.tmx, "load_average": os.getloadavg()}
    try:
        if not args.skip_bulk:
            bulk = {name: {"new_memory_s": [], "existing_memory_s": [], "costs": {}}
                    for name in binaries}
            for _ in range(args.runs):  # alternate the binaries
                for name, binary in binaries.items():
                    one = bulk_load(binary, args.tmx, work, 1, bulk[name]["costs"])
                    bulk[name]["new_memory_s"] += one["new_memory_s"]
                    bulk[name]["existing_memory_s"] += one["existing_memory_s"]
            for entry in bulk.values():
                entry["new_memory_median_s"] = statistics.median(entry["new_memory_s"])
                entry["existing_memory_median_s"] = statistics.median(entry["existing_memory_s"])
            report["bulk_load"] = bulk
        if not args.skip_readers:
            report["readers"] = {name: readers(binary, args.tmx, work)
                                 for name, binary in binaries.items()}
        report["load_average_after"] = os.getloadavg()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
