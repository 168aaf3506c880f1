#!/usr/bin/env bash
# Memory of a coordinator and an agent started as the README's "Across machines" says, on loopback: the agent's
# resident set when it has joined and sits idle, its peak while it measures the quickstart's models, and the
# coordinator's when idle. The goal for a 1 GB board: agent idle <= 180 MiB.
#
# Usage: bench/memory.sh
# Environment: DETAIL=1 (print where the idle agent's memory is), AGENT_OPTS, COORDINATOR_OPTS (JVM options; default: what the systemd units and containers set),
#              SETTLE (seconds to wait once idle before reading, default 15), JAVA (default java)
# Last line: memory: agent idle X MiB, agent peak Y MiB, coordinator idle Z MiB
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COORDINATOR_JAR="$ROOT/coordinator/target/tierbench.jar"
AGENT_JAR="$ROOT/agent/target/tierbench-agent-linux-$(uname -m | sed 's/aarch64/aarch64/; s/x86_64/x86_64/').jar"
JAVA="${JAVA:-java}"
SETTLE="${SETTLE:-15}"
# The defaults the systemd units and containers use (deploy/systemd, deploy/container).
DEFAULT_OPTS="$(sed -n 's/^Environment="TIERBENCH_JAVA_OPTS=\(.*\)"$/\1/p' "$ROOT/deploy/systemd/tierbench-agent.service")"
AGENT_OPTS="${AGENT_OPTS-$DEFAULT_OPTS}"
COORDINATOR_OPTS="${COORDINATOR_OPTS-$(sed -n 's/^Environment="TIERBENCH_JAVA_OPTS=\(.*\)"$/\1/p' \
  "$ROOT/deploy/systemd/tierbench-coordinator.service")}"

for jar in "$COORDINATOR_JAR" "$AGENT_JAR"; do
  [[ -f "$jar" ]] || { echo "memory: build first: mvn -B -q package -DskipTests ($jar missing)" >&2; exit 2; }
done

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
rss_mib() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo 0; }
await_log() { # file, text, seconds
  local deadline=$((SECONDS + $3))
  until grep -q "$2" "$1" 2>/dev/null; do
    ((SECONDS < deadline)) || { echo "memory: no '$2' in $1 within $3 s" >&2; cat "$1" >&2; exit 1; }
    sleep 0.2
  done
}

# The sweep measures tier "edge"; the idle agent serves tier "spare", for which there is never work.
sed 's/^tiers:.*//' "$ROOT/configs/quickstart.yaml" > "$work/sweep.yaml"
printf 'tiers: [edge]\n' >> "$work/sweep.yaml"
sed -i "s#configs/models/#$ROOT/configs/models/#g; s#path: models/#path: $ROOT/configs/models/#g" "$work/sweep.yaml"
cluster="$(free_port)"

# shellcheck disable=SC2086
"$JAVA" $COORDINATOR_OPTS -jar "$COORDINATOR_JAR" coordinator --sweep "$work/sweep.yaml" --runs-dir "$work/runs" \
  --cache-dir "$work/coordinator-cache" --cluster-host 127.0.0.1 --cluster-port "$cluster" --http-port 0 \
  --progress never >"$work/coordinator.log" 2>&1 &
coordinator=$!
pids+=("$coordinator")
await_log "$work/coordinator.log" "serving models" 120

# shellcheck disable=SC2086
"$JAVA" $AGENT_OPTS -jar "$AGENT_JAR" --agent-id spare --tier spare --cluster "127.0.0.1:$cluster" \
  --cluster-host 127.0.0.1 --cache-dir "$work/spare-cache" --metrics-port 0 >"$work/spare.log" 2>&1 &
spare=$!
pids+=("$spare")
await_log "$work/coordinator.log" "agent spare joined" 120
sleep "$SETTLE"
agent_idle="$(rss_mib "$spare")"
coordinator_idle="$(rss_mib "$coordinator")"
echo "idle after ${SETTLE} s: agent $agent_idle MiB, coordinator $coordinator_idle MiB"
if [[ -n "${DETAIL:-}" ]]; then
  # Where the idle agent's memory is: the JVM's own accounts (with -XX:NativeMemoryTracking=summary in
  # AGENT_OPTS), then the largest mappings by resident size (heap, native libraries, thread stacks).
  jcmd "$spare" VM.native_memory summary 2>/dev/null | grep -E "^-|Total" || true
  pmap -x "$spare" | awk 'NR > 2 && $NF != "" { rss[$NF] += $3 } END { for (m in rss) printf "%8d KiB  %s\n", rss[m], m }' \
    | sort -n -r | head -15
fi

# shellcheck disable=SC2086
"$JAVA" $AGENT_OPTS -jar "$AGENT_JAR" --agent-id worker --tier edge --cluster "127.0.0.1:$cluster" \
  --cluster-host 127.0.0.1 --cache-dir "$work/worker-cache" --metrics-port 0 >"$work/worker.log" 2>&1 &
worker=$!
pids+=("$worker")
peak=0
while kill -0 "$coordinator" 2>/dev/null; do
  now="$(rss_mib "$worker")"
  ((now > peak)) && peak=$now
  sleep 0.2
done
wait "$coordinator" || { echo "memory: the coordinator failed" >&2; tail -20 "$work/coordinator.log" >&2; exit 1; }
echo "agent and JVM options: ${AGENT_OPTS:-(none)}; coordinator: ${COORDINATOR_OPTS:-(none)}"
echo "memory: agent idle $agent_idle MiB, agent peak $peak MiB, coordinator idle $coordinator_idle MiB"
