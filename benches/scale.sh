#!/bin/sh
# Scale benchmark (issue 14): the en–ru benchmark memory at several sizes,
# through the CLI and in process, one command:
#
#   sh benches/scale.sh [N ...]          # default: 100000 1000000 10000000
#
# For each N it
#   1. writes benches/data/scale/tm-N.tmx (make_memory.py tmx: the recipe of
#      the fuzzy benchmark, seed 20261125; a smaller run is a prefix of a larger;
#      kept between runs, delete it to regenerate),
#   2. imports it into a fresh benches/data/scale/tm-N.tmdb with
#      `tmkit memory import --on-duplicate all` (wall time, peak RSS by
#      /usr/bin/time), then records the memory's size (file + -wal + -shm),
#   3. runs the fuzzy_scale bench on that memory: `Memory::suggest` p50/p95/p99,
#      top 5, θ = 70, per query in one process, over 2,000 queries
#      (make_memory.py queries), plus the exhaustive-scan check on a few,
#   4. times `tmkit match --file` over the same 2,000 queries as one process
#      (index load included; the mean per query is the wall time / 2,000),
#   5. times `tmkit analyze` of benches/data/document.txt (the fuzzy
#      benchmark's document) and `tmkit concordance` of a few words and
#      phrases (median of 3 whole processes each),
#   6. at N <= 1M, the brute-force peers of benches/fuzzy_peers.py on the
#      same memory (first N units of memory.tsv) and queries, when
#      benches/.venv has rapidfuzz (pip install -r benches/requirements-fuzzy.txt).
# and prints a Markdown table for BENCHMARKS.md. Results per size:
# benches/data/scale/result-N.json; the memory itself is deleted after its
# row unless KEEP=1 (10M takes about 10 GB).
#
# REUSE=1 keeps a memory already imported by an earlier run (with its
# import-N.time) instead of importing again.
# SKIP_BUILD=1 uses the binaries already in target/release.
# TABLE_ONLY=1 prints the table from the results already there (e.g. after
# running the sizes in separate invocations).
# Environment: REF_N="..." overrides the number of exhaustive reference
# queries (default 20 / 3 / 0 for <=100k / <=1M / larger), PEERS=0 skips the
# peers, NICE="" runs without nice.
set -eu
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- 100000 1000000 10000000
NICE=${NICE-nice}
OUT=benches/data/scale
mkdir -p "$OUT"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "scale.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }

if [ "${TABLE_ONLY:-0}" != 1 ]; then
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== building (release)" >&2
  cargo build --release --bin tmkit >&2
  cargo bench --bench fuzzy_scale --no-run >&2
fi
# Private copies, so that a rebuild during a long run does not change them.
TMKIT=$OUT/.tmkit-$$
BENCH=$OUT/.fuzzy_scale-$$
trap 'rm -f "$TMKIT" "$BENCH"' EXIT
cp target/release/tmkit "$TMKIT"
cp "$(ls -t target/release/deps/fuzzy_scale-* | grep -v '\.d$' | head -1)" "$BENCH"

# Shared inputs: 2,000 queries, the analysis document (built from the 1M
# memory.tsv as in the fuzzy benchmark) and memory.tsv for the peers.
[ -s "$OUT/queries.tsv" ] || python3 benches/make_memory.py queries 2000 "$OUT/queries.tsv" >&2
if [ ! -s benches/data/document.txt ] || [ ! -s benches/data/memory.tsv ]; then
  python3 benches/make_memory.py 1000000 500 >&2
  python3 benches/make_memory.py document >&2
fi

# time_run FILE CMD...: runs CMD (stdout discarded), writes "wall_s max_rss_kib" to FILE.
time_run() {
  file=$1; shift
  $TIME -f "%e %M" -o "$file" $NICE "$@" > /dev/null
}
median3() { sort -n | sed -n 2p; }

for N in "$@"; do
  TMX=$OUT/tm-$N.tmx
  DB=$OUT/tm-$N.tmdb
  [ -s "$TMX" ] || $NICE python3 benches/make_memory.py tmx "$N" "$TMX" >&2
  if [ "${REUSE:-0}" = 1 ] && [ -s "$DB" ] && [ -s "$OUT/import-$N.time" ]; then
    echo "== $N: reusing $DB and its import figures" >&2
  else
    rm -f "$DB" "$DB-wal" "$DB-shm"
    echo "== $N: import" >&2
    time_run "$OUT/import-$N.time" "$TMKIT" memory import "$DB" "$TMX" --on-duplicate all --format json
  fi
  BYTES=0
  for f in "$DB" "$DB-wal" "$DB-shm"; do
    [ -e "$f" ] && BYTES=$((BYTES + $(stat -c %s "$f")))
  done
  if [ "$N" -le 100000 ]; then REF=20; elif [ "$N" -le 1000000 ]; then REF=3; else REF=0; fi
  REF=${REF_N:-$REF}
  echo "== $N: in-process queries" >&2
  $NICE "$BENCH" "$N" --memory "$DB" --queries-file "$OUT/queries.tsv" --queries 2000 \
    --reference "$REF" > "$OUT/inprocess-$N.json"
  echo "== $N: tmkit match --file (2,000 queries, one process)" >&2
  time_run "$OUT/match-$N.time" "$TMKIT" match --file "$OUT/queries.txt" -m "$DB" --lang en:ru --format json
  echo "== $N: analyze" >&2
  time_run "$OUT/analyze-$N.time" "$TMKIT" analyze benches/data/document.txt -m "$DB" --lang en:ru --format json
  echo "== $N: concordance" >&2
  : > "$OUT/concordance-$N.tsv"
  for phrase in "Boko Haram" "government" "the" "minist*" "in the"; do
    for i in 1 2 3; do
      time_run "$OUT/c.time" "$TMKIT" concordance "$phrase" -m "$DB" --lang en:ru --format json
      cut -d' ' -f1 "$OUT/c.time"
    done | median3 | sed "s|^|$phrase\t|" >> "$OUT/concordance-$N.tsv"
  done
  : > "$OUT/peers-$N.jsonl"
  if [ "${PEERS:-1}" = 1 ] && [ "$N" -le 1000000 ] && [ -x benches/.venv/bin/python ]; then
    echo "== $N: peers" >&2
    if [ "$N" -le 100000 ]; then PQ=200; else PQ=30; fi
    for PEER in rf-word rf-char; do
      $NICE benches/.venv/bin/python benches/fuzzy_peers.py $PEER "$N" $PQ >> "$OUT/peers-$N.jsonl" || true
    done
  fi
  python3 - "$N" "$BYTES" "$OUT" > "$OUT/result-$N.json" <<'EOF'
