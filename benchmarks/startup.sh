#!/bin/bash
# Start-up added by the agent, measured alone: the same application started alternately without the agent and with
# it, no load between starts, each start timed from launching the JVM to the first request answered 200 (as
# benchmarks/e2e.sh times it), with the JVM's CPU time at that moment. Prints the mean and standard deviation of each
# configuration and the difference of the means: single starts spread by hundreds of milliseconds, so the e2e run's
# median of a few starts is a weaker figure than this.
# Run benchmarks/e2e.sh first (it builds the applications in benchmarks/target/e2e); never beside other work.
# Usage: benchmarks/startup.sh [starts per configuration, default 10] [line: webflux40 (default), vertx50, tomcat10,
#        jetty12, undertow23]
set -euo pipefail
cd "$(dirname "$0")/.."
STARTS=${1:-10}
LINE=${2:-webflux40}
. benchmarks/e2e-lib.sh
[ -d "$WORK/apps/$LINE" ] || { echo "no $WORK/apps/$LINE: run benchmarks/e2e.sh first" >&2; exit 1; }
main_of "$LINE" > /dev/null
TICKS=$(getconf CLK_TCK)

once() { # with-agent -> prints "ms cpu-ms": the start's wall time to the first answer, and the JVM's CPU time then
  start "$LINE" "$1"
  awk -v ms="$STARTUP_MS" -v t="$TICKS" '{print ms, ($14 + $15) * 1000 / t}' /proc/$PID/stat
  kill $PID; wait $PID 2>/dev/null || true
}

rm -f "$WORK/startup-no.txt" "$WORK/startup-yes.txt"
for i in $(seq "$STARTS"); do
  order="no yes"; [ $((i % 2)) = 0 ] && order="yes no"   # alternate which runs first
  for agent in $order; do once $agent >> "$WORK/startup-$agent.txt"; done
done
echo "$LINE, $STARTS alternating starts each, $(java -version 2>&1 | head -1)"
for agent in no yes; do
  awk -v a=$agent '{s += $1; q += $1 * $1; c += $2} END {m = s / NR;
    printf "agent %-3s mean %5.0f ms  sd %4.0f ms  CPU %5.0f ms\n", a, m, sqrt(q / NR - m * m), c / NR}' "$WORK/startup-$agent.txt"
done
paste "$WORK/startup-no.txt" "$WORK/startup-yes.txt" | awk '{d += $3 - $1; c += $4 - $2} END {
  printf "added: %+.0f ms, %+.0f ms of CPU\n", d / NR, c / NR}'
