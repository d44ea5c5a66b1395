#!/usr/bin/env bash
# Batch lookups as whole processes, two binaries alternating (issue 14: the
# whole-process mean over a file of queries; lookups on all cores):
# `tmkit match --file`, `tmkit analyze` and `tmkit pretranslate` of the query
# file (one sentence a line) against one memory, ROUNDS rounds, each run's
# wall / user / sys / peak RSS, and a byte comparison of the two binaries'
# outputs (pretranslate's XLIFF with its dates blanked).
# Usage: bash benches/batch_lookups.sh NEW OLD MEMORY QUERIES.txt OUTDIR [ROUNDS]
#   e.g. bash benches/batch_lookups.sh target/release/tmkit /tmp/tmkit-old \
#        benches/data/scale/tm-1000000.tmdb benches/data/scale/queries.txt /tmp/batch 2
# Set MODES to a subset of "match analyze pretranslate" (default all three).
set -euo pipefail
new=$1 old=$2 db=$3 queries=$4 out=$5 rounds=${6:-2}
modes=${MODES:-match analyze pretranslate}
mkdir -p "$out"
: > "$out/times.tsv"
for round in $(seq 1 "$rounds"); do
  for label in new old; do
    bin=$new; [ "$label" = old ] && bin=$old
    for mode in $modes; do
      case $mode in
        match) args=(match --file "$queries" -m "$db" --lang en:ru --format json) ;;
        analyze) args=(analyze "$queries" -m "$db" --lang en:ru --format json) ;;
        pretranslate) args=(pretranslate "$queries" -m "$db" --lang en:ru -o "$out/$label.xlf") ;;
      esac
      /usr/bin/time -f "%e\t%U\t%S\t%M" -o "$out/t" "$bin" "${args[@]}" > "$out/$label-$mode.out" 2> /dev/null
      printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$label" "$mode" "$(cat "$out/t")" "$(cut -d' ' -f1 /proc/loadavg)" >> "$out/times.tsv"
    done
  done
done
echo "round	binary	mode	wall_s	user_s	sys_s	max_rss_kb	load1"
cat "$out/times.tsv"
for mode in $modes; do
  if [ "$mode" = pretranslate ]; then
    a=$(sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]+Z?//g' "$out/new.xlf" | md5sum)
    b=$(sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]+Z?//g' "$out/old.xlf" | md5sum)
  else
    a=$(md5sum < "$out/new-$mode.out"); b=$(md5sum < "$out/old-$mode.out")
  fi
  [ "$a" = "$b" ] && echo "$mode: outputs identical" || echo "$mode: OUTPUTS DIFFER"
done
