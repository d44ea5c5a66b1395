#!/usr/bin/env bash
# Fuzzes every parser of tmkit for SECONDS each (default 600), one target
# after another on one core, and prints a table: target, seconds, execs,
# crashes (runs that ended in a crash, OOM or timeout) and new files in
# fuzz/artifacts/<target>/. Needs the nightly toolchain and cargo-fuzz
# (`cargo install cargo-fuzz`); seeds come from ../shared/data (fuzz/seed.py).
#
#   benches/fuzz.sh                 # every target, 10 minutes each
#   benches/fuzz.sh 120             # every target, 2 minutes each
#   benches/fuzz.sh 600 tmx_reader memory_fields
#
# Findings are saved under fuzz/artifacts/<target>/ (crash-*, oom-*,
# timeout-*); reproduce one with
#   cargo +nightly fuzz run <target> fuzz/artifacts/<target>/crash-… 
# The growing corpus stays in fuzz/corpus/<target>/ between runs (not in git).
set -euo pipefail

seconds="${1:-600}"
shift || true
root="$(cd "$(dirname "$0")/.." && pwd)"
fuzz="$root/fuzz"
all_targets=(tmx_reader xliff_reader tbx_reader delimited_glossary srx_loader regex_translate
  segment_text segment_rules translit_names memory_file memory_fields)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "error: cargo-fuzz on the nightly toolchain is needed:" >&2
  echo "  rustup toolchain install nightly && cargo install cargo-fuzz" >&2
  exit 2
fi

# Largest input per target: the memory file needs room for a real .tmdb.
max_len() {
  case "$1" in
    memory_file) echo 262144 ;;
    tmx_reader | xliff_reader | tbx_reader | srx_loader | delimited_glossary) echo 65536 ;;
    *) echo 8192 ;;
  esac
}

echo "building the fuzz targets (nightly, AddressSanitizer, debug assertions)…" >&2
# The seed memories are written by the CLI (any recent build will do).
[ -x "$root/target/release/tmkit" ] || (cd "$root" && cargo build --release -q --bin tmkit)
(cd "$fuzz" && cargo +nightly fuzz build) >&2
python3 "$fuzz/seed.py" --tmkit "$root/target/release/tmkit" >&2

bin_dir="$fuzz/target/x86_64-unknown-linux-gnu/release"
logs="$fuzz/logs"
mkdir -p "$logs"
results=()
for target in "${targets[@]}"; do
  corpus="$fuzz/corpus/$target"
  artifacts="$fuzz/artifacts/$target"
  mkdir -p "$corpus" "$artifacts" "$fuzz/seeds/$target"
  before=$(find "$artifacts" -type f | wc -l)
  log="$logs/$target.log"
  : >"$log"
  echo "fuzzing $target for ${seconds}s (log: $log)…" >&2
  start=$(date +%s)
  execs=0
  crashes=0
  # One process at a time. libFuzzer stops at the first crash (saved under
  # artifacts/); the loop restarts it for the time left, so a run collects
  # every distinct finding. (Fork mode would re-run the whole corpus in each
  # short-lived worker, which starves the slow targets.)
  while :; do
    left=$(( seconds - ($(date +%s) - start) ))
    [ "$left" -ge 5 ] || break
    (cd "$fuzz" && "$bin_dir/$target" "$corpus" "$fuzz/seeds/$target" \
      -max_total_time="$left" -timeout=25 -rss_limit_mb=2048 -max_len="$(max_len "$target")" \
      -artifact_prefix="$artifacts/" -print_final_stats=1) >>"$log" 2>&1 && status=0 || status=$?
    n=$(grep -E '^stat::number_of_executed_units:' "$log" | tail -n 1 | awk '{print $2}')
    execs=$((execs + ${n:-0}))
    # Drop the counted line so the next run's total is read, not this one's again.
    sed -i -E 's/^stat::number_of_executed_units:/counted::number_of_executed_units:/' "$log"
    [ "$status" -eq 0 ] && break
    crashes=$((crashes + 1))
  done
  elapsed=$(( $(date +%s) - start ))
  after=$(find "$artifacts" -type f | wc -l)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1 | awk '{print $2}')
  results+=("$target ${elapsed} ${execs} ${crashes} $((after - before)) ${cov:-?}")
done

printf '\n%-20s %8s %12s %8s %10s %8s\n' target seconds execs crashes artifacts coverage
for row in "${results[@]}"; do
  # shellcheck disable=SC2086
  printf '%-20s %8s %12s %8s %10s %8s\n' $row
done
