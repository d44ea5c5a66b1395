#!/usr/bin/env bash
# End-to-end TMX benchmark, tmkit and peers on the same file in one run:
#   tmkit memory import (TMX → SQLite, one transaction), tmkit memory export
#   (SQLite → TMX 1.4b), lxml iterparse reading all text, translate-toolkit tmxfile.
# Prints wall seconds and peak RSS for each. Usage:
#   bash benches/tmx_import.sh [UNITS]      (default 1000000; data in benches/data/)
# Needs: python3 with the packages of benches/requirements-tmx.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
units=${1:-1000000}
data=benches/data
tmx=$data/tm-$units.tmx
db=$data/tm-$units.tmdb
mkdir -p "$data"
[ -f "$tmx" ] || python3 benches/make_tmx.py --units "$units" --out "$tmx"
cargo build --release -q
rm -f "$db" "$db-wal" "$db-shm" "$data/export-$units.tmx"
measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "$label	%e s	%M KiB" "$@" >/dev/null 2>>"$data/times.txt"
}
: > "$data/times.txt"
echo "file: $tmx ($(du -m "$tmx" | cut -f1) MiB, $units units)"
measure "tmkit import" ./target/release/tmkit memory import "$db" "$tmx"
measure "tmkit export" ./target/release/tmkit memory export "$db" "$data/export-$units.tmx"
python3 benches/tmx_peers.py "$tmx" ${SKIP_TTK:+--skip-ttk}
cat "$data/times.txt"
echo "memory file: $(du -m "$db" | cut -f1) MiB; export: $(du -m "$data/export-$units.tmx" | cut -f1) MiB"
