#!/bin/sh
# Builds Meshguard, starts the Bookinfo-shaped demo application with the agent attached, and shows what real requests get.
set -e
cd "$(dirname "$0")"
mvn -B -q -DskipTests package
exec java -Dmeshguard.root=. -cp "examples/target/classes:examples/target/lib/*" dev.meshguard.examples.Demo "$@"
