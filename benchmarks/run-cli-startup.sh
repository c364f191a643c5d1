#!/usr/bin/env bash
# Start-up cost of the mediaflow command line: `java -jar mediaflow.jar run spec.json --overwrite`
# on a 1 s 320x240 clip, where the FFmpeg run itself is ~0.1 s and the rest is the JVM, picocli,
# Jackson, validation and the FFmpeg checks (-version, -encoders, -filters, ffprobe).
#
#   benchmarks/run-cli-startup.sh [ROUNDS]          (default 10 measured rounds, after 1 warm-up)
#   BEFORE=/tmp/mediaflow-before.jar benchmarks/run-cli-startup.sh
#
# Each round runs every jar once (samples/target/mediaflow.jar, plus BEFORE when given), in an
# order rotated each round, timed with /usr/bin/time -f "%e %U %S". Reported per jar: the median
# wall time and the median CPU time (user + sys, children included) over the rounds.
# Raw rounds: benchmarks/target/cli-startup/rounds.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ROUNDS=${1:-10}
WARMUP=${WARMUP:-1}
JAR=$ROOT/samples/target/mediaflow.jar
BEFORE=${BEFORE:-}
WORK=$ROOT/benchmarks/target/cli-startup
FFMPEG=${FFMPEG:-ffmpeg}

if [[ ! -f $JAR ]]; then
  echo "== building $JAR"
  mvn -q -o -pl samples -am package -DskipTests -Dspotless.check.skip=true
fi
if [[ -n $BEFORE && ! -f $BEFORE ]]; then
  echo "BEFORE=$BEFORE does not exist" >&2
  exit 2
fi

mkdir -p "$WORK"
cd "$WORK"
if [[ ! -f clip.mp4 ]]; then
  echo "== generating clip.mp4 (1 s, 320x240, 25 fps, h264 + aac)"
  "$FFMPEG" -hide_banner -loglevel error -nostdin -y \
    -f lavfi -i testsrc2=size=320x240:rate=25 \
    -f lavfi -i sine=frequency=440:sample_rate=48000 \
    -t 1 -ac 2 -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac clip.mp4
fi
cat >spec.json <<'JSON'
{
  "version": 1,
  "inputs": [{ "id": "main", "source": "file:clip.mp4" }],
  "operations": [
    { "op": "scale", "input": "main", "output": "small", "params": { "width": 160, "height": -2 } }
  ],
  "outputs": [{ "id": "small", "destination": "file:out/small.mp4" }]
}
JSON
mkdir -p out

declare -a NAMES=(after)
declare -A JARS=([after]=$JAR)
if [[ -n $BEFORE ]]; then
  NAMES=(before after)
  JARS[before]=$BEFORE
fi

once() { # name round-label
  local wall user sys
  if ! /usr/bin/time -o "time-$1.txt" -f "%e %U %S" java -jar "${JARS[$1]}" run spec.json \
    --overwrite >/dev/null 2>"err-$1.txt" || [[ ! -f out/small.mp4 ]]; then
    echo "run of $1 failed:" >&2
    cat "err-$1.txt" >&2
    exit 1
  fi
  rm -f out/small.mp4
  read -r wall user sys <"time-$1.txt"
  echo "$2 $1 wall=$wall cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
}

echo "== $(date -u '+%F %T UTC'), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== $WARMUP warm-up + $ROUNDS measured rounds of: ${NAMES[*]}"
: >rounds.txt
for ((r = 0; r < WARMUP + ROUNDS; r++)); do
  label=round
  ((r < WARMUP)) && label=warmup
  n=${#NAMES[@]}
  for ((i = 0; i < n; i++)); do
    once "${NAMES[$(((i + r) % n))]}" "$label" | tee -a rounds.txt
  done
done

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
field() { grep "^round $1 " rounds.txt | sed -n "s/.* $2=\([0-9.]*\).*/\1/p"; }
echo
printf '| %-8s | %13s | %12s |\n' jar "median wall s" "median CPU s"
for name in "${NAMES[@]}"; do
  printf '| %-8s | %13s | %12s |\n' "$name" "$(field "$name" wall | median)" \
    "$(field "$name" cpu | median)"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); raw rounds: $WORK/rounds.txt"
