#!/usr/bin/env bash
# Unary gRPC calls per second against a grpc-java 1.85 server (shaded Netty) with and without the agent.
# Usage: benchmarks/grpc.sh [rounds] [warm-up s] [measure s] [connections] [calls in flight per connection]
# Needs the agent jar and this module built: mvn -B -DskipTests install -pl benchmarks/grpc -am
set -euo pipefail
cd "$(dirname "$0")/.."
exec java -cp "benchmarks/grpc/target/classes:benchmarks/grpc/target/lib/*" dev.meshguard.benchmarks.grpc.GrpcLoad \
    agent/target/meshguard-agent.jar "$@"
