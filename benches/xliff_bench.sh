#!/usr/bin/env bash
# XLIFF read+write throughput and peak memory: tmkit's streaming reader/writer
# beside translate-toolkit (tests/.venv, pinned in tests/xliff_peers/requirements.txt)
# on the same large XLIFF 1.2 file (a real Okapi DOCX extraction repeated).
# Usage: bash benches/xliff_bench.sh [COPIES]   (default 1600: 49,600 units, 22 MB)
set -euo pipefail
cd "$(dirname "$0")/.."
COPIES=${1:-1600}
mkdir -p benches/data
IN=benches/data/xliff-bench.xlf
python3 benches/xliff_make.py ../shared/data/xliff/okapi/docxsegtest.docx.xlf "$COPIES" "$IN"
ls -l "$IN"
cargo build --release -q --example xliff_roundtrip
for run in 1 2 3; do
  /usr/bin/time -f "tmkit  %e s  %M KB" target/release/examples/xliff_roundtrip "$IN" benches/data/xliff-bench-tmkit.xlf
  /usr/bin/time -f "ttk    %e s  %M KB" tests/.venv/bin/python benches/xliff_peers.py "$IN" benches/data/xliff-bench-ttk.xlf
done