import json, os, sys
n, size, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
def timed(name):
    wall, rss = open(os.path.join(out, f"{name}-{n}.time")).read().split()[-2:]
    return float(wall), int(rss)
inproc = json.load(open(os.path.join(out, f"inprocess-{n}.json")))
conc = dict(line.rstrip("\n").split("\t") for line in open(os.path.join(out, f"concordance-{n}.tsv")))
peers = [json.loads(l) for l in open(os.path.join(out, f"peers-{n}.jsonl")) if l.strip()]
print(json.dumps({
    "units": n, "tmx_bytes": os.path.getsize(os.path.join(out, f"tm-{n}.tmx")), "memory_bytes": size,
    "import": timed("import"), "match_file": timed("match"), "analyze": timed("analyze"),
    "concordance_s": {k: float(v) for k, v in conc.items()},
    "inprocess": inproc, "peers": peers, "load_avg": open("/proc/loadavg").read().split()[:3],
}, indent=1))
EOF
  [ "${KEEP:-0}" = 1 ] || rm -f "$DB" "$DB-wal" "$DB-shm"
done
fi

python3 - "$OUT" "$@" <<'EOF'
import json, os, sys
out, sizes = sys.argv[1], sys.argv[2:]
rows = [json.load(open(os.path.join(out, f"result-{n}.json"))) for n in sizes]
def col(f):
    return " | ".join(f(r) for r in rows)
def units(n):
    return f"{n // 1_000_000}M" if n >= 1_000_000 else f"{n // 1000}k"
mb = lambda b: f"{b / 1e6:,.0f}"
print("| | " + " | ".join(units(r["units"]) for r in rows) + " |")
print("|---|" + "---:|" * len(rows))
print("| TMX (MB) | " + col(lambda r: mb(r["tmx_bytes"])) + " |")
print("| import, `tmkit memory import` (s) | " + col(lambda r: f"{r['import'][0]:,.1f}") + " |")
print("| import peak RSS (MiB) | " + col(lambda r: f"{r['import'][1] / 1024:,.0f}") + " |")
print("| memory file incl. -wal/-shm (MB) / ratio to TMX | " + col(lambda r: f"{mb(r['memory_bytes'])} / {r['memory_bytes'] / r['tmx_bytes']:.2f}×") + " |")
print("| index load, first query (s) / heap (MB) | " + col(lambda r: f"{r['inprocess']['index_load_s']:.1f} / {mb(r['inprocess']['index_heap_bytes'])}") + " |")
print("| **`Memory::suggest` p50 / p95 / p99 (ms)**, 2,000 queries, top 5, θ = 70 | " + col(lambda r: f"**{r['inprocess']['p50_ms']:.2f} / {r['inprocess']['p95_ms']:.2f}** / {r['inprocess']['p99_ms']:.2f}") + " |")
print("| candidates checked p50 / p95 | " + col(lambda r: f"{r['inprocess']['candidates_p50']:,.0f} / {r['inprocess']['candidates_p95']:,.0f}") + " |")
print("| top 5 identical to the exhaustive scan | " + col(lambda r: f"{r['inprocess']['identical_top5']}/{r['inprocess']['reference_queries']}" if r['inprocess']['reference_queries'] else "—") + " |")
print("| `tmkit match --file`, 2,000 queries, one process: wall (s) / mean per query (ms) / peak RSS (MiB) | " + col(lambda r: f"{r['match_file'][0]:,.1f} / {r['match_file'][0] / 2:,.1f} / {r['match_file'][1] / 1024:,.0f}") + " |")
print("| `tmkit analyze` document.txt (s) / peak RSS (MiB) | " + col(lambda r: f"{r['analyze'][0]:,.1f} / {r['analyze'][1] / 1024:,.0f}") + " |")
for phrase in rows[0]["concordance_s"]:
    print(f"| `tmkit concordance \"{phrase}\"` (s, median of 3) | " + col(lambda r: f"{r['concordance_s'].get(phrase, float('nan')):.2f}") + " |")
def peer(r, name):
    for p in r["peers"]:
        if p.get("peer") == name:
            return f"{p['p50_ms']:,.0f} / {p['p95_ms']:,.0f} ({p['queries']} q)"
    return "—"
print("| peer: rapidfuzz word lists, brute force, p50 / p95 (ms) | " + col(lambda r: peer(r, "rf-word")) + " |")
print("| peer: rapidfuzz `fuzz.ratio` chars, brute force, p50 / p95 (ms) | " + col(lambda r: peer(r, "rf-char")) + " |")
print("| load average during the row | " + col(lambda r: " ".join(r["load_avg"])) + " |")
EOF
