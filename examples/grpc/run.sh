#!/bin/sh
# Builds Meshguard and the gRPC example, starts the example service with the agent, and shows what real calls get.
set -e
cd "$(dirname "$0")/../.."
mvn -B -q -DskipTests package -pl examples/grpc -am
exec java -Dmeshguard.root=. -cp "examples/grpc/target/classes:examples/grpc/target/lib/*" dev.meshguard.examples.grpc.GrpcDemo
