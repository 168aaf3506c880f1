#!/usr/bin/env bash
# Scale of one coordinator and many dial-out agents: a real coordinator JVM (the shaded jar, `coordinator` command,
# its own CA, HTTPS on loopback) runs a sweep big enough to keep AGENTS agents busy; simulated agents, a few JVMs of
# them (PER_JVM each, at least 2 JVMs), each agent a real CoordinatorLink over its own TLS WebSocket with its own
# agent id and credential (each enrols with the join token first, 16 at a time per JVM), measure nothing: each task waits TASK_MS on a Vert.x timer and sends a valid result with a small real
# HdrHistogram (agent/src/test/java/dev/tierbench/agent/FleetSimulator.java). Once every agent has registered and
# WARMUP seconds have passed, it counts for SECONDS: lease grants and accepted results, and the time from each
# LeaseRequest to its TaskAssignment as the agent sees it (HdrHistograms merged across JVMs). Then it cuts KILL
# agents that hold leases (sockets closed, no Leave) and reads, from the run's SQLite `attempts` table, how soon
# the coordinator ended those leases.
#
# Usage: bench/fleet-scale.sh AGENTS SECONDS
# Environment:
#   TASK_MS          fake measurement length (default 100: many agents, short tasks)
#   PER_JVM          simulated agents per JVM (default 250); EVENT_LOOPS per simulator JVM (default 2)
#   PROGRESS         progress messages each task sends, 0-3, as a real agent's phases (default 3)
#   HEARTBEAT, LEASE_TIMEOUT   the coordinator's --heartbeat-interval and --lease-timeout (default 1s, 3s)
#   KILL             agents cut at the end of the window (default 5; 0: none)
#   WARMUP           seconds between the last registration and the window (default 3)
#   MAX_RATE         tasks/s the sweep is sized for, at most (default 2000); the sweep holds enough tasks for
#                    min(AGENTS / TASK_MS, MAX_RATE) x (SECONDS + WARMUP + 30 s)
#   COORDINATOR_OPTS JVM options of the coordinator (default: the systemd unit's); SIM_OPTS the simulators'
#   RUNS_DIR         where the run's folder goes (default: a temporary folder on the disk of /tmp; e.g. /dev/shm for
#                    a run database whose commits cost no disk flush, to see what SQLite's fsyncs cost)
#   PROFILE=1        record the coordinator with JFR over the window (bench/out/fleet-coordinator.jfr) and its
#                    threads' CPU mid-window (bench/out/fleet-coordinator-threads.txt)
#   MVN_ARGS         extra Maven arguments for the build (e.g. -o); JAVA (default java)
# Prints each simulator JVM's enrolment time, a line of details, a line on lease loss, and last:
#   fleet-scale: A agents, N leases+results/s, p99 lease ms X, coordinator RSS Y MiB
# Exits 0 whatever the figures (a benchmark, not a test); 1 if the run could not be made; 2 bad usage.
#
# Manual check (a few seconds of device time, nothing to set up): bench/fleet-scale.sh 4 5 prints the three lines,
# with leases ~= results and lease loss ended within LEASE_TIMEOUT plus a tick. FleetSimulatorTest covers the
# simulator's result and the merging of histograms.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA="${JAVA:-java}"
COORDINATOR_JAR="$ROOT/coordinator/target/tierbench.jar"
AGENT_JAR="$ROOT/agent/target/tierbench-agent-linux-$(uname -m).jar"
SIMULATOR="$ROOT/agent/target/test-classes/dev/tierbench/agent/FleetSimulator.class"
SIMULATOR_SRC="$ROOT/agent/src/test/java/dev/tierbench/agent/FleetSimulator.java"

