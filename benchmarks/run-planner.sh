#!/usr/bin/env bash
# Builds the benchmarks jar and runs the planner benchmark (validate + plan of 10, 1,000 and
# 10,000 operations). Results: benchmarks/target/planner.json and the table printed at the end.
# Extra arguments go to JMH, e.g. `-p operators=ffmpeg` or `-prof stack`.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -q -pl benchmarks -am package -DskipTests -Dspotless.check.skip=true

java -jar benchmarks/target/benchmarks.jar PlannerBenchmark \
  -rf json -rff benchmarks/target/planner.json "$@" | tee benchmarks/target/planner.txt

echo
echo "== Planner: validate + plan (avg time, us/op) =="
sed -n '/^Benchmark /,$p' benchmarks/target/planner.txt
