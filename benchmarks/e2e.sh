#!/bin/bash
# End-to-end cost of the agent: the same small application on embedded Tomcat 10.1, Jetty 12 and Undertow 2.3,
# loaded over loopback with wrk, without the agent and with it (Bookinfo policies, every request carrying a valid
# token, so every request is authenticated and authorized); then a Spring Boot application open, protected with
# Spring Security, and open with the agent. Also JVM start-up time and resident memory.
# Usage: benchmarks/e2e.sh [seconds per run, default 15]. Writes benchmarks/results/e2e.md.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-15}
CONNECTIONS=32
command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y wrk >/dev/null; }

mvn -B -q -DskipTests install
mvn -B -q -DskipTests -pl integration-tests pre-integration-test
SERVERS=integration-tests/target/servers
WORK=benchmarks/target/e2e
rm -rf "$WORK" && mkdir -p "$WORK/policies"
cp examples/policies/bookinfo.yaml "$WORK/policies/"
TOKEN=$(cat examples/istio-jwt-samples/demo.jwt)
AGENT=agent/target/meshguard-agent.jar

compile() { # line app-dir servlet-package
  local out="$WORK/apps/$1"; mkdir -p "$out/src"
  for f in integration-tests/src/test/apps/$2/*.java; do sed "s/SERVLET\./$3./g" "$f" > "$out/src/$(basename "$f")"; done
  javac -nowarn -d "$out" -cp "$(ls $SERVERS/$1/*.jar | tr '\n' ':')" "$out"/src/*.java
}
compile tomcat10 tomcat jakarta.servlet
compile jetty12 jetty12 x
compile undertow23 undertow x
main_of() { case $1 in tomcat10) echo TomcatApp;; jetty12) echo JettyApp;; undertow23) echo UndertowApp;; esac; }

start() { # line with-agent -> sets PID PORT STARTUP_MS
  local cp="$WORK/apps/$1:$(ls $SERVERS/$1/*.jar | tr '\n' ':')" agent=()
  [ "$2" = yes ] && agent=("-javaagent:$AGENT")
  local log="$WORK/$1-$2.log" t0; t0=$(date +%s%N)
  MESHGUARD_POLICY_PATH="$WORK/policies" MESHGUARD_LOG_LEVEL=warn java -Xms256m -Xmx256m "${agent[@]}" -cp "$cp" "$(main_of "$1")" > "$log" 2>&1 &
  PID=$!
  until grep -q '^READY ' "$log" 2>/dev/null; do sleep 0.01; done
  STARTUP_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
  PORT=$(grep '^READY ' "$log" | awk '{print $2}')
}

load() { # -> sets RPS P50 P99 NON2XX
  local url="http://127.0.0.1:$PORT/api/v1/products/0" out
  wrk -t2 -c$CONNECTIONS -d5s -H "Authorization: Bearer $TOKEN" "$url" > /dev/null
  out=$(wrk -t2 -c$CONNECTIONS -d${DURATION}s --latency -H "Authorization: Bearer $TOKEN" "$url")
  RPS=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  P50=$(echo "$out" | awk '$1=="50%" {print $2}')
  P99=$(echo "$out" | awk '$1=="99%" {print $2}')
  NON2XX=$(echo "$out" | awk '/Non-2xx/ {print $5}'); NON2XX=${NON2XX:-0}
}

rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$1/status; }

{
  echo "| server | agent | requests/s | ratio | p50 | p99 | non-2xx | start-up ms | RSS MB after load |"
  echo "|---|---|---|---|---|---|---|---|---|"
} > "$WORK/table.md"
for line in tomcat10 jetty12 undertow23; do
  BASE_RPS=
  for agent in no yes; do
    start "$line" "$agent"
    load
    RSS=$(rss_mb "$PID")
    kill "$PID"; wait "$PID" 2>/dev/null || true
    [ -z "$BASE_RPS" ] && BASE_RPS=$RPS
    RATIO=$(awk -v a="$RPS" -v b="$BASE_RPS" 'BEGIN {printf "%.3f", a/b}')
    echo "| $line | $agent | $RPS | $RATIO | $P50 | $P99 | $NON2XX | $STARTUP_MS | $RSS |" >> "$WORK/table.md"
    echo "$line agent=$agent: $RPS req/s p50 $P50 p99 $P99 non-2xx $NON2XX start-up ${STARTUP_MS} ms RSS ${RSS} MB"
  done
done
# Spring Boot on its default Tomcat: open, protected the usual code-changing way (Spring Security's OAuth2 resource
# server with the same key, issuer and path rule), and open with the agent.
mvn -B -q -f benchmarks/spring/pom.xml -DskipTests package
SPRING=benchmarks/spring/target/spring-bookinfo.jar
start_spring() { # mode -> sets PID PORT STARTUP_MS
  local args=() agent=() log="$WORK/spring-$1.log" t0
  [ "$1" = secured ] && args=(--spring.profiles.active=secured --bookinfo.jwks=examples/istio-jwt-samples/jwks.json)
  [ "$1" = agent ] && agent=("-javaagent:$AGENT")
  t0=$(date +%s%N)
  MESHGUARD_POLICY_PATH="$WORK/policies" MESHGUARD_LOG_LEVEL=warn java -Xms256m -Xmx256m "${agent[@]}" -jar "$SPRING" "${args[@]}" > "$log" 2>&1 &
  PID=$!
  until grep -q '^READY ' "$log" 2>/dev/null; do sleep 0.01; done
  STARTUP_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
  PORT=$(grep '^READY ' "$log" | awk '{print $2}')
}
{
  echo
  echo "| Spring Boot 3.5 | protection | requests/s | ratio | p50 | p99 | non-2xx | start-up ms | RSS MB after load |"
  echo "|---|---|---|---|---|---|---|---|---|"
} >> "$WORK/table.md"
BASE_RPS=
for mode in open secured agent; do
  start_spring "$mode"
  load
  RSS=$(rss_mb "$PID")
  kill "$PID"; wait "$PID" 2>/dev/null || true
  [ -z "$BASE_RPS" ] && BASE_RPS=$RPS
  RATIO=$(awk -v a="$RPS" -v b="$BASE_RPS" 'BEGIN {printf "%.3f", a/b}')
  label=$mode; [ "$mode" = open ] && label="none"; [ "$mode" = secured ] && label="Spring Security"; [ "$mode" = agent ] && label="Meshguard agent"
  echo "| Tomcat (Spring Boot) | $label | $RPS | $RATIO | $P50 | $P99 | $NON2XX | $STARTUP_MS | $RSS |" >> "$WORK/table.md"
  echo "spring $mode: $RPS req/s p50 $P50 p99 $P99 non-2xx $NON2XX start-up ${STARTUP_MS} ms RSS ${RSS} MB"
done

mkdir -p benchmarks/results
{
  echo "# End-to-end run, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "$(nproc) cores, $(java -version 2>&1 | head -1), wrk -t2 -c$CONNECTIONS -d${DURATION}s on GET /api/v1/products/0 with a valid token;"
  echo "with the agent every request is authenticated (RS256, cached after the first) and authorized (Bookinfo DENY policy)."
  echo
  cat "$WORK/table.md"
} > benchmarks/results/e2e.md
cat benchmarks/results/e2e.md
