#!/usr/bin/env bash
# Reproduces the classifier's figures on the St Petersburg "Наш Санкт-Петербург" splits with the CLI:
# fit on train.csv, score on dev.csv, for `category` (15 classes), `reason` (125 classes) and the
# category+reason pair as one topic model vs a group model plus a topic model.
# Usage: classifier/scripts/evaluate-nashgorod.sh [DATASET_DIR]   (default: ../shared/datasets/spb-nashgorod
# relative to the repository root). Results (models, JSON reports) go to classifier/target/nashgorod/.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DATA="${1:-$ROOT/../shared/datasets/spb-nashgorod}"
if [[ ! -f "$DATA/train.csv" || ! -f "$DATA/dev.csv" ]]; then
  echo "Dataset not found: expected $DATA/train.csv and $DATA/dev.csv." >&2
  echo "Pass the directory holding them as the first argument." >&2
  exit 2
fi

JAR="$ROOT/classifier/target/classifier-cli.jar"
if [[ ! -f "$JAR" ]]; then
  echo "Building $JAR ..." >&2
  (cd "$ROOT" && mvn -B -q -pl contracts,classifier install -DskipTests)
fi

OUT="$ROOT/classifier/target/nashgorod"
mkdir -p "$OUT"
JAVA=(java -Xmx6g -jar "$JAR")
PARAMS=("$@")
PARAMS=("${PARAMS[@]:1}")   # extra arguments after the dataset dir are passed to `train` (e.g. --param c=0.5)

run() {   # name, label column, [topic column], [extra train args...]
  local name=$1 label=$2 topic=${3:-}
  shift 3 || shift $#
  local topic_args=()
  [[ -n "$topic" ]] && topic_args=(--topic-column "$topic")
  echo "== $name: train" >&2
  "${JAVA[@]}" train --data "$DATA/train.csv" --text-column text --label-column "$label" "${topic_args[@]}" \
    --out "$OUT/$name.bin" "$@" ${PARAMS[@]+"${PARAMS[@]}"}
  echo "== $name: evaluate on dev" >&2
  "${JAVA[@]}" evaluate --model "$OUT/$name.bin" --data "$DATA/dev.csv" --text-column text --label-column "$label" \
    "${topic_args[@]}" --allow-unknown-labels --json > "$OUT/$name.json"
  "${JAVA[@]}" evaluate --model "$OUT/$name.bin" --data "$DATA/dev.csv" --text-column text --label-column "$label" \
    "${topic_args[@]}" --allow-unknown-labels 2>/dev/null | grep -E "examples|accuracy|macro-F1|weighted-F1|top-3"
}

run category category ""
run reason reason ""
run category-reason-one category reason --param twoLevel=false
run category-reason-two category reason --param twoLevel=true
echo "JSON reports and models: $OUT" >&2
