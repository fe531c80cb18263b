#!/usr/bin/env bash
# Unary gRPC calls per second against a grpc-java 1.85 server (shaded Netty) with and without the agent.
# Usage: [MVN_OPTS="-o -Dmaven.repo.local=..."] benchmarks/grpc.sh [rounds] [warm-up s] [measure s] [connections]
#        [calls in flight per connection]. Defaults: 6 rounds, 15 s, 10 s, 4 connections, 16 calls each.
# Builds the agent jar and this module first (SKIP_BUILD=1 skips that), as benchmarks/e2e.sh builds what it runs.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${SKIP_BUILD:-}" ]; then
  # shellcheck disable=SC2086
  mvn -B -q -DskipTests ${MVN_OPTS:-} package -pl agent,benchmarks/grpc -am
fi
exec java -cp "benchmarks/grpc/target/classes:benchmarks/grpc/target/lib/*" dev.meshguard.benchmarks.grpc.GrpcLoad \
    agent/target/meshguard-agent.jar "$@"
