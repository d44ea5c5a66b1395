#!/bin/sh
# Segmentation throughput and CLI start-up of issue 14 in one command:
# builds the release binary and the 20 MB corpora when missing, installs the
# pinned peers (sentencex, pySBD) in benches/.venv when missing, then runs
# benches/segment_throughput.py on English and Russian (every tool a whole
# process on one core, alternating rounds, medians) and times start-up.
#
#   benches/segment_bench.sh [ROUNDS] [-- extra segment_throughput.py options]
#   benches/segment_bench.sh 5 --tmkit-before /path/to/old/tmkit
set -eu
cd "$(dirname "$0")/.."
rounds=${1:-3}
[ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
cargo build --release --locked --bin tmkit
[ -f benches/data/segment_news_en.txt ] && [ -f benches/data/segment_news_ru.txt ] \
    || python3 benches/make_segment_corpus.py
if [ ! -x benches/.venv/bin/python ] || ! benches/.venv/bin/python -c 'import sentencex, pysbd' 2>/dev/null; then
    python3 -m venv benches/.venv
    benches/.venv/bin/pip install -q -r benches/requirements-segment.txt
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC')"
benches/.venv/bin/python benches/segment_throughput.py --tmkit target/release/tmkit \
    --pysbd-bytes 500000 --repeat "$rounds" --startup 21 "$@" \
    benches/data/segment_news_en.txt:en benches/data/segment_news_ru.txt:ru
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
