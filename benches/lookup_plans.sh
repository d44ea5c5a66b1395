#!/usr/bin/env bash
# Lookups from the file against a loaded index (issue 14, `memory/disksearch.rs`):
# two binaries in alternating rounds on one memory, each running
# `tmkit match --file` over the first 1, 20, 300 and all queries of the
# query file as whole processes under /usr/bin/time (wall, user, sys, peak
# RSS), with the load average before each run. The two binaries' JSON must
# be byte-identical (the script stops otherwise). Read-only: the memory is
# never written.
# Usage: bash benches/lookup_plans.sh MEMORY OUTDIR ROUNDS BEFORE AFTER
#   e.g. bash benches/lookup_plans.sh /work/data10m/p10m.tmdb /tmp/plans-10m 2 \
#        /tmp/tmkit-before target/release/tmkit
# Inputs: benches/data/scale/queries.txt (make_memory.py queries 2000 ...),
# or QUERIES=FILE. Output: OUTDIR/times.tsv (round, binary, queries, wall s,
# user s, sys s, peak RSS KiB, load average) and the medians per binary and
# size on stdout.
set -euo pipefail
db=$1 out=$2 rounds=$3 before=$4 after=$5
queries=${QUERIES:-benches/data/scale/queries.txt}
all=$(wc -l < "$queries")
sizes="1 20 300 $all"
mkdir -p "$out"
for n in $sizes; do head -"$n" "$queries" > "$out/q$n.txt"; done
printf 'round\tbinary\tqueries\twall\tuser\tsys\trss_kib\tloadavg\n' > "$out/times.tsv"
for round in $(seq 1 "$rounds"); do
  for n in $sizes; do
    for label in before after; do
      bin=$before
      [ "$label" = after ] && bin=$after
      load=$(cut -d' ' -f1 /proc/loadavg)
      /usr/bin/time -f '%e\t%U\t%S\t%M' -o "$out/t" "$bin" match --file "$out/q$n.txt" -m "$db" \
        --lang en:ru --format json > "$out/$label-$n.json"
      printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$label" "$n" "$(cat "$out/t")" "$load" >> "$out/times.tsv"
    done
    cmp "$out/before-$n.json" "$out/after-$n.json"
  done
done
python3 - "$out/times.tsv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
print('queries\tbinary\twall s\tCPU s\tpeak RSS MiB\truns')
for n in dict.fromkeys(r['queries'] for r in rows):
    for b in ('before', 'after'):
        sel = [r for r in rows if r['queries'] == n and r['binary'] == b]
        wall = statistics.median(float(r['wall']) for r in sel)
        cpu = statistics.median(float(r['user']) + float(r['sys']) for r in sel)
        rss = statistics.median(int(r['rss_kib']) for r in sel) / 1024
        print(f'{n}\t{b}\t{wall:.2f}\t{cpu:.2f}\t{rss:.0f}\t{len(sel)}')
PY