usage() { echo "usage: bench/fleet-scale.sh AGENTS SECONDS (see the header for the environment)" >&2; exit 2; }
(($# == 2)) || usage
AGENTS="$1"
DURATION="$2"
TASK_MS="${TASK_MS:-100}"
PER_JVM="${PER_JVM:-250}"
EVENT_LOOPS="${EVENT_LOOPS:-2}"
PROGRESS="${PROGRESS:-3}"
HEARTBEAT="${HEARTBEAT:-1s}"
LEASE_TIMEOUT="${LEASE_TIMEOUT:-3s}"
KILL="${KILL:-5}"
WARMUP="${WARMUP:-3}"
MAX_RATE="${MAX_RATE:-2000}"
for n in "$AGENTS" "$DURATION" "$TASK_MS" "$PER_JVM" "$EVENT_LOOPS" "$MAX_RATE"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "fleet-scale: '$n' is not a positive integer" >&2; usage; }
done
for n in "$PROGRESS" "$KILL" "$WARMUP"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "fleet-scale: '$n' is not a non-negative integer" >&2; usage; }
done
millis() { # 1s, 500ms, 2m -> milliseconds
  case "$1" in
    *ms) echo "${1%ms}" ;;
    *s) echo $((${1%s} * 1000)) ;;
    *m) echo $((${1%m} * 60000)) ;;
    *) echo "fleet-scale: durations are like 500ms, 1s or 2m, got '$1'" >&2; exit 2 ;;
  esac
}
HEARTBEAT_MS="$(millis "$HEARTBEAT")"
LEASE_TIMEOUT_MS="$(millis "$LEASE_TIMEOUT")"
COORDINATOR_OPTS="${COORDINATOR_OPTS-$(sed -n 's/^Environment="TIERBENCH_JAVA_OPTS=\(.*\)"$/\1/p' \
  "$ROOT/deploy/systemd/tierbench-coordinator.service")}"
SIM_OPTS="${SIM_OPTS--Xmx512m -XX:+UseSerialGC}"
command -v sqlite3 >/dev/null || { echo "fleet-scale: needs the sqlite3 command (apt-get install sqlite3)" >&2; exit 2; }

# ---- build what is missing or older than the sources (as bin/tierbench does)
stale() {
  local target
  for target in "$COORDINATOR_JAR" "$AGENT_JAR" "$SIMULATOR"; do
    [[ -f "$target" ]] || return 0
  done
  [[ "$SIMULATOR_SRC" -nt "$SIMULATOR" ]] && return 0
  [ -n "$(find "$ROOT/pom.xml" "$ROOT/common" "$ROOT/agent" "$ROOT/coordinator" -path '*/target' -prune -o \
    \( -name '*.java' -path '*/src/main/*' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) \
    -newer "$COORDINATOR_JAR" -print -quit)" ]
}
if stale; then
  echo "fleet-scale: building the jars and the simulator (mvn package -DskipTests)..." >&2
  # shellcheck disable=SC2086 # MVN_ARGS is a list of arguments
  (cd "$ROOT" && mvn -B -q -ntp ${MVN_ARGS:-} -DskipTests package >&2) || { echo "fleet-scale: the build failed" >&2; exit 1; }
fi

work="$(mktemp -d)"
runs=""
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [[ -n "${RUNS_DIR:-}" && -z "${KEEP:-}" ]] && rm -rf "$runs"
  [[ -n "${KEEP:-}" ]] && echo "fleet-scale: kept $work $runs" >&2 || rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "fleet-scale: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
