#!/usr/bin/env bash
# Parses every résumé PDF of an evaluation set with the built-in heuristic parser and scores it.
#
#   scripts/eval-parser.sh [CASE_DIR] [extra score.py flags, e.g. --per-case --strict]
#
# CASE_DIR defaults to ../shared/eval/dev (beside the repository).
# Steps: builds `resume`'s `parse` example in release once, parses every CASE_DIR/*.pdf to
# JSON Resume (two at a time, `xargs -P2`), lists every PDF that failed (non-zero exit or empty
# output), then runs score.py once with `--by-theme` and prints the per-field table, the
# per-layout table (worst first) and the macro F1. Extra arguments are passed through to every score.py run.
#
# Environment:
#   CARGO_TARGET_DIR  build dir (default: the repository's target/)
#   PRED_DIR          where predictions go (default a fresh temp dir; printed at the end)
#   LAYOUTS           only these layouts, e.g. LAYOUTS="linkedin docx-sidebar"
#   EXCLUDE           leave these layouts out, e.g. EXCLUDE="latex-deedy crisp" (held-back set)
#   JOBS              parallel parses (default 2)
#   NO_BUILD=1        skip the build (use the binary as it is)
# Layout = the part of a case name after `__` (RESUMEID__LAYOUT).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cases="$root/../shared/eval/dev"
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
  cases="$1"
  shift
fi
cases="$(cd "$cases" && pwd)"
score="$cases/../score.py"
[ -f "$score" ] || { echo "no score.py beside $cases" >&2; exit 1; }
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
pred="${PRED_DIR:-$(mktemp -d)}"
mkdir -p "$pred"
rm -f "$pred"/*.json "$pred"/*.err

if [ "${NO_BUILD:-0}" != 1 ]; then
  (cd "$root" && cargo build --quiet --release -p resume --features parse --example parse)
fi
bin="$CARGO_TARGET_DIR/release/examples/parse"

# The selected cases, as a directory of symlinks (score.py scores every case in a directory).
sel="$(mktemp -d)"
trap 'rm -rf "$sel"' EXIT
for pdf in "$cases"/*.pdf; do
  name="$(basename "$pdf" .pdf)"
  layout="${name#*__}"
  if [ -n "${LAYOUTS:-}" ] && ! [[ " $LAYOUTS " == *" $layout "* ]]; then continue; fi
  if [ -n "${EXCLUDE:-}" ] && [[ " $EXCLUDE " == *" $layout "* ]]; then continue; fi
  for f in "$cases/$name".*; do ln -s "$f" "$sel/"; done
done
n="$(ls "$sel"/*.pdf 2>/dev/null | wc -l)"
[ "$n" -gt 0 ] || { echo "no cases selected in $cases" >&2; exit 1; }

export bin pred
ls "$sel"/*.pdf | xargs -P "${JOBS:-2}" -I{} sh -c '
  name="$(basename "$1" .pdf)"
  "$bin" "$1" --format json-resume > "$pred/$name.json" 2> "$pred/$name.err" || true
' _ {}

failed=0
for pdf in "$sel"/*.pdf; do
  name="$(basename "$pdf" .pdf)"
  if [ ! -s "$pred/$name.json" ]; then
    echo "FAILED: $name: $(head -c 300 "$pred/$name.err")"
    failed=$((failed + 1))
  fi
done
echo "== $n PDFs parsed, $failed failed"

# One score.py run (it is the slow part): the per-field table, then the layouts worst first.
out="$(python3 "$score" "$sel" "$pred" --by-theme "$@")"
echo "== per field"
printf '%s\n' "$out" | grep -v '^theme '
echo "== per layout (worst first)"
printf '%s\n' "$out" | grep '^theme ' | sort -n -k8 || true
echo "== macro F1"
printf '%s\n' "$out" | grep '^MACRO F1'
echo "predictions in $pred"
