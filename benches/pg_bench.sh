#!/usr/bin/env bash
# PostgreSQL backend against the SQLite file, side by side in one run (issue 17).
#
# Starts a throwaway PostgreSQL server (initdb + pg_ctl from
# /usr/lib/postgresql/*/bin, in a temp directory on a free port, as the
# `postgres` user when run as root; default settings), then for one TMX:
#   1. tmkit memory import into a new .tmdb and into a new PostgreSQL memory:
#      wall time and the tmkit process's peak RSS (the server's own memory is
#      not counted; its settings are PostgreSQL's defaults);
#   2. size on disk: the .tmdb (+ -wal, -shm) against the sum of
#      pg_total_relation_size of the tmkit_* tables (the only memory there);
#   3. the same 2,000 queries (make_memory.py queries) through
#      `tmkit match --file … --format json` on both: wall time, and the
#      documents compared (identical once the memory's name is blanked);
#   4. per-query latency of Memory::suggest (what `tmkit match` runs per
#      segment) from the fuzzy_scale bench on both: p50 / p95 / p99, index
#      load time.
# Writes benches/data/pg/results.tsv and prints it.
#
# Usage: bash benches/pg_bench.sh [TMX] [QUERIES]
#   (default benches/data/memory_1m.tmx and 2000 queries; NICE= to not nice)
set -euo pipefail
cd "$(dirname "$0")/.."
tmx=${1:-benches/data/memory_1m.tmx}
nq=${2:-2000}
NICE=${NICE-nice}
out=benches/data/pg
mkdir -p "$out"
res=$out/results.tsv
: > "$res"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "pg_bench.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== building (release)" >&2
  cargo build --release --bin tmkit >&2
  cargo bench --bench fuzzy_scale --no-run >&2
fi
tmkit=$out/.tmkit-$$
bench=$out/.fuzzy_scale-$$
cp target/release/tmkit "$tmkit"

# The server (benches/pg_server.sh; stopped by cleanup).
source benches/pg_server.sh
cleanup() {
  pg_stop
  rm -f "$tmkit" "$bench"
}
trap cleanup EXIT
psql() { pg_psql "$@"; }
url="$pg_url_base?memory=bench"
db=$out/bench.tmdb
rm -f "$db" "$db-wal" "$db-shm"

timed() { # label command... → "label wall_s rss_kib"
  local label=$1; shift
  $TIME -f "$label	%e	%M" -a -o "$res" $NICE "$@" >/dev/null
}
echo "== $(uptime)" >&2
echo "load_before	$(cut -d' ' -f1-3 /proc/loadavg)" >> "$res"
echo "== import" >&2
timed "import sqlite" "$tmkit" memory import "$db" "$tmx"
timed "import postgres" "$tmkit" memory import "$url" "$tmx"
file_bytes=0
for f in "$db" "$db-wal" "$db-shm"; do
  [ -f "$f" ] && file_bytes=$((file_bytes + $(stat -c %s "$f")))
done
psql -d tmkit -c "VACUUM ANALYZE" >/dev/null
pg_bytes=$(psql -d tmkit -c "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c
  WHERE c.relkind = 'r' AND c.relname LIKE 'tmkit\_%'")
echo "size sqlite	$file_bytes	0" >> "$res"
echo "size postgres	$pg_bytes	0" >> "$res"
psql -d tmkit -c "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c
  WHERE c.relkind = 'r' AND c.relname LIKE 'tmkit\_%' ORDER BY 2 DESC" | sed 's/^/table	/' >> "$res"

echo "== queries" >&2
q=$out/queries.tsv
[ -s "$q" ] || python3 benches/make_memory.py queries "$nq" "$q" >&2
timed_to() { # file label command... (stdout to file)
  local file=$1 label=$2; shift 2
  $TIME -f "$label	%e	%M" -a -o "$res" $NICE "$@" > "$file"
}
timed_to "$out/match-sqlite.json" "match --file sqlite" \
  "$tmkit" match --file "${q%.tsv}.txt" -m "$db" --lang en:ru --format json
timed_to "$out/match-postgres.json" "match --file postgres" \
  "$tmkit" match --file "${q%.tsv}.txt" -m "$url" --lang en:ru --format json
python3 - "$out/match-sqlite.json" "$out/match-postgres.json" "$db" "$url" >> "$res" <<'EOF'
import json, sys
a = open(sys.argv[1]).read().replace(json.dumps(sys.argv[3]), '"M"')
b = open(sys.argv[2]).read().replace(json.dumps(sys.argv[4]), '"M"')
da, db = json.loads(a), json.loads(b)
n = sum(len(q["suggestions"]) for q in da["queries"])
print(f"identical\t{da == db}\t{len(da['queries'])} queries, {n} suggestions")
EOF

echo "== Memory::suggest latency" >&2
# (copied only now: with SKIP_BUILD=1 it may still be building meanwhile)
while [ -z "$(ls target/release/deps/fuzzy_scale-* 2>/dev/null | grep -v '\.d$')" ]; do sleep 10; done
cp "$(ls -t target/release/deps/fuzzy_scale-* | grep -v '\.d$' | head -1)" "$bench"
for side in sqlite postgres; do
  m=$db; [ $side = postgres ] && m=$url
  $NICE "$bench" 0 --memory "$m" --queries-file "$q" --queries "$nq" --reference 0 \
    > "$out/suggest-$side.log" 2>&1 || { cat "$out/suggest-$side.log" >&2; exit 1; }
  cp benches/data/rust_0.json "$out/suggest-$side.json"
  python3 - "$out/suggest-$side.json" $side >> "$res" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"suggest {sys.argv[2]}\tp50 {r['p50_ms']:.2f}\tp95 {r['p95_ms']:.2f}\tp99 {r['p99_ms']:.2f}\tload_s {r['index_load_s']:.2f}\tqueries {r['queries']}")
EOF
done
echo "load_after	$(cut -d' ' -f1-3 /proc/loadavg)" >> "$res"
rm -f "$db" "$db-wal" "$db-shm"
cat "$res"
