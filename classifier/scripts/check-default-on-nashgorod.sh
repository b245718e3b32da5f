#!/usr/bin/env bash
# Real-data check of the default model (trained only on the seed corpus): scores its group
# predictions on the St Petersburg "Nash Gorod" dev split, for the reasons that
# nashgorod-reason-to-group.json maps unambiguously to a taxonomy group.
# The dataset stays outside the repository; nothing from it is written here.
#
# usage: classifier/scripts/check-default-on-nashgorod.sh [DATASET_DIR]
#   DATASET_DIR  directory with dev.csv (default: ../shared/datasets/spb-nashgorod from the repo root)
#   CLASSIFIER_JAR overrides the CLI jar (default: classifier/target/classifier-cli.jar)
#   CLASSIFIER_MODEL scores a model file instead of the built-in default (e.g. one trained on a draft seed)
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/../.." && pwd)"
dataset_dir="${1:-$repo_root/../shared/datasets/spb-nashgorod}"
mapping="$script_dir/nashgorod-reason-to-group.json"
jar="${CLASSIFIER_JAR:-$repo_root/classifier/target/classifier-cli.jar}"
model="${CLASSIFIER_MODEL:-default}"

if [[ ! -f "$dataset_dir/dev.csv" ]]; then
    echo "dataset not found: $dataset_dir/dev.csv is absent; pass the directory holding dev.csv as the first argument" >&2
    exit 2
fi
if [[ ! -f "$jar" ]]; then
    echo "classifier CLI not found: $jar; build it with: mvn -B -o package -pl classifier -DskipTests" >&2
    exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# One text per line (the CLI reads line by line), gold group in a parallel file.
python3 - "$dataset_dir/dev.csv" "$mapping" "$work" <<'EOF'
import csv, json, sys
dev, mapping, work = sys.argv[1:4]
reason_to_group = json.load(open(mapping, encoding="utf-8"))
total = covered = 0
with open(dev, encoding="utf-8", newline="") as f, \
        open(f"{work}/texts.txt", "w", encoding="utf-8") as texts, \
        open(f"{work}/gold.txt", "w", encoding="utf-8") as gold:
    for row in csv.DictReader(f):
        total += 1
        text = " ".join(row["text"].split())
        group = reason_to_group.get(row["reason"])
        if group and text:
            covered += 1
            texts.write(text + "\n")
            gold.write(group + "\n")
print(f"dev.csv: {total} reports, {covered} with a mapped reason ({len(reason_to_group)} reasons mapped)")
EOF

java -jar "$jar" predict --model "$model" < "$work/texts.txt" > "$work/predictions.jsonl"

python3 - "$work" <<'EOF'
import collections, json, sys
work = sys.argv[1]
gold = open(f"{work}/gold.txt", encoding="utf-8").read().split()
preds = [json.loads(line) for line in open(f"{work}/predictions.jsonl", encoding="utf-8")]
if len(preds) != len(gold):
    sys.exit(f"predict returned {len(preds)} results for {len(gold)} texts")
predicted = [p["topic"]["group"] for p in preds]
# Top-3: the gold group is among the groups of the three best topics the model returns.
top3 = [[a["group"] for a in p["alternatives"][:3]] for p in preds]
n = len(gold)
accuracy = sum(g == p for g, p in zip(gold, predicted)) / n
top3_accuracy = sum(g in t for g, t in zip(gold, top3)) / n
support = collections.Counter(gold)
predicted_count = collections.Counter(predicted)
confused = collections.defaultdict(collections.Counter)
for g, p in zip(gold, predicted):
    if g != p:
        confused[g][p] += 1
rows, f1s = [], []
for group in sorted(support, key=lambda g: -support[g]):
    tp = sum(1 for g, p in zip(gold, predicted) if g == p == group)
    precision = tp / predicted_count[group] if predicted_count[group] else 0.0
    recall = tp / support[group]
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    f1s.append(f1)
    mistakes = ", ".join(f"{k} {v}" for k, v in confused[group].most_common(3))
    rows.append((group, support[group], precision, recall, f1, mistakes))
print(f"texts scored   {n}")
print(f"accuracy       {accuracy:.3f}")
print(f"macro-F1       {sum(f1s) / len(f1s):.3f}  (over the {len(f1s)} groups present)")
print(f"top-3          {top3_accuracy:.3f}  (gold group among the groups of the 3 best topics)")
print()
print(f"{'group':<20} {'support':>7} {'precision':>9} {'recall':>7} {'f1':>6}  most frequent wrong predictions")
for group, s, p, r, f, mistakes in rows:
    print(f"{group:<20} {s:>7} {p:>9.3f} {r:>7.3f} {f:>6.3f}  {mistakes}")
EOF
