#!/usr/bin/env bash
# Parses every dev PDF to JSON Resume and scores the predictions.
#   resume/eval/run.sh [CASE_DIR] [-- extra score.py flags, e.g. --per-case --by-theme]
# Environment: CARGO_TARGET_DIR (default /work/target-resume), PRED_DIR (default a temp dir).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cases="${1:-$root/../shared/eval/dev}"
shift || true
[ "${1:-}" = "--" ] && shift
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/work/target-resume}"
pred="${PRED_DIR:-$(mktemp -d)}"
mkdir -p "$pred"
(cd "$root" && cargo build --quiet --release -p resume --features parse --example parse)
bin="$CARGO_TARGET_DIR/release/examples/parse"
for pdf in "$cases"/*.pdf; do
  name="$(basename "$pdf" .pdf)"
  "$bin" "$pdf" --format json-resume > "$pred/$name.json" 2> "$pred/$name.err" || echo "failed: $name ($(cat "$pred/$name.err"))" >&2
done
score="$(dirname "$cases")/score.py"
echo "== with skills.name"
python3 "$score" "$cases" "$pred" "$@"
echo "== macro F1 without skills.name"
python3 - "$score" "$cases" "$pred" <<'PY'
import json, subprocess, sys
out = json.loads(subprocess.check_output([sys.executable, sys.argv[1], sys.argv[2], sys.argv[3], "--json"]))
f = {k: v["f1"] for k, v in out["fields"].items() if k not in ("work", "education", "skills.name") and v["f1"] is not None}
print(f"macro F1 without skills.name: {sum(f.values()) / len(f):.3f} over {len(f)} fields")
PY
echo "predictions in $pred"
