#!/usr/bin/env python3
"""Load generator for `tmkit serve` (issue 17): throughput and p50/p95
latency of POST /match with 1, 8 and 32 concurrent clients.

Starts the release binary on a free port over MEMORY (`--warm en`: every
reader thread loads its index before listening), sends a few warm-up
requests, then for each client count runs ROUNDS rounds; in a round
each client thread (its own keep-alive http.client connection) sends
REQUESTS /match requests, queries taken round-robin from QUERIES (the
benchmark queries of benches/make_memory.py). Prints one JSON line per
client count with the medians over rounds of: requests/s, p50 and p95 latency
(ms, as the client sees it), plus the server's own median handling time from
its access log. Python threads share one interpreter lock, so at 32 clients
the client itself is part of the cost; the machine's other jobs too.

Usage: benches/serve_load.py MEMORY.tmdb QUERIES.tsv [--clients 1,8,32]
       [--requests 480] [--rounds 3] [--readers N] [--bin target/release/tmkit]
"""
import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def start(binary, memory, readers):
    args = [binary, "serve", "--memory", memory, "--listen", "127.0.0.1:0", "--warm", "en"]
    if readers:
        args += ["--readers", str(readers)]
    proc = subprocess.Popen(args, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    log = []
    first = proc.stderr.readline()
    event = json.loads(first)
    url = event["url"]

    def drain():
        for line in proc.stderr:
            log.append(line)

    threading.Thread(target=drain, daemon=True).start()
    host, port = url.removeprefix("http://").split(":")
    return proc, host, int(port), log


def post(conn, body):
    conn.request("POST", "/match", body=body, headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    data = response.read()
    if response.status != 200:
        raise RuntimeError(f"{response.status}: {data[:200]!r}")
    return data


def run_round(host, port, bodies, clients, requests):
    latencies = [[] for _ in range(clients)]
    barrier = threading.Barrier(clients + 1)

    def client(k):
        conn = http.client.HTTPConnection(host, port)
        mine = latencies[k]
        barrier.wait()
        for i in range(requests):
            body = bodies[(k * 7919 + i) % len(bodies)]
            t0 = time.perf_counter()
            post(conn, body)
            mine.append((time.perf_counter() - t0) * 1000)
        conn.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    flat = sorted(x for l in latencies for x in l)
    q = lambda p: flat[min(len(flat) - 1, round((len(flat) - 1) * p))]
    return {"rps": len(flat) / wall, "p50": q(0.5), "p95": q(0.95), "n": len(flat)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("memory")
    ap.add_argument("queries")
    ap.add_argument("--clients", default="1,8,32")
    ap.add_argument("--requests", type=int, default=480)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--readers", type=int, default=0)
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "target", "release", "tmkit"))
    args = ap.parse_args()
    queries = []
    with open(args.queries, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3:
                queries.append(parts[2])
    bodies = [json.dumps({"query": q, "lang": "en:ru"}).encode() for q in queries]
    proc, host, port, log = start(args.bin, args.memory, args.readers)
    try:
        # Warm-up: enough concurrent requests that every reader thread loads its index.
        t0 = time.perf_counter()
        run_round(host, port, bodies, 8, 10)
        warm = time.perf_counter() - t0
        print(json.dumps({"warm_up_s": round(warm, 2), "queries": len(bodies)}), flush=True)
        for clients in [int(c) for c in args.clients.split(",")]:
            rounds = []
            for _ in range(args.rounds):
                before = len(log)
                r = run_round(host, port, bodies, clients, max(1, args.requests // clients) if clients > 1 else args.requests)
                served = [json.loads(l)["ms"] for l in log[before:] if '"/match"' in l]
                r["server_ms_p50"] = statistics.median(served) if served else None
                rounds.append(r)
            med = lambda k: round(statistics.median(r[k] for r in rounds), 3)
            print(json.dumps({
                "clients": clients,
                "requests_per_round": rounds[0]["n"],
                "rounds": len(rounds),
                "rps": med("rps"),
                "p50_ms": med("p50"),
                "p95_ms": med("p95"),
                "server_p50_ms": med("server_ms_p50"),
            }), flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
