#!/usr/bin/env bash
# Times the stochastic Pareto frontier at sweep scale: N points x D draws (default 1000 x 1000), 2 and 3
# objectives, on all cores and on one. Usage: bench/frontier.sh [POINTS] [DRAWS]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
mvn -B -q -ntp -o -DskipTests install -pl common,agent >/dev/null
mvn -B -q -ntp -o -DskipTests test-compile -pl coordinator >/dev/null
cp="coordinator/target/test-classes:coordinator/target/classes:$(mvn -B -q -ntp -o -pl coordinator \
  dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)"
java -cp "$cp" dev.tierbench.coordinator.pareto.FrontierBenchmark "${1:-1000}" "${2:-1000}"
echo "one core (taskset -c 0):"
taskset -c 0 java -XX:ActiveProcessorCount=1 -cp "$cp" \
  dev.tierbench.coordinator.pareto.FrontierBenchmark "${1:-1000}" "${2:-1000}"
