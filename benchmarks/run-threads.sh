#!/usr/bin/env bash
# Thread-budget benchmark: JOBS (default 4) 1080p -> 720p transcodes at once on this machine, with
# FFmpeg's threads sized to each run's share of the CPU budget against FFmpeg's own defaults.
# See docs/benchmarks.md ("Thread budgets") and ThreadBudgetHarness.
#
#   benchmarks/run-threads.sh [ROUNDS]     (default 5 measured rounds after WARMUP=1)
#
# JOBS=4 CORES=$(nproc) DURATION=10 (seconds of input) may be set. The input is generated once:
# DURATION s of 1920x1080 30 fps testsrc2 + a sine, h264 veryfast crf 23 + aac.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ROUNDS=${1:-5}
WARMUP=${WARMUP:-1}
JOBS=${JOBS:-4}
CORES=${CORES:-$(nproc)}
DURATION=${DURATION:-10}
BENCH_JAR=$ROOT/benchmarks/target/benchmarks.jar
WORK=$ROOT/benchmarks/target/threads
if [[ ! -f $BENCH_JAR || -n $(find mediaflow-*/src/main benchmarks/src/main -newer "$BENCH_JAR" -type f -print -quit) ]]; then
  echo "== building benchmarks"
  mvn -q ${MVN_OFFLINE:+-o} -pl benchmarks -am package -DskipTests -Dspotless.check.skip=true -Dcpd.skip=true -Dmaven.javadoc.skip=true
fi
mkdir -p "$WORK"
INPUT=$WORK/input-1080p-$DURATION.mp4
if [[ ! -f $INPUT ]]; then
  echo "== generating $INPUT"
  ffmpeg -hide_banner -loglevel error -nostdin -y \
    -f lavfi -i testsrc2=size=1920x1080:rate=30 -f lavfi -i sine=frequency=440:sample_rate=48000 \
    -t "$DURATION" -ac 2 -c:v libx264 -preset veryfast -crf 23 -pix_fmt yuv420p -c:a aac "$INPUT"
fi
echo "== $(date -u '+%F %T UTC'), $(nproc) CPUs, $(ffmpeg -version | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$BENCH_JAR" \
  io.mediaflow.benchmarks.ThreadBudgetHarness "$INPUT" "$WORK/out" "$ROUNDS" "$WARMUP" "$JOBS" "$CORES" \
  | tee "$WORK/rounds.txt"
field() { grep -v '^warmup\|^#' "$WORK/rounds.txt" | sed -n "s/.* $1=\([0-9.]*\).*/\1/p"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { paste -d' ' <(field "$1") <(field "$2") | awk '{ printf "%.4f\n", $1 / $2 }' | median; }
echo "== medians of $ROUNDS rounds: wall budget=$(field budget | median)s defaults=$(field defaults | median)s," \
  "budget/defaults (median of per-round ratios) = $(ratio budget defaults) (target <= 1)"
echo "== CPU (user + sys of FFmpeg): budget=$(field budget_cpu | median)s defaults=$(field defaults_cpu | median)s," \
  "budget/defaults = $(ratio budget_cpu defaults_cpu)"
