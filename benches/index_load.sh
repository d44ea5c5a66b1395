#!/usr/bin/env bash
# Index load at process start (issue 14): two binaries in alternating rounds
# on one memory. Each round runs, for each binary, `tmkit match` of the
# first query alone (start-up and the whole index load: the figure of the
# load) and `tmkit match --file` over all the queries (the whole process),
# under /usr/bin/time (wall, user, sys, peak RSS), with the load average
# before each run; the JSON outputs of the two binaries must be
# byte-identical (the script stops otherwise). Read-only: the memory is
# never written.
# Usage: bash benches/index_load.sh MEMORY OUTDIR ROUNDS BEFORE AFTER
#   e.g. bash benches/index_load.sh benches/data/m1m.tmdb benches/data/load-1m 3 \
#        /tmp/tmkit-ref target/release/tmkit
# Inputs: benches/data/scale/queries.txt (make_memory.py queries 2000 ...).
# Output: OUTDIR/times.tsv (round, binary, run, wall s, user s, sys s,
# peak RSS KiB, load average) and the medians per binary and run on stdout.
set -euo pipefail
db=$1 out=$2 rounds=$3 before=$4 after=$5
queries=${QUERIES:-benches/data/scale/queries.txt}
mkdir -p "$out"
head -1 "$queries" > "$out/one-query.txt"
printf 'round\tbinary\trun\twall\tuser\tsys\trss_kib\tloadavg\n' > "$out/times.tsv"
for round in $(seq 1 "$rounds"); do
  for label in before after; do
    bin=$before
    [ "$label" = after ] && bin=$after
    for run in load file; do
      input=$queries
      [ "$run" = load ] && input=$out/one-query.txt
      load=$(cut -d' ' -f1 /proc/loadavg)
      /usr/bin/time -f '%e\t%U\t%S\t%M' -o "$out/t" "$bin" match --file "$input" -m "$db" \
        --lang en:ru --format json > "$out/$label-$run.json"
      printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$label" "$run" "$(cat "$out/t")" "$load" >> "$out/times.tsv"
    done
  done
  for run in load file; do
    cmp "$out/before-$run.json" "$out/after-$run.json"
  done
done
python3 - "$out/times.tsv" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
for run in ("load", "file"):
    for label in ("before", "after"):
        sel = [r for r in rows if r["binary"] == label and r["run"] == run]
        med = lambda k: statistics.median(float(r[k]) for r in sel)
        cpu = statistics.median(float(r["user"]) + float(r["sys"]) for r in sel)
        print(f"{run}\t{label}\twall {med('wall'):.2f} s\tcpu {cpu:.2f} s\t"
              f"user {med('user'):.2f}\tsys {med('sys'):.2f}\trss {med('rss_kib') / 1024:.0f} MiB\t"
              f"load {min(float(r['loadavg']) for r in sel):.1f}-{max(float(r['loadavg']) for r in sel):.1f}")
EOF
