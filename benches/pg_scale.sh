#!/usr/bin/env bash
# Growth of a PostgreSQL memory from 1M to 10M units, in one run (issue 17).
#
# One PostgreSQL server (benches/pg_server.sh, data directory PG_DATA_DIR,
# default /work/pgdata10m: a 10M memory takes ~10 GB; deleted on exit) with
# the bulk-load settings below; two memories in its database, `small` and
# `large`, imported from TMX files of make_memory.py's one random stream
# (the smaller file is a prefix of the larger), then for each:
#   1. `tmkit memory import --on-duplicate all` (every unit stored, as
#      benches/scale.sh does on SQLite): wall, tmkit's CPU time (user+sys),
#      tmkit's peak RSS, and the server's CPU time over the import (the
#      postgres processes' utime+stime from /proc);
#   2. size: the memory's share of each tmkit_* table (sizes after the first
#      import, then the growth over the second), and `tmkit memory stats`;
#   3. `tmkit match --file` over the 2,000 queries (whole process, index load
#      included), results compared between the two memories' runs only for
#      shape (they differ: the larger memory has more candidates);
#   4. Memory::suggest p50/p95/p99 per query (fuzzy_scale --memory), top 5,
#      θ = 70, and the index load time;
#   5. `tmkit concordance "government"` (wall).
# With SQLITE=1 the small TMX also goes into a .tmdb (the peer) and steps 1,
# 3, 4 and 5 run on it too, after the PostgreSQL steps.
#
# Server settings (a bulk load's, what a real deployment loading millions
# of units would set; everything else is PostgreSQL's default):
#   shared_buffers=3GB      the random-key indexes (content key, content
#                           hash, lookup hash) of 10M units fit in RAM
#   max_wal_size=4GB, checkpoint_timeout=30min
#                           a checkpoint (and full-page images after it)
#                           every 4 GB of WAL instead of every 1 GB (more
#                           would need more free disk: the WAL of a 10M
#                           load is ~10 GB)
#   wal_level=minimal, max_wal_senders=0
#                           no replication (a replicated deployment keeps
#                           `replica`)
#   maintenance_work_mem=1GB  VACUUM ANALYZE after the load
# (override with PG_SETTINGS=...; PG_SETTINGS= for the defaults).
#
# Usage: bash benches/pg_scale.sh SMALL.tmx LARGE.tmx [QUERIES]
#   e.g. python3 benches/make_memory.py tmx 1000000 /work/pgscale/tm-1000000.tmx
#        python3 benches/make_memory.py tmx 10000000 /work/data10m/tm-10000000.tmx
#        SKIP_BUILD=1 nohup bash benches/pg_scale.sh /work/pgscale/tm-1000000.tmx \
#          /work/data10m/tm-10000000.tmx > pg_scale.log 2>&1 &
# Writes benches/data/pg_scale/results.tsv (and prints it); progress lines
# with the load average go to stderr every minute during the imports.
set -euo pipefail
cd "$(dirname "$0")/.."
small=${1:?usage: pg_scale.sh SMALL.tmx LARGE.tmx [QUERIES]}
large=${2:?usage: pg_scale.sh SMALL.tmx LARGE.tmx [QUERIES]}
nq=${3:-2000}
NICE=${NICE-nice}
export PG_DATA_DIR=${PG_DATA_DIR:-/work/pgdata10m}
export PG_SETTINGS=${PG_SETTINGS-"-c shared_buffers=3GB -c max_wal_size=4GB -c checkpoint_timeout=30min -c wal_level=minimal -c max_wal_senders=0 -c maintenance_work_mem=1GB"}
out=benches/data/pg_scale
mkdir -p "$out"
res=$out/results.tsv
: > "$res"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "pg_scale.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  cargo build --release --bin tmkit >&2
  cargo bench --bench fuzzy_scale --no-run >&2
fi
tmkit=$out/.tmkit-$$
bench=$out/.fuzzy_scale-$$
cp target/release/tmkit "$tmkit"

source benches/pg_server.sh
watcher=
cleanup() {
  [ -n "$watcher" ] && kill "$watcher" 2>/dev/null
  pg_stop
  rm -f "$tmkit" "$bench"
}
trap cleanup EXIT
log() { echo "$(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg) $*" >&2; }
echo "settings	${PG_SETTINGS:-defaults}" >> "$res"
echo "server	$("$pg_bin/postgres" --version)" >> "$res"

