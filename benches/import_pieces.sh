#!/usr/bin/env bash
# Imports a one-unit-per-line TMX (make_memory.py's) into a memory in
# pieces of PIECE units, one `tmkit memory import` (one transaction) each,
# fed through FIFOs so that no piece is written to disk. For a memory whose
# single import would need more free disk than there is (the WAL of one
# transaction holds the whole import until it commits). Writes
# "total_wall_s max_rss_kib" to OUT.time (what scale.sh REUSE=1 reads) and
# one "wall_s rss_kib user_s sys_s" line per piece to OUT.pieces.
# Usage: bash benches/import_pieces.sh TMX MEMORY PIECE OUT [TMKIT]
#   e.g. bash benches/import_pieces.sh benches/data/scale/tm-10000000.tmx \
#        benches/data/scale/tm-10000000.tmdb 1000000 benches/data/scale/import-10000000
set -euo pipefail
tmx=$1 db=$2 piece=$3 out=$4 tmkit=${5:-target/release/tmkit}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
units=$(grep -c '^<tu ' "$tmx")
pieces=$(( (units + piece - 1) / piece ))
rm -f "$db" "$db-wal" "$db-shm" "$out.pieces"
for k in $(seq 0 $((pieces - 1))); do mkfifo "$dir/$k.tmx"; done
python3 - "$tmx" "$piece" "$pieces" "$dir" <<'PY' &
import sys
src, piece, pieces, d = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
f = open(src, 'rb')
head = b''.join(f.readline() for _ in range(4))
for k in range(pieces):
    with open(f'{d}/{k}.tmx', 'wb') as out:
        out.write(head)
        for _ in range(piece):
            line = f.readline()
            if not line.startswith(b'<tu '):
                break
            out.write(line)
        out.write(b'</body>\n</tmx>\n')
PY
for k in $(seq 0 $((pieces - 1))); do
  /usr/bin/time -f "%e %M %U %S" -a -o "$out.pieces" "$tmkit" memory import "$db" "$dir/$k.tmx" --on-duplicate all --format json > /dev/null
done
wait
awk '{w += $1; if ($2 > m) m = $2} END {print w, m}' "$out.pieces" > "$out.time"
cat "$out.pieces" "$out.time"
