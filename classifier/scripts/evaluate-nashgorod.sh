#!/usr/bin/env bash
# Reproduces the classifier's figures on the St Petersburg "Наш Санкт-Петербург" splits with the CLI:
# fit on train.csv with `train` defaults (settings, structure and temperatures are chosen inside
# `train` on a split of train.csv), score on dev.csv, for `category` (15 classes), `reason`
# (125 classes) and the category+reason pair (group and topic levels).
# Usage: classifier/scripts/evaluate-nashgorod.sh [DATASET_DIR [extra train arguments...]]
#   DATASET_DIR defaults to ../shared/datasets/spb-nashgorod relative to the repository root; extra
#   arguments (e.g. --param c=0.5) go to every `train`. Models and JSON reports go to
#   classifier/target/nashgorod/; a table of the scores and the expected calibration error (ECE) per
#   run is printed at the end.
#   ONLY=reason (or a space-separated list of run names) limits the runs; JAR=... uses another CLI jar
#   and OUT=... another output directory (so that two builds can be compared side by side).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DATA="${1:-$ROOT/../shared/datasets/spb-nashgorod}"
if [[ ! -f "$DATA/train.csv" || ! -f "$DATA/dev.csv" ]]; then
  echo "Dataset not found: expected $DATA/train.csv and $DATA/dev.csv." >&2
  echo "Pass the directory holding them as the first argument." >&2
  exit 2
fi

JAR="${JAR:-$ROOT/classifier/target/classifier-cli.jar}"
if [[ ! -f "$JAR" ]]; then
  echo "Building $JAR ..." >&2
  (cd "$ROOT" && mvn -B -q -pl classifier -am package -DskipTests)
fi

OUT="${OUT:-$ROOT/classifier/target/nashgorod}"
mkdir -p "$OUT"
JAVA=(java -Xmx6g -jar "$JAR")
PARAMS=("$@")
PARAMS=("${PARAMS[@]:1}")   # extra arguments after the dataset dir are passed to `train` (e.g. --param c=0.5)

run() {   # name, label column, [topic column], [extra train args...]
  local name=$1 label=$2 topic=${3:-}
  shift 3 || shift $#
  if [[ -n "${ONLY:-}" && " $ONLY " != *" $name "* ]]; then
    return
  fi
  local topic_args=()
  [[ -n "$topic" ]] && topic_args=(--topic-column "$topic")
  echo "== $name: train" >&2
  "${JAVA[@]}" train --data "$DATA/train.csv" --text-column text --label-column "$label" "${topic_args[@]}" \
    --out "$OUT/$name.bin" "$@" ${PARAMS[@]+"${PARAMS[@]}"}
  echo "== $name: evaluate on dev" >&2
  "${JAVA[@]}" evaluate --model "$OUT/$name.bin" --data "$DATA/dev.csv" --text-column text --label-column "$label" \
    "${topic_args[@]}" --allow-unknown-labels --json > "$OUT/$name.json"
  "${JAVA[@]}" evaluate --model "$OUT/$name.bin" --data "$DATA/dev.csv" --text-column text --label-column "$label" \
    "${topic_args[@]}" --allow-unknown-labels 2>/dev/null | grep -E "examples|accuracy|macro-F1|weighted-F1|top-3|ECE"
}

run category category ""
run reason reason ""
run category-reason category reason
echo "JSON reports and models: $OUT" >&2

python3 - "$OUT" <<'EOF'
import json, os, sys
out = sys.argv[1]
print(f"{'run':<22} {'level':<7} {'accuracy':>8} {'macro-F1':>8} {'weighted-F1':>11} {'top-3':>6} {'ECE':>6}")
for name in ["category", "reason", "category-reason"]:
    path = os.path.join(out, name + ".json")
    if not os.path.exists(path):
        continue
    report = json.load(open(path, encoding="utf-8"))
    for level, r in [("group", report), ("topic", report.get("topics"))]:
        if r:
            print(f"{name:<22} {level:<7} {r['accuracy']:>8.4f} {r['macroF1']:>8.4f} {r['weightedF1']:>11.4f} {r['top3Accuracy']:>6.4f} {r['ece']:>6.4f}")
EOF
