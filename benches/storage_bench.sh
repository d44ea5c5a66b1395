#!/usr/bin/env bash
# Storage and import benchmark (issue 14), tmkit and lxml on the same file in
# one run, alternating, RUNS times each:
#   tmkit memory import (new memory), lxml iterparse reading all text,
#   tmkit memory export; then the memory's size (file + -wal + -shm).
# Optionally BASE=path/to/older/tmkit adds that binary's import, size,
# export (compared byte for byte with this one's) and rebuild-index for a
# before/after in the same run.
# Prints one TSV line per measurement to benches/data/storage_times.tsv:
#   label  run  wall_s  peak_rss_kib  user_cpu_s  system_cpu_s
# (CPU time as well as wall: the machine is often shared, and a loaded
# machine stretches wall time far more than CPU time)
# TMKIT=path/to/tmkit measures that binary instead of target/release/tmkit
# (a copy, so that a build during the run cannot change it).
# Usage: bash benches/storage_bench.sh [TMX] [RUNS]
#   (default benches/data/memory_1m.tmx, 3 runs; needs lxml 5.3.0, see
#   benches/requirements-tmx.txt, on PATH's python3 or in benches/.venv)
set -euo pipefail
cd "$(dirname "$0")/.."
tmx=${1:-benches/data/memory_1m.tmx}
runs=${2:-3}
data=benches/data
out=$data/storage_times.tsv
py=python3
[ -x benches/.venv/bin/python ] && py=benches/.venv/bin/python
tmkit=${TMKIT:-./target/release/tmkit}
: > "$out"
measure() { # label run command...
  local label=$1 run=$2; shift 2
  /usr/bin/time -f "$label	$run	%e	%M	%U	%S" -a -o "$out" "$@" >/dev/null
}
size() { # memory → bytes of the file and its -wal/-shm
  local total=0
  for f in "$1" "$1-wal" "$1-shm"; do
    [ -f "$f" ] && total=$((total + $(stat -c %s "$f")))
  done
  echo "$total"
}
echo "file: $tmx ($(stat -L -c %s "$tmx") bytes)"
for run in $(seq 1 "$runs"); do
  db=$data/storage-$run.tmdb
  rm -f "$db" "$db-wal" "$db-shm"
  measure "tmkit import" "$run" "$tmkit" memory import "$db" "$tmx"
  echo "size	$run	$(size "$db")	0" >> "$out"
  if [ -n "${BASE:-}" ]; then
    bdb=$data/storage-base.tmdb
    rm -f "$bdb" "$bdb-wal" "$bdb-shm"
    measure "base import" "$run" "$BASE" memory import "$bdb" "$tmx"
    echo "base size	$run	$(size "$bdb")	0" >> "$out"
  fi
  # lxml between the imports and the exports, so that neither export runs
  # straight after its own import (probably the kernel still writing that
  # file back): with the base export right after the base import, the same
  # export code took 5.85 s against 4.42 s in one run.
  measure "lxml iterparse" "$run" "$py" benches/tmx_peers.py --child lxml "$tmx"
  measure "tmkit export" "$run" "$tmkit" memory export "$db" "$data/storage-export.tmx"
  if [ -n "${BASE:-}" ]; then
    # The older binary's export of its own memory: the same bytes expected.
    measure "base export" "$run" "$BASE" memory export "$bdb" "$data/storage-base-export.tmx"
    if cmp -s "$data/storage-export.tmx" "$data/storage-base-export.tmx"; then
      echo "exports identical	$run" >> "$out"
    else
      echo "exports DIFFER	$run" >> "$out"
    fi
  fi
  [ "$run" -lt "$runs" ] && rm -f "$db" "$db-wal" "$db-shm"
done
if [ -n "${BASE:-}" ]; then
  measure "base rebuild-index" 1 "$BASE" memory rebuild-index "$data/storage-base.tmdb"
fi
measure "tmkit rebuild-index" 1 "$tmkit" memory rebuild-index "$data/storage-$runs.tmdb"
cat "$out"
