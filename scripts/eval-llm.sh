#!/usr/bin/env bash
# The dev evaluation through a real model: every PDF in ../shared/eval/dev goes through
# `vitae parse --parser llm --format json-resume` (the same code path as an upload: built-in parser
# first, then the model, with the built-in result as fallback), then score.py scores the predictions.
#
#   LLM_BASE_URL=https://api.openai.com/v1 LLM_API_KEY=sk-... LLM_MODEL=gpt-4o-mini \
#     scripts/eval-llm.sh [CASE_DIR] [-- score.py flags, e.g. --per-case --by-theme]
#
# Environment:
#   LLM_*           the endpoint, as for the server (README, "AI parsing"); .env is read too
#   EVAL_PARSER     `llm` (default) or `heuristic`: the same run through the built-in parser only
#   VITAE_BIN       a built `vitae` to use (default: a debug build of this checkout)
#   PRED_DIR        where predictions go (default: a temp dir)
# Parses one PDF at a time (no daily limit applies to the command line). Each fallback to the
# built-in parser is listed with its reason, so a bad key or model name shows at once.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cases="${1:-$root/../shared/eval/dev}"
shift || true
[ "${1:-}" = "--" ] && shift
parser="${EVAL_PARSER:-llm}"
if [ "$parser" = llm ] && [ ! -f .env ]; then
  : "${LLM_API_KEY:?set LLM_API_KEY, LLM_MODEL and LLM_BASE_URL (see README, AI parsing)}"
  : "${LLM_MODEL:?set LLM_MODEL, e.g. gpt-4o-mini}"
fi
if [ -z "${VITAE_BIN:-}" ]; then
  (cd "$root" && cargo build --quiet -p vitae --bin vitae)
  VITAE_BIN="${CARGO_TARGET_DIR:-$root/target}/debug/vitae"
fi
pred="${PRED_DIR:-$(mktemp -d)}"
mkdir -p "$pred"
total=0
fallbacks=0
failures=0
for pdf in "$cases"/*.pdf; do
  name="$(basename "$pdf" .pdf)"
  total=$((total + 1))
  if RUST_LOG="${RUST_LOG:-warn}" "$VITAE_BIN" parse "$pdf" --parser "$parser" --format json-resume \
    > "$pred/$name.json" 2> "$pred/$name.err"; then
    if grep -q "AI step failed" "$pred/$name.err"; then
      fallbacks=$((fallbacks + 1))
      echo "fallback: $name ($(grep "AI step failed" "$pred/$name.err" | head -1))" >&2
    fi
  else
    failures=$((failures + 1))
    echo "failed: $name ($(tail -1 "$pred/$name.err"))" >&2
  fi
done
echo "== $total PDFs through --parser $parser: $fallbacks fell back to the built-in parser, $failures failed"
python3 "$(dirname "$cases")/score.py" "$cases" "$pred" "$@"
echo "predictions in $pred"
