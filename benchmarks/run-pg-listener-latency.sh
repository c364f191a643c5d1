#!/usr/bin/env bash
# notify -> listener latency of PgListener, two builds in one run: the one at BEFORE (a commit,
# default: where this branch left main; once merged, pass the commit before the change, e.g. the
# parent of "PostgresEventBus delivers through an injected local bus") and the working tree's. Prints p50 and p99 of the wake-up
# (JdbcStorage's work wake-ups) and of onNotify (PostgresEventBus) over ROUNDS x PER notifications
# each, interleaved. Needs PostgreSQL (MEDIAFLOW_PG_URL, as the tests) and the jars in ~/.m2.
# Usage: benchmarks/run-pg-listener-latency.sh [BEFORE] [ROUNDS] [PER]
set -euo pipefail
cd "$(dirname "$0")/.."

BEFORE=${1:-$(git merge-base HEAD main)}
ROUNDS=${2:-6}
PER=${3:-50}
URL=${MEDIAFLOW_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
M2=${M2_REPO:-$HOME/.m2/repository}
CP=$M2/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar:$M2/org/slf4j/slf4j-nop/2.0.17/slf4j-nop-2.0.17.jar:$M2/org/postgresql/postgresql/42.7.13/postgresql-42.7.13.jar
SRC=mediaflow-jdbc-store/src/main/java/io/mediaflow/jdbc/PgListener.java
OUT=benchmarks/target/pg-listener-latency
rm -rf "$OUT" && mkdir -p "$OUT/before-src/io/mediaflow/jdbc" "$OUT/before" "$OUT/after" "$OUT/main"

git show "$BEFORE:$SRC" > "$OUT/before-src/io/mediaflow/jdbc/PgListener.java"
javac -nowarn -d "$OUT/before" -cp "$CP" "$OUT/before-src/io/mediaflow/jdbc/PgListener.java" \
  benchmarks/pg-listener-latency/LatencyProbe.java
javac -nowarn -d "$OUT/after" -cp "$CP" "$SRC" benchmarks/pg-listener-latency/LatencyProbe.java
javac -nowarn -d "$OUT/main" -cp "$CP" benchmarks/pg-listener-latency/LatencyMain.java

echo "before: $(git log -1 --format='%h %s' "$BEFORE")"
echo "after:  working tree"
java -cp "$OUT/main:$CP" LatencyMain "$URL" "$ROUNDS" "$PER" \
  "$OUT/before" before "$OUT/after" after
