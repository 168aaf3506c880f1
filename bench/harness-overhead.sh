#!/usr/bin/env bash
# Harness overhead benchmark: tierbench's Java measurement (`tierbench measure`, the agent's code path)
# against a native C loop over the TFLite C API (bench/native/tflite_loop.c), same library, same models,
# same threads, XNNPACK on (its int8 path too), same warm-up and query count. Both sides time each query alone
# (copy inputs in, invoke, copy outputs out) and report the p50. The library is the engine's: current TFLite's
# from the JavaCPP presets (engine tflite), or DJL's TFLite 2.6.2 (engine tflite-2.6); both export the C API.
#
# Usage: bench/harness-overhead.sh [MODEL.tflite ...]
#   default models: configs/models/mobilenet_v1_0.25_224_1_default_1.tflite, configs/models/kws_ref_model.tflite
# Environment:
#   WARMUP   untimed queries before timing (default 100; both sides also run one untimed first inference)
#   QUERIES  timed queries per run (default 1000)
#   ROUNDS   rounds per configuration; each round runs Java then native, alternating (default 3)
#   THREADS  space-separated thread counts (default "1"; e.g. THREADS="1 2")
#   TARGET   agent/native p50 ratio to stay within (default 1.10)
#   ENGINE   tflite (default) or tflite-2.6
#   JAVA     java executable (default: java on PATH)
#
# Each side's figure is the median of its per-round p50s; alternating the runs spreads the drift of a
# noisy shared machine over both sides. Prints a table; exits 0 whatever the ratios (this is a benchmark,
# not a test), 1 if a measurement could not be made, 2 if a prerequisite is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/coordinator/target/tierbench.jar"
OUT="$ROOT/bench/out"
SRC="$ROOT/bench/native/tflite_loop.c"
LOOP="$OUT/tflite_loop"
JAVA="${JAVA:-java}"
WARMUP="${WARMUP:-100}"
QUERIES="${QUERIES:-1000}"
ROUNDS="${ROUNDS:-3}"
THREADS="${THREADS:-1}"
TARGET="${TARGET:-1.10}"
ENGINE="${ENGINE:-tflite}"
# Where each engine's library is unpacked on first use: JavaCPP's cache (Loader.getCacheDir) and DJL's
# (ai.djl.util.Utils.getEngineCacheDir).
JAVACPP_CACHE="${JAVACPP_CACHE:-$HOME/.javacpp/cache}"
DJL_CACHE="${ENGINE_CACHE_DIR:-${DJL_CACHE_DIR:-$HOME/.djl.ai}}"

log() { printf '%s\n' "$*" >&2; }
fail() { log "harness-overhead: $*"; exit 2; }

for n in "$WARMUP" "$QUERIES" "$ROUNDS"; do
  [[ "$n" =~ ^[0-9]+$ ]] || fail "WARMUP, QUERIES and ROUNDS must be non-negative integers (got '$n')"
done
((QUERIES > 0 && ROUNDS > 0)) || fail "QUERIES and ROUNDS must be at least 1"
for t in $THREADS; do
  [[ "$t" =~ ^[1-9][0-9]*$ ]] || fail "THREADS must be positive integers (got '$t')"
done

if (($# > 0)); then
  MODELS=()
  for m in "$@"; do
    [[ -f "$m" ]] || fail "model file $m not found"
    MODELS+=("$(cd "$(dirname "$m")" && pwd)/$(basename "$m")")
  done
else
  MODELS=("$ROOT/configs/models/mobilenet_v1_0.25_224_1_default_1.tflite" "$ROOT/configs/models/kws_ref_model.tflite")
fi

[[ -f "$JAR" ]] || fail "$JAR is missing; build it first from $ROOT with: mvn -B -q package -DskipTests"
command -v "$JAVA" >/dev/null || fail "java not found (set JAVA=/path/to/java)"
command -v gcc >/dev/null || fail "gcc not found"
mkdir -p "$OUT"
# Measure a private copy: a concurrent `mvn package` replacing the jar under a running JVM breaks it, and
# every round should time the same build.
cp "$JAR" "$OUT/tierbench.jar"
JAR="$OUT/tierbench.jar"

case "$ENGINE" in
  tflite) LIB_DIR="$JAVACPP_CACHE" LIB_NAME=libjnitensorflowlite.so ;;
  tflite-2.6) LIB_DIR="$DJL_CACHE/tflite" LIB_NAME=libtensorflowlite_jni.so ;;
  *) fail "ENGINE must be tflite or tflite-2.6 (got '$ENGINE')" ;;
esac

find_tflite_lib() {
  [[ -d "$LIB_DIR" ]] || return 0
  find "$LIB_DIR" -name "$LIB_NAME" -type f 2>/dev/null | sort | tail -n 1
}

