#!/bin/bash
# End-to-end cost of the agent: the same small application on embedded Tomcat 10.1, Jetty 12 and Undertow 2.3, and
# on the event-loop servers Spring WebFlux (Boot 4.0, Reactor Netty 1.3) and Vert.x Web 5.0 (one event loop each),
# loaded over loopback with wrk, without the agent and with it (Bookinfo policies, every request carrying a valid
# token, so every request is authenticated and authorized); then a Spring Boot application open, protected with
# Spring Security, and open with the agent. Also JVM start-up time and resident memory.
# Latency is measured twice in each run: under the saturating load (where it is mostly queueing, so it tracks
# throughput), and then paced, 4 connections each pausing 1 ms between requests (about 3,300 requests/s, a few per
# cent of capacity), where it is the request's own time: that is where the latency the agent adds is read.
# Each configuration runs ROUNDS times (default 3), the configurations of a round one after another (in reverse order
# every second round), and the table shows the median of each figure: single runs on 2 shared cores differ by several
# percent.
# Usage: [WARMUP=10] [WARMUP_EVENT_LOOP=30] [PACED=20] [LINES="webflux40 vertx50"] [WITH_SPRING=no] [RESULTS=file] benchmarks/e2e.sh
#        [seconds per saturated run, default 15] [rounds, default 3]. Writes benchmarks/results/e2e.md unless RESULTS says.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-15}
ROUNDS=${2:-3}
WARMUP=${WARMUP:-10}   # seconds of load before each measured run: Spring Boot needs more than 5 to reach its compiled code
# The event-loop servers answer three to ten times more requests in those seconds, and C2 is still compiling after 10 s:
# on WebFlux 0.3 to 3.1 s of C2 CPU in the second 10 s of load, 0.04 to 0.09 s in the third (jcmd Thread.print, 2026-12-02),
# so a run measured after 10 s measures the JIT as much as the server. They are loaded for 30 s before measuring.
WARMUP_EVENT_LOOP=${WARMUP_EVENT_LOOP:-30}
PACED=${PACED:-20}     # seconds of the paced latency run: its p99 varies less between runs than in 10 s
CONNECTIONS=32
command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y wrk >/dev/null; }

mvn -B -q -DskipTests install
mvn -B -q -DskipTests -pl integration-tests pre-integration-test
. benchmarks/e2e-lib.sh   # SERVERS, WORK, TOKEN, AGENT; main_of, start, await_first_answer
rm -rf "$WORK" && mkdir -p "$WORK/policies"
cp examples/policies/bookinfo.yaml "$WORK/policies/"

