#!/usr/bin/env bash
# One binary's lookup figures on one memory (issue 14, 10M lookups): the
# fuzzy_scale bench in process (2,000 queries, top 5, θ = 70; wall and thread
# CPU percentiles, per-query lines), `tmkit match --file` over the same
# queries as one process (index load included) and `tmkit analyze` of the
# benchmark document, each output kept so that two binaries' can be
# compared byte for byte (and a run of the first query alone: the CPU of
# match --file less its CPU is the queries' own); with CONCORDANCE=1 also `tmkit concordance` of
# five phrases (median of 3). Run it for the previous binary and the new one
# in turn on the same memory (see BENCHMARKS.md, "10M lookups").
# Usage: bash benches/lookup_scale.sh LABEL TMKIT FUZZY_SCALE MEMORY OUTDIR
#   e.g. bash benches/lookup_scale.sh new target/release/tmkit \
#        target/release/deps/fuzzy_scale-HASH benches/data/scale/tm-1000000.tmdb benches/data/scale/1m
# Inputs: benches/data/scale/queries.tsv and .txt (make_memory.py queries
# 2000 ...) and DOC (default benches/data/document.txt, make_memory.py document).
set -euo pipefail
label=$1 tmkit=$2 bench=$3 db=$4 out=$5
doc=${DOC:-benches/data/document.txt}
queries=${QUERIES:-benches/data/scale/queries.tsv}
mkdir -p "$out"
T="/usr/bin/time -f %e\t%U\t%S\t%M"
echo "== $label: in process" >&2
$T -o "$out/$label-inprocess.time" "$bench" 0 --memory "$db" --queries-file "$queries" \
  --queries 2000 --reference 0 --per-query "$out/$label-per-query.tsv" > "$out/$label-inprocess.json"
echo "== $label: match --file" >&2
$T -o "$out/$label-match.time" "$tmkit" match --file "${queries%.tsv}.txt" -m "$db" --lang en:ru \
  --format json > "$out/$label-match.json"
echo "== $label: match, first query only (the index load and start-up)" >&2
head -1 "${queries%.tsv}.txt" > "$out/one-query.txt"
$T -o "$out/$label-match1.time" "$tmkit" match --file "$out/one-query.txt" -m "$db" --lang en:ru \
  --format json > /dev/null
echo "== $label: analyze" >&2
$T -o "$out/$label-analyze.time" "$tmkit" analyze "$doc" -m "$db" --lang en:ru --format json \
  > "$out/$label-analyze.json"
if [ "${CONCORDANCE:-0}" = 1 ]; then
  : > "$out/$label-concordance.tsv"
  for phrase in "Boko Haram" "government" "the" "minist*" "in the"; do
    for i in 1 2 3; do
      $T -o "$out/c.time" "$tmkit" concordance "$phrase" -m "$db" --lang en:ru --format json > /dev/null
      cut -f1 "$out/c.time"
    done | sort -n | sed -n 2p | sed "s|^|$phrase\t|" >> "$out/$label-concordance.tsv"
  done
fi
cat /proc/loadavg > "$out/$label-loadavg"
