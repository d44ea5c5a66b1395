#!/usr/bin/env bash
# Fuzzes every parser of tmkit for SECONDS each (default 600), one target
# after another on one core, and prints a table: target, seconds, execs,
# crashes (and OOMs/timeouts). Needs the nightly toolchain and cargo-fuzz
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
all_targets=(tmx_reader tbx_reader delimited_glossary srx_loader regex_translate
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
    tmx_reader | tbx_reader | srx_loader | delimited_glossary) echo 65536 ;;
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
  echo "fuzzing $target for ${seconds}s (log: $log)…" >&2
  start=$(date +%s)
  # -fork=1: one worker process, restarted after a crash so that the run
  # goes on and collects every distinct finding in the time given.
  (cd "$fuzz" && "$bin_dir/$target" "$corpus" "$fuzz/seeds/$target" \
    -max_total_time="$seconds" -fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 \
    -timeout=25 -rss_limit_mb=2048 -max_len="$(max_len "$target")" \
    -artifact_prefix="$artifacts/" -print_final_stats=1) >"$log" 2>&1 || true
  elapsed=$(( $(date +%s) - start ))
  # Fork mode prints "#EXECS: cov: … oom/timeout/crash: O/T/C time: …".
  last=$(grep -E '^#[0-9]+: cov:' "$log" | tail -n 1 || true)
  execs=$(sed -E 's/^#([0-9]+):.*/\1/' <<<"$last")
  oom_timeout_crash=$(sed -nE 's#.*oom/timeout/crash: ([0-9]+/[0-9]+/[0-9]+).*#\1#p' <<<"$last")
  cov=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$last")
  after=$(find "$artifacts" -type f | wc -l)
  results+=("$target ${elapsed} ${execs:-?} ${oom_timeout_crash:-?} $((after - before)) ${cov:-?}")
done

printf '\n%-20s %8s %12s %20s %10s %8s\n' target seconds execs oom/timeout/crash new_files coverage
for row in "${results[@]}"; do
  # shellcheck disable=SC2086
  printf '%-20s %8s %12s %20s %10s %8s\n' $row
done