compile() { # line app-dir servlet-package
  local out="$WORK/apps/$1"; mkdir -p "$out/src"
  local extra=()   # the shared sources Apps.Line.sharedSources() names for these apps
  [ "$2" = tomcat ] && extra=(integration-tests/src/test/apps/servlet/*.java integration-tests/src/test/apps/library-report/*.java)
  [ "$2" = jetty12 ] && extra=(integration-tests/src/test/apps/jetty-tls/*.java)
  [ "$2" = vertx-web ] && extra=(integration-tests/src/test/apps/vertx-shared/*.java)
  for f in integration-tests/src/test/apps/$2/*.java "${extra[@]}"; do sed "s/SERVLET\./$3./g" "$f" > "$out/src/$(basename "$f")"; done
  javac -nowarn -d "$out" -cp "$(ls $SERVERS/$1/*.jar | tr '\n' ':')" "$out"/src/*.java
}
compile tomcat10 tomcat jakarta.servlet
compile jetty12 jetty12 x
compile undertow23 undertow x
compile webflux40 webflux x
compile vertx50 vertx-web x
LINES=${LINES:-tomcat10 jetty12 undertow23 webflux40 vertx50}
warmup_of() { case $1 in webflux*|vertx*) echo "$WARMUP_EVENT_LOOP";; *) echo "$WARMUP";; esac; }

load() { # warm-up-seconds -> sets RPS P50 P99 NON2XX PACED_P50 PACED_P99
  local url="http://127.0.0.1:$PORT/api/v1/products/0" out paced
  wrk -t2 -c$CONNECTIONS -d${1}s -H "Authorization: Bearer $TOKEN" "$url" > /dev/null || true
  out=$(wrk -t2 -c$CONNECTIONS -d${DURATION}s --latency -H "Authorization: Bearer $TOKEN" "$url") \
    || { echo "wrk failed against $url:"; echo "$out"; exit 1; }
  RPS=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  P50=$(echo "$out" | awk '$1=="50%" {print $2}')
  P99=$(echo "$out" | awk '$1=="99%" {print $2}')
  NON2XX=$(echo "$out" | awk '/Non-2xx/ {print $5}'); NON2XX=${NON2XX:-0}
  paced=$(wrk -t1 -c4 -d${PACED}s --latency -s benchmarks/paced.lua -H "Authorization: Bearer $TOKEN" "$url") \
    || { echo "paced wrk failed against $url:"; echo "$paced"; exit 1; }
  PACED_P50=$(echo "$paced" | awk '$1=="50%" {print $2}')
  PACED_P99=$(echo "$paced" | awk '$1=="99%" {print $2}')
  local paced_non2xx; paced_non2xx=$(echo "$paced" | awk '/Non-2xx/ {print $5}')
  NON2XX=$((NON2XX + ${paced_non2xx:-0}))
}

rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$1/status; }
us() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /ms$/) n *= 1000; else if (v ~ /[^u]s$/) n *= 1000000; printf "%.0f", n }'; }

# One measured run: start (a function and its arguments), load, sample, stop; appends a line to the file $1.
run() { # results-file start-function args...
  local file=$1; shift
  "$@"
  load "$(warmup_of "$2")"
  local rss; rss=$(rss_mb "$PID")
  kill "$PID"; wait "$PID" 2>/dev/null || true
  echo "$RPS $(us "$P50") $(us "$P99") $NON2XX $STARTUP_MS $rss $(us "$PACED_P50") $(us "$PACED_P99")" >> "$file"
  echo "  $(basename "$file" .txt): $RPS req/s p50 $P50 p99 $P99, paced p50 $PACED_P50 p99 $PACED_P99, non-2xx $NON2XX, start-up ${STARTUP_MS} ms, RSS ${rss} MB" \
    | tee -a "$WORK/runs.txt"
}
median() { # file column
  awk -v c="$2" '{print $c}' "$1" | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
row() { # label file baseline-file -> a table row of medians
  local rps base; rps=$(median "$2" 1); base=$(median "$3" 1)
  local non2xx; non2xx=$(awk '{s += $4} END {print s + 0}' "$2")
  local added; added=$(( $(median "$2" 8) - $(median "$3" 8) ))
  printf "| %s | %.0f | %.3f | %s / %s µs | %s / %s µs | %+d µs | %s | %s | %s |\n" "$1" "$rps" \
    "$(awk -v a="$rps" -v b="$base" 'BEGIN {print a / b}')" "$(median "$2" 2)" "$(median "$2" 3)" \
    "$(median "$2" 7)" "$(median "$2" 8)" "$added" "$non2xx" "$(median "$2" 5)" "$(median "$2" 6)"
}
HEADER="| requests/s | ratio | p50 / p99 saturated | p50 / p99 paced | paced p99 added | non-2xx (all runs) | start-up ms | RSS MB after load |"
RULE="|---|---|---|---|---|---|---|---|---|---|"

rm -f "$WORK"/*.txt
for round in $(seq "$ROUNDS"); do
  echo "round $round of $ROUNDS"
  order="no yes"; [ $((round % 2)) = 0 ] && order="yes no"   # so neither always runs on a machine the other warmed
  for line in $LINES; do
    for agent in $order; do
      run "$WORK/$line-$agent.txt" start "$line" "$agent"
    done
  done
done
{
  echo "| server | agent $HEADER"
  echo "$RULE"
  for line in $LINES; do
    row "$line | no" "$WORK/$line-no.txt" "$WORK/$line-no.txt"
    row "$line | yes" "$WORK/$line-yes.txt" "$WORK/$line-no.txt"
  done
} > "$WORK/table.md"

if [ "${WITH_SPRING:-yes}" = yes ]; then
# Spring Boot on its default Tomcat: open, protected the usual code-changing way (Spring Security's OAuth2 resource
# server with the same key, issuer and path rule), and open with the agent.
mvn -B -q -f benchmarks/spring/pom.xml -DskipTests package
SPRING=benchmarks/spring/target/spring-bookinfo.jar
start_spring() { # mode -> sets PID PORT STARTUP_MS
  local args=() agent=() log="$WORK/spring-$1.log" t0
  rm -f "$log"
  [ "$1" = secured ] && args=(--spring.profiles.active=secured --bookinfo.jwks=examples/istio-jwt-samples/jwks.json)
  [ "$1" = agent ] && agent=("-javaagent:$AGENT")
  t0=$(date +%s%N)
  MESHGUARD_POLICY_PATH="$WORK/policies" MESHGUARD_LOG_LEVEL=warn java -Xms256m -Xmx256m "${agent[@]}" -jar "$SPRING" "${args[@]}" > "$log" 2>&1 &
  PID=$!
  await_first_answer "$log" "$t0"
}
for round in $(seq "$ROUNDS"); do
  echo "Spring Boot round $round of $ROUNDS"
  modes="open secured agent"; [ $((round % 2)) = 0 ] && modes="agent secured open"
  for mode in $modes; do
    run "$WORK/spring-$mode.txt" start_spring "$mode"
  done
done
{
  echo
  echo "| Spring Boot 3.5 on Tomcat | protection $HEADER"
  echo "$RULE"
  row "Spring Boot | none" "$WORK/spring-open.txt" "$WORK/spring-open.txt"
  row "Spring Boot | Spring Security" "$WORK/spring-secured.txt" "$WORK/spring-open.txt"
  row "Spring Boot | Meshguard agent" "$WORK/spring-agent.txt" "$WORK/spring-open.txt"
} >> "$WORK/table.md"
fi

RESULTS=${RESULTS:-benchmarks/results/e2e.md}
mkdir -p "$(dirname "$RESULTS")"
{
  echo "# End-to-end run, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "$(nproc) cores, $(java -version 2>&1 | head -1), wrk -t2 -c$CONNECTIONS -d${DURATION}s after ${WARMUP}s of warm-up (${WARMUP_EVENT_LOOP}s on WebFlux and Vert.x) on GET /api/v1/products/0 with a valid token,"
  echo "then paced (wrk -t1 -c4 -d${PACED}s -s benchmarks/paced.lua: 1 ms between a response and the connection's next request);"
  echo "start-up is from launching the JVM to the first request answered 200;"
  echo "medians of $ROUNDS rounds (each round runs every configuration once, one after another, in reverse order every second round);"
  echo "with the agent every request is authenticated (RS256, cached after the first) and authorized (Bookinfo DENY policy)."
  echo
  cat "$WORK/table.md"
  echo
  echo "Every run, in order:"
  echo
  echo '```'
  cat "$WORK/runs.txt"
  echo '```'
} > "$RESULTS"
cat "$RESULTS"