server_cpu() { # clock ticks of utime+stime of every postgres process of this server
  # (the postmaster with the children it has reaped — exited backends,
  # fields cutime/cstime — plus its live children: checkpointer, walwriter, …)
  local total pid master
  master=$(head -1 "$pg_dir/data/postmaster.pid")
  total=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$master/stat")
  for pid in $(pgrep -P "$master"); do
    [ -r "/proc/$pid/stat" ] || continue
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$total"
}
hz=$(getconf CLK_TCK)
tables="'tmkit_unit','tmkit_variant','tmkit_seq','tmkit_token','tmkit_text_dict','tmkit_source_file','tmkit_memory'"
table_bytes() { pg_psql -d tmkit -c "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)
  FROM pg_class c WHERE c.relkind = 'r' AND c.relname IN ($tables)"; }

import() { # name tmx
  local name=$1 tmx=$2 before_cpu after_cpu before_bytes after_bytes pid
  local url="$pg_url_base?memory=$name"
  log "import $name ($tmx)"
  before_cpu=$(server_cpu)
  before_bytes=$(table_bytes)
  $TIME -f "import $name	wall %e	user %U	sys %S	rss_kib %M" -a -o "$res" \
    $NICE "$tmkit" memory import --on-duplicate all "$url" "$tmx" > "$out/import-$name.log" 2>&1 &
  pid=$!
  # progress: bytes of the TMX read so far (the import is one transaction,
  # so nothing is visible in the tables before it commits)
  (
    total=$(stat -L -c %s "$tmx")
    while sleep 60; do
      child=$(pgrep -P "$pid" | head -1)
      [ -n "$child" ] || child=$(pgrep -f "$tmkit memory import" | head -1)
      read_bytes=$(awk '/^rchar/ {print $2}' "/proc/$child/io" 2>/dev/null || echo 0)
      log "import $name: $((read_bytes / 1000000)) of $((total / 1000000)) MB read"
    done
  ) &
  watcher=$!
  wait "$pid" || { kill "$watcher"; cat "$out/import-$name.log" >&2; exit 1; }
  kill "$watcher" 2>/dev/null || true
  watcher=
  after_cpu=$(server_cpu)
  echo "server cpu $name	$(awk -v a="$before_cpu" -v b="$after_cpu" -v hz="$hz" 'BEGIN {printf "%.1f s", (b - a) / hz}')" >> "$res"
  pg_psql -d tmkit -c "VACUUM ANALYZE" >/dev/null
  after_bytes=$(table_bytes)
  echo "size $name	$((after_bytes - before_bytes)) B (growth of the tmkit_* tables, after VACUUM ANALYZE)" >> "$res"
  pg_psql -d tmkit -c "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c
    WHERE c.relkind = 'r' AND c.relname IN ($tables) ORDER BY 2 DESC" | sed "s/^/tables after $name	/" >> "$res"
  tail -3 "$out/import-$name.log" | sed "s/^/report $name	/" >> "$res"
  log "import $name done"
}

queries() { # label memory
  local label=$1 memory=$2
  # (copied only now: with SKIP_BUILD=1 it may still be building meanwhile)
  while [ ! -x "$bench" ]; do
    found=$(ls -t target/release/deps/fuzzy_scale-* 2>/dev/null | grep -v '\.d$' | head -1 || true)
    if [ -n "$found" ]; then cp "$found" "$bench"; else sleep 10; fi
  done
  log "match --file $label"
  $TIME -f "match --file $label	wall %e	user %U	sys %S	rss_kib %M" -a -o "$res" \
    $NICE "$tmkit" match --file "${q%.tsv}.txt" -m "$memory" --lang en:ru --format json > "$out/match-$label.json"
  log "suggest $label"
  $NICE "$bench" 0 --memory "$memory" --queries-file "$q" --queries "$nq" --reference 0 \
    > "$out/suggest-$label.log" 2>&1 || { cat "$out/suggest-$label.log" >&2; exit 1; }
  cp benches/data/rust_0.json "$out/suggest-$label.json"
  python3 - "$out/suggest-$label.json" "$label" >> "$res" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"suggest {sys.argv[2]}\tp50 {r['p50_ms']:.2f}\tp95 {r['p95_ms']:.2f}\tp99 {r['p99_ms']:.2f}\tmean {r.get('mean_ms', 0):.2f}\tload_s {r['index_load_s']:.2f}\tqueries {r['queries']}")
PY
  log "concordance $label"
  $TIME -f "concordance government $label	wall %e	user %U	sys %S	rss_kib %M" -a -o "$res" \
    $NICE "$tmkit" concordance "government" -m "$memory" --lang en:ru --format json > "$out/concordance-$label.json"
  "$tmkit" memory stats "$memory" --format json > "$out/stats-$label.json" 2>&1 || true
}

q=$out/queries.tsv
[ -s "$q" ] || python3 benches/make_memory.py queries "$nq" "$q" >&2
echo "load_before	$(cut -d' ' -f1-3 /proc/loadavg)" >> "$res"
import small "$small"
import large "$large"
queries pg-small "$pg_url_base?memory=small"
queries pg-large "$pg_url_base?memory=large"
if [ "${SQLITE:-0}" = 1 ]; then
  db=$out/small.tmdb
  rm -f "$db" "$db-wal" "$db-shm"
  log "import sqlite"
  $TIME -f "import sqlite-small	wall %e	user %U	sys %S	rss_kib %M" -a -o "$res" \
    $NICE "$tmkit" memory import --on-duplicate all "$db" "$small" > "$out/import-sqlite.log" 2>&1
  echo "size sqlite-small	$(du -cb "$db"* | tail -1 | cut -f1) B" >> "$res"
  queries sqlite-small "$db"
  rm -f "$db" "$db-wal" "$db-shm"
fi
echo "load_after	$(cut -d' ' -f1-3 /proc/loadavg)" >> "$res"
cat "$res"
