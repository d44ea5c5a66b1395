#!/bin/sh
# The fuzzy-matching benchmark, one pass per memory size, tmkit and peers on the
# same memory and queries. Results: benches/data/rust_N.json and peers_N.jsonl.
#   python3 benches/make_memory.py && python3 benches/make_memory.py document
#   python3 -m venv benches/.venv && benches/.venv/bin/pip install -r benches/requirements-fuzzy.txt
#   nice sh benches/fuzzy_bench.sh 10000 100000 1000000
set -e
cd "$(dirname "$0")/.."
cargo bench --bench fuzzy_scale --no-run
BIN=$(ls -t target/release/deps/fuzzy_scale-* | grep -v '\.d$' | head -1)
for N in "$@"; do
  if [ "$N" -ge 1000000 ]; then Q=300; R=30; PQ=200; TQ=100; EXTRA=--analyze
  else Q=500; R=100; PQ=500; TQ=200; EXTRA=; fi
  nice "$BIN" "$N" --queries $Q --reference $R $EXTRA > "benches/data/rust_$N.out"
  : > "benches/data/peers_$N.jsonl"
  for PEER in rf-char rf-word; do
    nice benches/.venv/bin/python benches/fuzzy_peers.py $PEER "$N" $PQ >> "benches/data/peers_$N.jsonl"
  done
  nice benches/.venv/bin/python benches/fuzzy_peers.py ttk "$N" $TQ >> "benches/data/peers_$N.jsonl"
  # The analysis-like batch (segments.txt comes from --analyze), 100 segments.
  if [ -n "$EXTRA" ]; then
    nice benches/.venv/bin/python benches/fuzzy_peers.py rf-analyze "$N" 100 >> "benches/data/peers_$N.jsonl"
  fi
done
