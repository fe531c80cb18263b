# Sourced by e2e.sh, startup.sh and profile.sh (from the project's root): where the e2e applications live, and how one
# is started and timed. e2e.sh builds the applications into $WORK/apps.
SERVERS=integration-tests/target/servers
WORK=benchmarks/target/e2e
TOKEN=$(cat examples/istio-jwt-samples/demo.jwt)
AGENT=agent/target/meshguard-agent.jar

main_of() {
  case $1 in tomcat10) echo TomcatApp;; jetty12) echo JettyApp;; undertow23) echo UndertowApp;;
    webflux40) echo WebFluxApp;; vertx50) echo VertxWebApp;; *) echo "unknown line $1" >&2; return 1;; esac
}

classpath_of() { # line
  echo "$WORK/apps/$1:$(ls $SERVERS/$1/*.jar | tr '\n' ':')"
}

# Start-up ends at the first request answered 200 (with the token), as a readiness probe would see it: a server that
# loads its hooked class on the first request (Undertow) pays the agent's activation there, and it is counted.
await_first_answer() { # log launch-time-ns -> sets PORT STARTUP_MS
  until grep -q '^READY ' "$1" 2>/dev/null; do sleep 0.01; done
  PORT=$(grep '^READY ' "$1" | awk '{print $2}')
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/products/0")" = 200 ]; do
    sleep 0.01
  done
  STARTUP_MS=$(( ($(date +%s%N) - $2) / 1000000 ))
}

start() { # line with-agent -> sets PID PORT STARTUP_MS
  local cp agent=() log="$WORK/$1-$2.log" t0 main
  cp=$(classpath_of "$1"); main=$(main_of "$1")
  [ "$2" = yes ] && agent=("-javaagent:$AGENT")
  rm -f "$log"   # a previous round's READY line must not be read before the new JVM truncates the file
  t0=$(date +%s%N)
  MESHGUARD_POLICY_PATH="$WORK/policies" MESHGUARD_LOG_LEVEL=warn java -Xms256m -Xmx256m "${agent[@]}" -cp "$cp" "$main" > "$log" 2>&1 &
  PID=$!
  await_first_answer "$log" "$t0"
}
