#!/usr/bin/env bash
# Segmentation must not change when it gets faster (issue 14, item 3).
# Compares a reference tmkit binary (main's) with a new one on:
#   - `tmkit segment --format tsv` (offsets and text) of every gold file of
#     ../shared/data/segmentation (its units' texts joined by blank lines),
#     with the built-in rules of the file's language, and with OmegaT's and
#     Okapi's SRX files;
#   - the same on the 20 MB corpora of benches/make_segment_corpus.py, if built;
#   - `tmkit eval segment --format json` (P/R/F1 and error lists) on all gold
#     files, built-in rules and both SRX files side by side.
# Prints one line per comparison and exits 1 on any difference.
#
#   benches/segment_compare.sh /work/main/target/release/tmkit target/release/tmkit
set -u
reference=${1:?usage: segment_compare.sh REFERENCE_TMKIT NEW_TMKIT}
new=${2:?usage: segment_compare.sh REFERENCE_TMKIT NEW_TMKIT}
here=$(cd "$(dirname "$0")" && pwd)
shared=${SHARED:-$here/../../shared}
if [ -z "${SHARED:-}" ] && [ ! -d "$shared" ]; then
    # A git worktree elsewhere: ../shared sits beside the main checkout.
    common=$(git -C "$here" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
    [ -n "$common" ] && shared=$(dirname "$common")/../shared
fi
if [ ! -d "$shared/data" ]; then
    echo "segment_compare.sh: no shared data at $shared; set SHARED=/path/to/shared" >&2
    exit 2
fi
data=$shared/data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

compare() { # name, then the tmkit arguments
    local name=$1
    shift
    "$reference" "$@" > "$work/ref" 2> "$work/ref.err"
    local ref_code=$?
    "$new" "$@" > "$work/new" 2> "$work/new.err"
    local new_code=$?
    if [ $ref_code -eq $new_code ] && cmp -s "$work/ref" "$work/new" && cmp -s "$work/ref.err" "$work/new.err"; then
        echo "same  $name ($(wc -l < "$work/new") lines)"
    else
        echo "DIFF  $name (exit $ref_code vs $new_code)"
        diff "$work/ref" "$work/new" | head -5
        diff "$work/ref.err" "$work/new.err" | head -5
        failed=1
    fi
}

srx_files=("$data/srx/omegat_defaultRules.srx" "$data/srx/okapi_defaultSegmentation.srx")
for gold in "$data"/segmentation/*/*.jsonl; do
    base=$(basename "$gold" .jsonl)
    # One text file per language in the gold file.
    python3 - "$gold" "$work/$base" <<'EOF'
import json, sys
by_lang = {}
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        unit = json.loads(line)
        by_lang.setdefault(unit["lang"], []).append(unit["text"])
for lang, texts in by_lang.items():
    with open(f"{sys.argv[2]}.{lang}.txt", "w", encoding="utf-8") as f:
        f.write("\n\n".join(texts) + "\n")
EOF
    for text in "$work/$base".*.txt; do
        lang=${text%.txt}
        lang=${lang##*.}
        compare "$base $lang built-in" segment "$text" --lang "$lang" --format tsv
        compare "$base $lang json" segment "$text" --lang "$lang" --format json
        for srx in "${srx_files[@]}"; do
            compare "$base $lang $(basename "$srx")" segment "$text" --lang "$lang" --srx "$srx" --format tsv
        done
    done
done

for lang in en ru; do
    corpus=$here/data/segment_news_$lang.txt
    if [ -f "$corpus" ]; then
        compare "segment_news_$lang built-in" segment "$corpus" --lang "$lang" --format tsv
        compare "segment_news_$lang text" segment "$corpus" --lang "$lang"
        compare "segment_news_$lang no headlines" segment "$corpus" --lang "$lang" --format tsv --no-headlines
        compare "segment_news_$lang $(basename "${srx_files[0]}")" segment "$corpus" --lang "$lang" --srx "${srx_files[0]}" --format tsv
    else
        echo "skip  $corpus (run benches/make_segment_corpus.py)"
    fi
done

compare "eval segment, all gold files" eval segment --gold "$data"/segmentation/*/*.jsonl \
    --srx "${srx_files[@]}" --format json --errors 1000
exit $failed
