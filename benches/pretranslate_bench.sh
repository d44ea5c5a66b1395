#!/bin/sh
# Pretranslate a 10,000-sentence document against the 1M-unit benchmark memory
# with a 5,000-entry glossary, beside `tmkit analyze` on the same input, in the
# same run (alternating, RUNS times each). Wall time and peak RSS from
# /usr/bin/time; medians printed at the end.
#   python3 benches/make_memory.py && python3 benches/make_memory.py document
#   python3 benches/make_pretranslate_data.py
#   cargo build --release --bin tmkit
#   sh benches/pretranslate_bench.sh [RUNS]
set -e
cd "$(dirname "$0")/.."
RUNS=${1:-3}
BIN=target/release/tmkit
D=benches/data
[ -f $D/pt_1m.tmdb ] || $BIN memory import $D/pt_1m.tmdb $D/memory_1m.tmx
OUT=$D/pretranslate_runs.tsv
: > $OUT
i=0
while [ $i -lt "$RUNS" ]; do
  for CMD in analyze pretranslate; do
    if [ $CMD = analyze ]; then
      set -- $BIN analyze $D/document.txt -m $D/pt_1m.tmdb --lang en:ru --format json
    else
      set -- $BIN pretranslate $D/document.txt -m $D/pt_1m.tmdb --lang en:ru -g $D/glossary_5k.tsv -o $D/document.xlf --format json
    fi
    /usr/bin/time -f "%e %M %U %S" -o $D/time.txt "$@" > $D/$CMD.json
    echo "$CMD $(cat $D/time.txt)" | tr ' ' '\t' >> $OUT
  done
  i=$((i + 1))
done
python3 - "$OUT" <<'PY'
import statistics, sys, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    cmd, wall, rss, user, system = line.split("\t")
    rows[cmd].append((float(wall), int(rss), float(user) + float(system)))
for cmd, runs in rows.items():
    walls = [w for w, _, _ in runs]
    cpus = [c for _, _, c in runs]
    print(f"{cmd}: wall median {statistics.median(walls):.2f} s (runs {', '.join(f'{w:.2f}' for w in walls)}), "
          f"CPU median {statistics.median(cpus):.2f} s, peak RSS max {max(r for _, r, _ in runs) / 1024:.0f} MiB")
for i, label in ((0, "wall"), (2, "CPU")):
    a = statistics.median(r[i] for r in rows["analyze"])
    p = statistics.median(r[i] for r in rows["pretranslate"])
    print(f"pretranslate / analyze ({label}) = {p / a:.2f}")
PY