sleep_until() { local left=$(($1 - $(now_ms))); ((left > 0)) && sleep "$(printf '%d.%03d' $((left / 1000)) $((left % 1000)))"; true; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rss_mib() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# ---- a sweep with enough tasks: the quickstart's KWS model, never run (the measurement is fake), 100 repetitions
# of threads 1-4 x as many batch sizes as it takes. Planning reads the model; nothing is generated.
rate=$((AGENTS * 1000 / TASK_MS))
((rate < 1)) && rate=1
((rate > MAX_RATE)) && rate=$MAX_RATE
tasks=$((rate * (DURATION + WARMUP + 30)))
trials=$(((tasks + 99) / 100))
batches=$(((trials + 3) / 4))
tasks=$((batches * 4 * 100))
cat >"$work/sweep.yaml" <<EOF
name: fleet-scale
models:
  - $ROOT/configs/models/kws_ref_model.tflite
axes:
  batch: [$(seq -s, 1 "$batches")]
  threads: [1, 2, 3, 4]
tiers: [fleet]
repetitions: 100
measurement:
  warmup: 0
  min-duration: ${TASK_MS}ms
  min-queries: 1
EOF

# ---- the coordinator
runs="${RUNS_DIR:+$(mktemp -d "$RUNS_DIR/fleet-scale.XXXXXX")}"
runs="${runs:-$work/runs}"
# shellcheck disable=SC2086 # COORDINATOR_OPTS is a list of options
"$JAVA" $COORDINATOR_OPTS -jar "$COORDINATOR_JAR" coordinator --sweep "$work/sweep.yaml" --state-dir "$work/state" \
  --runs-dir "$runs" --cache-dir "$work/cache" --cluster-host 127.0.0.1 --http-port 0 \
  --heartbeat-interval "$HEARTBEAT" --lease-timeout "$LEASE_TIMEOUT" --agent-lost-after 10m --max-tasks "$tasks" \
  --progress never >"$work/coordinator.out" 2>"$work/coordinator.log" &
coordinator=$!
pids+=("$coordinator")
deadline=$((SECONDS + 120))
until url="$(sed -n 's/.* up at \(https:\/\/[^;]*\);.*/\1/p' "$work/coordinator.log" | head -1)" && [[ -n "$url" ]]; do
  kill -0 "$coordinator" 2>/dev/null || { tail -20 "$work/coordinator.log" >&2; fail "the coordinator exited"; }
  ((SECONDS < deadline)) || { tail -20 "$work/coordinator.log" >&2; fail "the coordinator did not come up in 120 s"; }
  sleep 0.2
done
until grep -q "tierbench: run fleet-scale" "$work/coordinator.log"; do
  kill -0 "$coordinator" 2>/dev/null || { tail -20 "$work/coordinator.log" >&2; fail "the coordinator exited"; }
  ((SECONDS < deadline)) || fail "the coordinator did not start the run in 120 s"
  sleep 0.2
done

# ---- the simulated agents
jvms=$(((AGENTS + PER_JVM - 1) / PER_JVM))
((jvms < 2)) && jvms=2
((jvms > AGENTS)) && jvms=$AGENTS
first=0
sims=()
for ((j = 0; j < jvms; j++)); do
  n=$(((AGENTS - first) / (jvms - j)))
  kill_args=()
  ((j == 0 && KILL > 0)) && kill_args=(--kill "$KILL" --kill-out "$work/killed.tsv")
  # shellcheck disable=SC2086 # SIM_OPTS is a list of options
  "$JAVA" $SIM_OPTS -Dorg.slf4j.simpleLogger.log.dev.tierbench=warn -cp "$AGENT_JAR:$ROOT/agent/target/test-classes" \
    dev.tierbench.agent.FleetSimulator run --coordinator "$url" --state-dir "$work/state" --agents-dir "$work/agents" \
    --agents "$n" --first "$first" --tier fleet --task-ms "$TASK_MS" --event-loops "$EVENT_LOOPS" --progress "$PROGRESS" \
    --go "$work/go" --out "$work/sim-$j.out" "${kill_args[@]}" >"$work/sim-$j.log" 2>&1 &
  pids+=("$!")
  sims+=("$!")
  first=$((first + n))
done
deadline=$((SECONDS + 180))
for ((j = 0; j < jvms; j++)); do
  until grep -q "fleet-sim: .* registered" "$work/sim-$j.log"; do
    kill -0 "${sims[$j]}" 2>/dev/null || { tail -20 "$work/sim-$j.log" >&2; fail "simulator $j exited"; }
    ((SECONDS < deadline)) || { tail -20 "$work/sim-$j.log" >&2; fail "simulator $j did not register its agents in 180 s"; }
    sleep 0.2
  done
done

sed -n 's/^fleet-sim: \(.* enrolled in .*\)/enrolment (simulator JVMs at once): \1/p' "$work"/sim-*.log

# ---- the window: every JVM counts over the same epoch milliseconds
start=$(($(now_ms) + WARMUP * 1000))
end=$((start + DURATION * 1000))
stop=$((end + LEASE_TIMEOUT_MS + 2 * HEARTBEAT_MS + 1000))
echo "$start $end $end $stop" >"$work/go.tmp"
mv "$work/go.tmp" "$work/go"
sleep_until "$start"
cpu_start="$(cpu_ticks "$coordinator")"
if [[ -n "${PROFILE:-}" ]]; then
  mkdir -p "$ROOT/bench/out"
  jcmd "$coordinator" JFR.start name=fleet settings=profile duration="${DURATION}s" \
    filename="$ROOT/bench/out/fleet-coordinator.jfr" >/dev/null
fi
if [[ -n "${PROFILE:-}" ]]; then
  sleep_until $((start + DURATION * 500))
  top -H -b -n 2 -d 2 -p "$coordinator" | awk '/^top -/ { n++ } n == 2' | head -30 >"$ROOT/bench/out/fleet-coordinator-threads.txt"
fi
sleep_until "$end"
cpu_end="$(cpu_ticks "$coordinator")"
for ((j = 0; j < jvms; j++)); do
  wait "${sims[$j]}" || { tail -20 "$work/sim-$j.log" >&2; fail "simulator $j failed"; }
done
rss="$(rss_mib "$coordinator")"
kill -0 "$coordinator" 2>/dev/null || { tail -20 "$work/coordinator.log" >&2; fail "the coordinator died"; }

# ---- figures
declare -A fig
while IFS='=' read -r key value; do fig[$key]=$value; done < <("$JAVA" -cp "$AGENT_JAR:$ROOT/agent/target/test-classes" \
  dev.tierbench.agent.FleetSimulator merge "$work"/sim-*.out)
hz="$(getconf CLK_TCK)"
coordinator_cores="$(awk -v t=$((cpu_end - cpu_start)) -v hz="$hz" -v s="$DURATION" 'BEGIN { printf "%.2f", t / hz / s }')"
sim_cores="$(awk -v c="${fig[simulator_cpu_s]}" -v s="$DURATION" 'BEGIN { printf "%.2f", c / s }')"
echo "over ${DURATION} s: ${fig[leases]} leases, ${fig[results]} results accepted, lease p50 ${fig[p50_lease_ms]} ms, max" \
  "${fig[max_lease_ms]} ms, result acknowledged p50 ${fig[p50_ack_ms]} ms, p99 ${fig[p99_ack_ms]} ms; $jvms simulator JVMs x $EVENT_LOOPS event loops, tasks of $TASK_MS ms, $PROGRESS progress" \
  "message(s) each; CPU cores used: coordinator $coordinator_cores, simulators $sim_cores (of $(nproc))"
((fig[no_work] > 0)) && echo "fleet-scale: warning: ${fig[no_work]} lease requests found no work in the window (the" \
  "sweep's $tasks tasks ran short? raise MAX_RATE)" >&2
((fig[errors] > 0)) && echo "fleet-scale: warning: ${fig[errors]} requests failed in the window (see $work/sim-*.log;" \
  "KEEP=1 keeps it)" >&2

if ((KILL > 0)); then
  db="$runs/fleet-scale/results.db"
  cut=0
  delays=()
  missing=0
  while IFS=$'\t' read -r agent lease task at; do
    cut=$((cut + 1))
    ended="$(sqlite3 -readonly "$db" "SELECT ended_at || ' ' || outcome FROM attempts WHERE lease_id = '$lease'" 2>/dev/null || true)"
    if [[ -z "$ended" ]]; then
      missing=$((missing + 1))
      continue
    fi
    delays+=($(($(date -d "${ended%% *}" +%s%3N) - at)))
    outcome="${ended##* }"
  done <"$work/killed.tsv"
  # The coordinator checks leases every min(250 ms, lease timeout / 4) (Coordinator's tick); a lease renewed just
  # before its agent was cut ends at most lease timeout + one tick later.
  tick=$((LEASE_TIMEOUT_MS / 4 < 250 ? LEASE_TIMEOUT_MS / 4 : 250))
  limit=$((3 * HEARTBEAT_MS + tick))
  if ((${#delays[@]} > 0)); then
    read -r lo hi < <(printf '%s\n' "${delays[@]}" | sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print lo, hi }')
    verdict=$([[ $hi -le $limit && $missing -eq 0 ]] && echo yes || echo NO)
    printf 'lease loss: %d agents cut holding leases (sockets closed, no Leave); the coordinator ended %d of those leases' \
      "$cut" "${#delays[@]}"
    printf ' (%s) %.2f-%.2f s later; heartbeat %s, lease timeout %s: within 3 heartbeats plus the %d ms lease check' \
      "$outcome" "$(awk -v v="$lo" 'BEGIN { print v / 1000 }')" "$(awk -v v="$hi" 'BEGIN { print v / 1000 }')" \
      "$HEARTBEAT" "$LEASE_TIMEOUT" "$tick"
    printf ' (%.2f s): %s\n' "$(awk -v v="$limit" 'BEGIN { print v / 1000 }')" "$verdict"
  else
    echo "lease loss: $cut agents cut holding leases; the coordinator had ended none of them after" \
      "$(((stop - end) / 1000)) s (heartbeat $HEARTBEAT, lease timeout $LEASE_TIMEOUT): within 3 heartbeats: NO"
  fi
fi
echo "fleet-scale: $AGENTS agents, ${fig[rate]} leases+results/s, p99 lease ms ${fig[p99_lease_ms]}, coordinator RSS $rss MiB"
