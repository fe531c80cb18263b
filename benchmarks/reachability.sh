#!/usr/bin/env bash
# Reachability report over the built agent jar: ProGuard's shrinker, run from the agent's real entry points (premain,
# agentmain, the tools' main, the hooks the ServiceLoader finds, their advice and adapters loaded by name), lists every
# class, field and method of Meshguard's own code that nothing reaches. Needs `mvn -B package` first.
# Usage: benchmarks/reachability.sh   (prints the unreachable members of dev.meshguard.*)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=agent/target/meshguard-agent.jar
WORK="$(pwd)/benchmarks/target/reachability"
rm -rf "$WORK" && mkdir -p "$WORK/own" "$WORK/libs" "$WORK/unpacked"
cat > "$WORK/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>dev.meshguard</groupId><artifactId>reachability</artifactId><version>1</version>
  <dependencies><dependency><groupId>com.guardsquare</groupId><artifactId>proguard-base</artifactId><version>7.7.0</version></dependency></dependencies>
</project>
POM
mvn -B -q -f "$WORK/pom.xml" dependency:copy-dependencies -DoutputDirectory=tool
(cd "$WORK/unpacked" && unzip -q "$OLDPWD/$JAR")
# The jar stores everything but the bridge as inst/**.classdata: give both back their class-file names.
(cd "$WORK/unpacked" && find inst -name '*.classdata' | while read -r f; do
    target="${f#inst/}"; mkdir -p "../$( [[ $target == dev/meshguard/* ]] && echo own || echo libs)/$(dirname "$target")"
    mv "$f" "../$( [[ $target == dev/meshguard/* ]] && echo own || echo libs)/${target%.classdata}.class"; done)
cp -r "$WORK/unpacked/dev" "$WORK/own/"
cat > "$WORK/rules.pro" <<RULES
-injars $WORK/own
-libraryjars $WORK/libs
$(for d in tomcat9 jetty9 jetty12 undertow22; do [ -d integration-tests/target/servers/$d ] && echo "-libraryjars $(pwd)/integration-tests/target/servers/$d"; done)
-libraryjars <java.home>/jmods(!**.jar;!module-info.class)
-dontobfuscate
-dontoptimize
-dontpreverify
-ignorewarnings
-dontnote
-printusage $WORK/unreachable.txt
-keep class dev.meshguard.bootstrap.MeshguardAgent { public static *; }
-keep class dev.meshguard.agent.AgentStarter { public static void start(...); }
-keep class dev.meshguard.cli.Main { public static int run(...); }
-keep class * implements dev.meshguard.hooks.ServerInstrumentation { public <init>(); public *; }
-keep class dev.meshguard.hooks.**\$*Advice { *; }
-keep class * implements dev.meshguard.bootstrap.ServerAdapter { public <init>(); public *; }
-keep class dev.meshguard.bootstrap.** { public *; }
-keepclassmembers enum * { public static **[] values(); public static ** valueOf(java.lang.String); }
RULES
java -cp "$WORK/tool/*" proguard.ProGuard @"$WORK/rules.pro" > "$WORK/proguard.log" 2>&1 || { cat "$WORK/proguard.log"; exit 1; }
# Compile-time constants (inlined by javac), private constructors of static-only classes and serial numbers are
# unreachable by design; everything else listed is code nothing runs.
grep -E '^dev\.meshguard|^    ' "$WORK/unreachable.txt" | awk '/^dev\.meshguard/ {cls=$0; next} {print cls " " $0}' \
    | sed 's/:$//' | grep -vE ' static final [a-zA-Z.]+ [A-Z_]+$|private [A-Za-z$]+\(\)$|serialVersionUID' || true
