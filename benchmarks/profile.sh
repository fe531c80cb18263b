#!/bin/bash
# Profiles the agent on the request path with JDK Flight Recorder: an e2e application (embedded Tomcat 10.1 unless
# LINE names another of benchmarks/e2e.sh's lines) with the agent and the Bookinfo policies under wrk, 20 s recorded
# after an 8 s warm-up, then the share of samples with Meshguard on the stack and the hottest frames under it.
# Run benchmarks/e2e.sh once first (it builds the applications).
# Usage: [LINE=webflux40] benchmarks/profile.sh. Writes benchmarks/target/profile.jfr.
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/e2e-lib.sh
LINE=${LINE:-tomcat10}
[ -d "$WORK/apps/$LINE" ] || { echo "run benchmarks/e2e.sh first"; exit 1; }
MAIN=$(main_of "$LINE")
JFR=benchmarks/target/profile.jfr
LOG=benchmarks/target/profile.log
MESHGUARD_POLICY_PATH="$WORK/policies" MESHGUARD_LOG_LEVEL=warn java -Xms256m -Xmx256m \
  -XX:StartFlightRecording=filename=$JFR,settings=profile,delay=8s,duration=20s \
  -javaagent:$AGENT -cp "$(classpath_of "$LINE")" \
  "$MAIN" > "$LOG" 2>&1 &
PID=$!
until grep -q '^READY ' "$LOG" 2>/dev/null; do sleep 0.05; done
PORT=$(grep '^READY ' "$LOG" | awk '{print $2}')
wrk -t2 -c32 -d30s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/products/0" | grep Requests/sec
sleep 2; kill "$PID"; wait "$PID" 2>/dev/null || true
jfr print --events jdk.ExecutionSample "$JFR" | awk '
  /jdk.ExecutionSample/ { if (n) flush(); n = 0; top = ""; mg = 0; next }
  /line:/ { n++; f = $1; sub(/\(.*/, "", f); if (n == 1) top = f; if (f ~ /^dev\.meshguard/) { mg = 1; if (!(f in seen)) { seen[f] = 1; incl[f]++ } } }
  function flush() { total++; if (mg) { with++; self[top]++ } delete seen }
  END { flush(); printf "%d samples, %d (%.1f%%) with Meshguard on the stack\n", total, with, 100 * with / total
        print "\nhottest frames while Meshguard was on the stack:"; for (f in self) print self[f], f | "sort -rn | head -10"; close("sort -rn | head -10")
        print "\nMeshguard methods, inclusive:"; for (f in incl) print incl[f], f | "sort -rn | head -15" }'