# The engine unpacks its library on first use: one tiny measurement does it.
LIB="$(find_tflite_lib)"
if [[ -z "$LIB" ]]; then
  log "$ENGINE's library is not unpacked yet under $LIB_DIR; running one tiny measurement to unpack it"
  "$JAVA" -jar "$JAR" measure "${MODELS[0]}" --engine "$ENGINE" --threads 1 --xnnpack false --batch 1 --warmup 0 \
    --min-queries 1 --min-duration 0s --json >"$OUT/extract.log" 2>&1 \
    || fail "the extraction run failed; see $OUT/extract.log"
  LIB="$(find_tflite_lib)"
  [[ -n "$LIB" ]] || fail "$LIB_NAME still not found under $LIB_DIR"
fi
LIBDIR="$(dirname "$LIB")"

# Link by file name (-l:) since the library has no lib*.so development link of its own name; the rpath
# makes the binary find it without LD_LIBRARY_PATH.
gcc -std=c11 -O2 -Wall -Wextra -o "$LOOP" "$SRC" -L"$LIBDIR" -l:"$LIB_NAME" -Wl,-rpath,"$LIBDIR" \
  || fail "compiling $SRC failed"

# json_field KEY: a number, string or boolean field of the one JSON line on stdin.
json_field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p" | head -n 1; }

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# run_side SIDE MODEL THREADS LOGFILE: one measurement, prints its JSON line.
run_side() {
  local side="$1" model="$2" threads="$3" logfile="$4"
  if [[ "$side" == agent ]]; then
    "$JAVA" -jar "$JAR" measure "$model" --engine "$ENGINE" --threads "$threads" --xnnpack true --batch 1 --warmup "$WARMUP" \
      --min-queries "$QUERIES" --min-duration 0s --max-duration 3600s --json 2>>"$logfile"
  else
    "$LOOP" "$model" "$threads" 1 "$WARMUP" "$QUERIES" 2>>"$logfile"
  fi
}

log "engine $ENGINE, library: $LIB"
[[ -r /proc/loadavg ]] && log "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPU(s)"
log "warm-up $WARMUP, $QUERIES timed queries, $ROUNDS rounds (Java then native in each), threads: $THREADS"

ROWS=()
FAILED=0
for model in "${MODELS[@]}"; do
  name="$(basename "$model")"
  for threads in $THREADS; do
    logfile="$OUT/${name%.tflite}-t$threads.log"
    : >"$logfile"
    agent_p50s=()
    native_p50s=()
    ok=1
    for ((round = 1; round <= ROUNDS; round++)); do
      for side in agent native; do
        if ! json="$(run_side "$side" "$model" "$threads" "$logfile")"; then
          log "  $name t$threads round $round: $side run failed; see $logfile"
          tail -n 3 "$logfile" >&2
          ok=0
          break 2
        fi
        printf '%s %s\n' "$side" "$json" >>"$logfile"
        p50="$(json_field p50Nanos <<<"$json")"
        queries="$(json_field queries <<<"$json")"
        runtime="$(json_field runtime <<<"$json")"
        if [[ -z "$p50" || "$queries" != "$QUERIES" ]]; then
          log "  $name t$threads round $round: $side gave no p50 for $QUERIES queries: $json"
          ok=0
          break 2
        fi
        if [[ "$side" == agent ]]; then agent_p50s+=("$p50"); else native_p50s+=("$p50"); fi
        log "$(printf '  %-44s t%-2s round %d  %-6s p50 %8.4f ms  (%s)' "$name" "$threads" "$round" "$side" \
          "$(awk -v n="$p50" 'BEGIN { print n / 1e6 }')" "$runtime")"
      done
    done
    if ((ok == 0)); then
      FAILED=1
      ROWS+=("$(printf '%-44s %7s %7s  %13s %13s %8s  %s' "$name" "$threads" on - - - "FAILED (see $logfile)")")
      printf '%s t%s: FAILED, see %s\n' "$name" "$threads" "$logfile"
      continue
    fi
    agent="$(printf '%s\n' "${agent_p50s[@]}" | median)"
    native="$(printf '%s\n' "${native_p50s[@]}" | median)"
    row="$(awk -v n="$name" -v t="$threads" -v a="$agent" -v b="$native" -v target="$TARGET" 'BEGIN {
      r = a / b
      printf "%-44s %7s %7s  %13.4f %13.4f %8.3f  %s", n, t, "on", a / 1e6, b / 1e6, r,
        (r <= target ? "yes (<= " target ")" : "NO (> " target ")")
    }')"
    ROWS+=("$row")
    awk -v n="$name" -v t="$threads" -v a="$agent" -v b="$native" -v target="$TARGET" 'BEGIN {
      r = a / b
      printf "%s, %s thread(s), xnnpack on: agent p50 %.4f ms, native p50 %.4f ms, agent/native %.3f, %s the %s target\n",
        n, t, a / 1e6, b / 1e6, r, (r <= target ? "within" : "OVER"), target
    }'
  done
done

printf '\nHarness overhead: median of %d per-round p50s, warm-up %d, %d queries, batch 1\n' "$ROUNDS" "$WARMUP" "$QUERIES"
printf '%-44s %7s %7s  %13s %13s %8s  %s\n' model threads xnnpack "agent p50 ms" "native p50 ms" ratio "within target"
printf '%s\n' "${ROWS[@]}"
exit "$FAILED"
