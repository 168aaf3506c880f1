#!/usr/bin/env bash
# Sampler overhead: the same model measured with system sampling on (every 100 ms, on its own thread) and off,
# alternating rounds so that drift on a shared machine falls on both sides. Prints the p50 of each and their
# ratio; sampling must not perturb what it watches.
#
# Usage: bench/sampler-overhead.sh [MODEL.tflite]  (default: the quickstart's MobileNet)
# Environment: ROUNDS (default 5), QUERIES (default 2000), INTERVAL (default 100ms), JAVA (default java)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/coordinator/target/tierbench.jar"
OUT="$ROOT/bench/out"
MODEL="${1:-$ROOT/configs/models/mobilenet_v1_0.25_224_1_default_1.tflite}"
ROUNDS="${ROUNDS:-5}"
QUERIES="${QUERIES:-2000}"
INTERVAL="${INTERVAL:-100ms}"
JAVA="${JAVA:-java}"

[[ -f "$JAR" ]] || { echo "sampler-overhead: build first: mvn -B -q package -DskipTests" >&2; exit 2; }
[[ -f "$MODEL" ]] || { echo "sampler-overhead: model $MODEL not found" >&2; exit 2; }
mkdir -p "$OUT"
cp "$JAR" "$OUT/tierbench-sampler.jar"

p50() {
  "$JAVA" -jar "$OUT/tierbench-sampler.jar" measure "$MODEL" --min-duration 0s --min-queries "$QUERIES" \
    --warmup 100 --sample-interval "$1" --json 2>/dev/null | sed -n 's/.*"p50Nanos":\([0-9]*\).*/\1/p'
}

on=()
off=()
for ((round = 1; round <= ROUNDS; round++)); do
  on+=("$(p50 "$INTERVAL")")
  off+=("$(p50 0)")
  printf 'round %d: sampling on p50 %s ns, off p50 %s ns\n' "$round" "${on[-1]}" "${off[-1]}"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
m_on="$(median "${on[@]}")"
m_off="$(median "${off[@]}")"
awk -v a="$m_on" -v b="$m_off" -v i="$INTERVAL" -v n="$ROUNDS" 'BEGIN {
  printf "median of %d rounds: p50 with sampling every %s %.4f ms, without %.4f ms, ratio %.3f\n", n, i, a / 1e6, b / 1e6, a / b
}'
