#!/usr/bin/env bash
# Fuzzing: the résumé readers under libFuzzer (cargo-fuzz, AddressSanitizer).
#
#   bench/fuzz.sh                       # 30 min on the PDF parser, 5 min on each JSON reader
#   PDF_SECONDS=60 JSON_SECONDS=30 bench/fuzz.sh    # a quick try
#   bench/fuzz.sh json_resume           # one target
#
# Targets (resume/fuzz/fuzz_targets/):
#   parse_pdf     resume::parse::parse_pdf, any bytes; what it returns must serialise and export
#   json_resume   resume::json_resume::from_json_resume, any JSON; the export imports again and a
#                 second round trip changes nothing
#   resume_json   resume::Resume::from_json_str, any text; writing it and reading back gives the
#                 same résumé
# Seeds: the PDFs of the evaluation set (../shared/eval/dev/*.pdf) for the parser; its JSON
# Resume files and end2end/fixtures/grace.json for the JSON readers. The corpus grows in
# resume/fuzz/corpus/TARGET (kept between runs); a crash is written to resume/fuzz/artifacts/.
#
# cargo-fuzz passes nightly-only flags (-Zsanitizer=address …); on a stable toolchain this script
# sets RUSTC_BOOTSTRAP=1, which lets stable rustc accept them. Install it with
# `cargo install cargo-fuzz` (crates.io).
#
# Target: zero crashes (panics, sanitizer reports, timeouts over 10 s per input, over 2 GB).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
pdf_seconds=${PDF_SECONDS:-1800}
json_seconds=${JSON_SECONDS:-300}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parse_pdf json_resume resume_json)
eval_dir=${EVAL_DIR:-$root/../shared/eval/dev}

cargo fuzz --version >/dev/null 2>&1 || { echo "cargo-fuzz is needed: cargo install cargo-fuzz" >&2; exit 1; }
export RUSTC_BOOTSTRAP=1
cd resume/fuzz

echo "fuzz: $(date -u '+%Y-%m-%d %H:%M') UTC, commit $(git rev-parse --short HEAD), $(nproc) cores, $(cargo fuzz --version), $(rustc --version)"
failed=0
for target in "${targets[@]}"; do
  seeds=$PWD/seeds/$target
  rm -rf "$seeds"
  mkdir -p "$seeds" "corpus/$target"
  case $target in
    parse_pdf)
      seconds=$pdf_seconds
      cp "$eval_dir"/*.pdf "$seeds"/ 2>/dev/null || true
      extra=(-max_len=262144)
      ;;
    json_resume | resume_json)
      seconds=$json_seconds
      cp "$eval_dir"/*.truth.json "$root/end2end/fixtures/grace.json" "$seeds"/ 2>/dev/null || true
      extra=(-max_len=65536 -dict="$PWD/json.dict")
      ;;
    *) echo "unknown target $target" >&2; exit 2 ;;
  esac
  echo "== $target: $(ls "$seeds" | wc -l) seeds, $(ls "corpus/$target" | wc -l) corpus entries from earlier runs, ${seconds}s"
  cargo fuzz build -O "$target" 2>&1 | tail -1
  log=$PWD/$target.log
  start=$(date +%s)
  set +e
  cargo fuzz run -O "$target" "corpus/$target" "$seeds" -- -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 "${extra[@]}" >"$log" 2>&1
  status=$?
  set -e
  elapsed=$(( $(date +%s) - start ))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  peak=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
  cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9a-zA-Z]+' "$log" | tail -1)
  crashes=$(ls "artifacts/$target" 2>/dev/null | wc -l)
  printf '%s: %s s, %s inputs (%s/s), %s, peak RSS %s MB, exit %s, artifacts %s\n' "$target" \
    "$elapsed" "${runs:-?}" "$(( ${runs:-0} / (elapsed > 0 ? elapsed : 1) ))" "$cov" "${peak:-?}" "$status" "$crashes"
  if [ "$status" != 0 ] || [ "$crashes" != 0 ]; then
    failed=1
    grep -E 'panicked|ERROR|SUMMARY|Test unit written' "$log" | head -5
  fi
done
rm -rf seeds
[ "$failed" = 0 ] && echo "zero crashes" || echo "CRASHES: see resume/fuzz/artifacts and resume/fuzz/*.log"
exit "$failed"
