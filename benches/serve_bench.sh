#!/bin/sh
# tmkit serve benchmark (issue 17): /match throughput and latency with 1, 8
# and 32 clients, beside the same work called in process, on each memory given.
#   python3 benches/make_memory.py 100000 500      # memory.tsv, queries.tsv
#   (printf 'en\tru\n'; cut -f3,4 benches/data/memory.tsv) > benches/data/serve_100k.tsv
#   target/release/tmkit memory import benches/data/serve_100k.tmdb benches/data/serve_100k.tsv
#   sh benches/serve_bench.sh benches/data/serve_100k.tmdb [benches/data/serve_1m.tmdb]
set -e
cd "$(dirname "$0")/.."
cargo build --release --bin tmkit
cargo bench --bench serve_inprocess --no-run
PEER=$(ls -t target/release/deps/serve_inprocess-* | grep -v '\.d$' | head -1)
for MEMORY in "$@"; do
  echo "# $MEMORY"
  nice "$PEER" "$MEMORY" benches/data/queries.tsv 3
  nice python3 benches/serve_load.py "$MEMORY" benches/data/queries.tsv --requests 1920 --rounds 3
done
