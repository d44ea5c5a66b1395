#!/usr/bin/env bash
# `tmkit serve` on both backends side by side (issue 17): one memory file
# (TSV or TMX) imported into a .tmdb and into a PostgreSQL memory on a
# throwaway server (benches/pg_server.sh), then benches/serve_bench.sh on both
# in the same run: the in-process peer (Memory::suggest per query) and
# benches/serve_load.py's /match throughput and p50/p95 with 1, 8 and 32
# clients.
#   python3 benches/make_memory.py 100000 500      # memory.tsv, queries.tsv
#   (printf 'en\tru\n'; cut -f3,4 benches/data/memory.tsv) > benches/data/serve_100k.tsv
#   bash benches/serve_pg_bench.sh benches/data/serve_100k.tsv
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:?usage: serve_pg_bench.sh MEMORY.tsv|MEMORY.tmx}
cargo build --release --bin tmkit >&2
source benches/pg_server.sh
db=benches/data/serve_pg_bench.tmdb
rm -f "$db" "$db-wal" "$db-shm"
url="$pg_url_base?memory=serve"
echo "== import (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
target/release/tmkit memory import "$db" "$src" >&2
target/release/tmkit memory import "$url" "$src" >&2
sh benches/serve_bench.sh "$db" "$url"
rm -f "$db" "$db-wal" "$db-shm"
