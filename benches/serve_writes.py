#!/usr/bin/env python3
"""What a write costs the lookups that follow it in `tmkit serve` (issue 17).

A translator confirms a segment (POST /units) and asks for the next match at
once (POST /match). Each serving thread keeps the memory's fuzzy index
loaded; this measures the /match latency right after a write, against the
steady latency with no write in between, for one or more binaries over the
same memory (to compare a build with the one before it).

For each binary: start `serve --memory MEMORY --readers R --warm LANG` on a
free port, send WARMUP matches, then ROUNDS times: one /match (steady), one
POST /units with a new sentence, then R /match requests at once (one per
serving thread, each thread's first lookup after the write). Prints one JSON
line per binary: medians and p95 of the steady and the after-write latency
(ms, as the client sees it) and of the write itself. The units it adds stay in
the memory (use a copy).

Usage: benches/serve_writes.py MEMORY QUERIES.tsv [--bin target/release/tmkit ...]
       [--rounds 30] [--readers 2] [--lang en:ru]
MEMORY may be a .tmdb path or a postgres:// URL (password in PGPASSWORD).
"""
import argparse
import http.client
import json
import statistics
import subprocess
import threading
import time


def start(binary, memory, readers, lang):
    args = [binary, "serve", "--memory", memory, "--listen", "127.0.0.1:0",
            "--readers", str(readers), "--warm", lang.split(":")[0]]
    proc = subprocess.Popen(args, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    while True:
        line = proc.stderr.readline()
        if not line:
            raise SystemExit(f"{binary} serve stopped before listening")
        if '"listening"' in line:
            break
    threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
    url = json.loads(line)["url"]
    host, port = url.split("//")[1].rstrip("/").split(":")
    return proc, host, int(port)


def post(conn, path, body):
    data = json.dumps(body).encode()
    start = time.perf_counter()
    conn.request("POST", path, data, {"Content-Type": "application/json"})
    response = conn.getresponse()
    payload = response.read()
    elapsed = (time.perf_counter() - start) * 1000
    if response.status >= 300:
        raise SystemExit(f"{path}: HTTP {response.status}: {payload[:300]!r}")
    return elapsed, json.loads(payload)


def p95(values):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def run(binary, args, queries):
    proc, host, port = start(binary, args.memory, args.readers, args.lang)
    try:
        conns = [http.client.HTTPConnection(host, port, timeout=600) for _ in range(args.readers)]
        for i in range(args.warmup):
            post(conns[0], "/match", {"query": queries[i % len(queries)], "lang": args.lang, "min": 70, "max": 5})
        steady, after, writes = [], [], []
        stamp = int(time.time())
        for r in range(args.rounds):
            query = queries[(r * 7) % len(queries)]
            body = {"query": query, "lang": args.lang, "min": 70, "max": 5}
            steady.append(post(conns[0], "/match", body)[0])
            source = f"The desk confirmed segment {stamp} number {r} about {query[:40]}"
            writes.append(post(conns[0], "/units", {"lang": args.lang, "source": source,
                                                    "target": f"Подтверждено {stamp} {r}"})[0])
            times = [None] * args.readers

            def ask(i):
                times[i] = post(conns[i], "/match", {"query": source, "lang": args.lang, "min": 70, "max": 5})

            threads = [threading.Thread(target=ask, args=(i,)) for i in range(args.readers)]
            [t.start() for t in threads]
            [t.join() for t in threads]
            for elapsed, answer in times:
                after.append(elapsed)
                top = answer["queries"][0]["suggestions"]
                if not top or top[0]["score"] != 100:
                    raise SystemExit(f"round {r}: the unit just stored was not found: {answer}")
        return {
            "binary": binary, "memory": args.memory, "readers": args.readers, "rounds": args.rounds,
            "steady_p50_ms": round(statistics.median(steady), 2), "steady_p95_ms": round(p95(steady), 2),
            "after_write_p50_ms": round(statistics.median(after), 2), "after_write_p95_ms": round(p95(after), 2),
            "write_p50_ms": round(statistics.median(writes), 2), "write_p95_ms": round(p95(writes), 2),
        }
    finally:
        proc.terminate()
        proc.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("memory")
    parser.add_argument("queries")
    parser.add_argument("--bin", action="append", dest="bins")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--readers", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--lang", default="en:ru")
    args = parser.parse_args()
    with open(args.queries, encoding="utf-8") as f:
        queries = [line.rstrip("\n").split("\t")[-1] for line in f if line.strip()]
    for binary in args.bins or ["target/release/tmkit"]:
        print(json.dumps(run(binary, args, queries)), flush=True)


if __name__ == "__main__":
    main()
