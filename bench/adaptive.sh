#!/usr/bin/env bash
# Adaptive sweeps against the full grid, measured for real on this machine: bench/adaptive/digits-cnn.yaml (10 digits
# CNNs trained on the coordinator, 20 batch sizes: 200 variants, 3 repetitions: 600 tasks) runs once as a full grid,
# then once adaptively per seed (the same sweep with `adaptive: {budget: BUDGET, initial: INITIAL, seed: S}`), each
# with `tierbench run` (the embedded coordinator and agent, current TFLite). AdaptiveComparison
# (coordinator/src/test/java/dev/tierbench/coordinator/adaptive/) judges each adaptive run against the full grid:
# the share of tasks it measured, whether each tier's top 3 frontier variants (accuracy up, median latency down;
# highest accuracy first) are the full grid's, and the mean relative error of its latency model on the variants it
# did not measure, against the full grid's measurements of them. The full grid's three repetitions of a variant are
# minutes apart (every variant's first, then every second, ...), and its reference is their median: on this shared
# machine a moment a third slower lasts seconds to a minute, and one measurement in it moved frontier places.
#
# Usage: bench/adaptive.sh
# Environment: SEEDS (default "1 2 3"), BUDGET (default 40%), INITIAL (default 15%), KEEP=1 keeps the work folder.
# Prints a line per seed, and last:
#   adaptive: measured M of N tasks (X %), same top-3 frontier: yes|no, held-out MAPE Y %
# with M, X and Y the means over the seeds, and "yes" only if every seed found the same top 3.
# Exits 0 whatever the figures (a benchmark, not a test); 1 if a run could not be made.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
seeds="${SEEDS:-1 2 3}"
mvn -B -q -ntp -o -DskipTests install >/dev/null
cp="coordinator/target/test-classes:coordinator/target/classes:$(mvn -B -q -ntp -o -pl coordinator \
  dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)"
work="$(mktemp -d)"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
ln -s "$root/configs/data" "$work/data"
cp bench/adaptive/digits-cnn.yaml "$work/full.yaml"
run() {
  local start=$SECONDS
  bin/tierbench run "$work/$1.yaml" --runs-dir "$work/runs-$1" --progress never >"$work/$1.log" 2>&1 \
    || { echo "adaptive.sh: run $1 failed, see its log:" >&2; tail -20 "$work/$1.log" >&2; exit 1; }
  echo "run $1: $((SECONDS - start)) s" >&2
}
judge() {
  java -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn dev.tierbench.coordinator.adaptive.AdaptiveComparison \
    "$1" "$work/runs-$2/$3/results.db" "${4:-1}"
}
run full
reference="$work/runs-full/adaptive-cnn/results.db"
lines=()
for seed in $seeds; do
  sed "s/^name: adaptive-cnn/name: adaptive-cnn-$seed/" "$work/full.yaml" > "$work/seed$seed.yaml"
  printf 'adaptive:\n  budget: %s\n  initial: %s\n  seed: %s\n' "${BUDGET:-40%}" "${INITIAL:-15%}" "$seed" \
    >> "$work/seed$seed.yaml"
  run "seed$seed"
  grep -h "predicted, not measured" "$work/seed$seed.log" | sed "s/^/seed $seed: /" >&2 || true
  line="$(judge "$reference" "seed$seed" "adaptive-cnn-$seed" "$seed")"
  echo "$line" | sed "s/^/seed $seed: /"
  lines+=("$(echo "$line" | tail -1)")
done
printf '%s\n' "${lines[@]}" | awk '
  { match($0, /measured [0-9]+ of [0-9]+/); split(substr($0, RSTART, RLENGTH), a, " "); m += a[2]; n = a[4]
    match($0, /frontier: [a-z]+/); if (substr($0, RSTART + 10, RLENGTH - 10) != "yes") same = "no"
    match($0, /MAPE [0-9.]+/); y += substr($0, RSTART + 5, RLENGTH - 5); k++ }
  END { if (same == "") same = "yes"
        printf "adaptive: measured %.0f of %d tasks (%.1f %%), same top-3 frontier: %s, held-out MAPE %.1f %%\n",
          m / k, n, 100 * m / k / n, same, y / k }'
