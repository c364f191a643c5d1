#!/usr/bin/env bash
# FFmpeg fusion benchmark: one fused mediaflow job against one FFmpeg run per operation and
# against the same work written by hand as one FFmpeg command. See docs/benchmarks.md.
#
#   benchmarks/run-fusion.sh [ROUNDS]        (default 10 measured rounds per job, after WARMUP=1)
#
# Input: a 20 s 1280x720 30 fps h264 + aac clip. Chain: trim (start 2 s, 15 s) -> scale (854 x -2)
# -> fps (24). Every video encode is h264 crf 23 yuv420p with the x264 preset PRESET (default
# veryfast, mediaflow's default; PRESET=medium is x264's own default), every audio encode aac 128k,
# in all variants.
#
# Primary job, "deliverables": the 3 outputs are what the end of the chain is wanted for: the
#   final clip (final.mp4), a poster (poster.png, its first frame) and its sound (audio.m4a).
# Secondary job, "all intermediates": the 3 outputs are the result of every step (trimmed.mp4,
#   scaled.mp4, fps24.mp4), each encoded.
#
# Variants, per job:
#   (a) warm  mediaflow embedded: Planner + LocalJobRunner in one warm JVM (FusionHarness), the
#             way a host application uses the library; split into prepare (read, validate, probe,
#             plan, verify) and run (the FFmpeg invocation + renames into place)
#   (a) cli   java -jar samples/target/mediaflow.jar run spec.json --overwrite --json
#             (a fresh JVM every time: start-up included)
#   (b)       one ffmpeg run per operation, each encoding its result for the next run to read
#             (3 runs; the last one writes the job's outputs)
#   (c)       the job written by hand as one ffmpeg command: one filter_complex, all outputs
# All four run in every round, interleaved, in an order rotated each round, timed with
# System.nanoTime() by FusionHarness. Reported: medians and the medians of per-round ratios.
# Raw rounds: benchmarks/target/fusion-PRESET/harness-primary.txt and harness-secondary.txt.
# Then, since wall times on a shared machine swing with other load, CPU time (user + sys,
# children included, bash's `time`) of (a) cli, of ffmpeg run with (a)'s planned arguments,
# of (b) and of (c): CPU_ROUNDS (default 3) rounds per job, in cpu-primary.txt, cpu-secondary.txt.
# PHASES=wall or PHASES=cpu runs one phase only (default: both); JOBS=primary one job only.
# Everything of one preset goes to benchmarks/target/fusion-PRESET/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ROUNDS=${1:-10}
WARMUP=${WARMUP:-1}
PHASES=${PHASES:-wall,cpu}
JOBS=${JOBS:-primary secondary}
JAR=$ROOT/samples/target/mediaflow.jar
BENCH_JAR=$ROOT/benchmarks/target/benchmarks.jar
PRESET=${PRESET:-veryfast}
[[ $PRESET =~ ^[a-z]+$ ]] || { echo "PRESET must be an x264 preset name such as veryfast or medium" >&2; exit 2; }
WORK=$ROOT/benchmarks/target/fusion-$PRESET
FFMPEG=${FFMPEG:-ffmpeg}

# (i) build when a jar is missing or older than any main source or pom
stale() {
  [[ ! -f $JAR || ! -f $BENCH_JAR ]] && return 0
  [[ -n $(find mediaflow-*/src/main samples/src/main benchmarks/src/main -newer "$JAR" \
    -type f -print -quit) ]] && return 0
  [[ -n $(find benchmarks/src/main -newer "$BENCH_JAR" -type f -print -quit) ]] && return 0
  [[ -n $(find . -name pom.xml -not -path '*/target/*' -newer "$JAR" -print -quit) ]]
}
if stale; then
  echo "== building samples and benchmarks"
  mvn -q -pl samples,benchmarks -am package -DskipTests -Dspotless.check.skip=true
fi

mkdir -p "$WORK"
cd "$WORK"
rm -rf p s
mkdir -p p/a p/cli p/b p/c s/a s/cli s/b s/c

# (ii) the input
if [[ ! -f input.mp4 ]]; then
  echo "== generating input.mp4 (20 s, 1280x720, 30 fps, h264 + aac)"
  "$FFMPEG" -hide_banner -loglevel error -nostdin -y \
    -f lavfi -i testsrc2=size=1280x720:rate=30 \
    -f lavfi -i sine=frequency=440:sample_rate=48000 \
    -t 20 -ac 2 -c:v libx264 -preset veryfast -crf 23 -pix_fmt yuv420p \
    -c:a aac -b:a 128k -movflags +faststart input.mp4
fi

CODEC='{ "video": "h264", "audio": "aac", "crf": 23, "preset": "'$PRESET'", "audioBitrate": "128k" }'
AUDIO='{ "audio": "aac", "audioBitrate": "128k" }'
OPS='[
    { "op": "trim",  "input": "main",    "output": "trimmed", "params": { "start": "2s", "duration": "15s" } },
    { "op": "scale", "input": "trimmed", "output": "scaled",  "params": { "width": 854, "height": -2 } },
    { "op": "fps",   "input": "scaled",  "output": "fps24",   "params": { "fps": 24 } }
  ]'
primary_spec() { # folder for the outputs
  cat <<JSON
{
  "version": 1,
  "inputs": [{ "id": "main", "source": "file:input.mp4" }],
  "operations": $OPS,
  "outputs": [
    { "id": "fps24", "destination": "file:$1/final.mp4",  "overwrite": true, "codec": $CODEC },
    { "id": "fps24", "destination": "file:$1/poster.png", "overwrite": true },
    { "id": "fps24", "destination": "file:$1/audio.m4a",  "overwrite": true, "codec": $AUDIO }
  ]
}
JSON
}
secondary_spec() {
  cat <<JSON
{
  "version": 1,
  "inputs": [{ "id": "main", "source": "file:input.mp4" }],
  "operations": $OPS,
  "outputs": [
    { "id": "trimmed", "destination": "file:$1/trimmed.mp4", "overwrite": true, "codec": $CODEC },
    { "id": "scaled",  "destination": "file:$1/scaled.mp4",  "overwrite": true, "codec": $CODEC },
    { "id": "fps24",   "destination": "file:$1/fps24.mp4",   "overwrite": true, "codec": $CODEC }
  ]
}
JSON
}
primary_spec p/a >primary-embedded.json
primary_spec p/cli >primary-cli.json
secondary_spec s/a >secondary-embedded.json
secondary_spec s/cli >secondary-cli.json

FF="$FFMPEG -hide_banner -loglevel error -nostdin -y"
ENC="-c:v libx264 -crf 23 -preset $PRESET -pix_fmt yuv420p -c:a aac -b:a 128k"
TRIM_V='trim=start=2:duration=15,setpts=PTS-STARTPTS'
TRIM_A='atrim=start=2:duration=15,asetpts=PTS-STARTPTS'
# mediaflow moves the MP4 index to the front of every mp4/m4a it writes (+faststart); the
# hand-written deliverables do the same, so that (a) and (c) write the same bytes
FAST='-movflags +faststart'

# (b) one run per operation; trim with the same trim/atrim filters as (a) and (c), not -ss
cat >b-primary.sh <<SH
set -e
$FF -i input.mp4 -vf '$TRIM_V' -af '$TRIM_A' $ENC p/b/trimmed.mp4
$FF -i p/b/trimmed.mp4 -vf 'scale=854:-2' $ENC p/b/scaled.mp4
$FF -i p/b/scaled.mp4 -filter_complex '[0:v]fps=24,split=2[v][p]' \\
  -map '[v]' -map 0:a $ENC $FAST p/b/final.mp4 \\
  -map '[p]' -frames:v 1 -update 1 p/b/poster.png \\
  -map 0:a -c:a aac -b:a 128k $FAST p/b/audio.m4a
SH
cat >b-secondary.sh <<SH
set -e
$FF -i input.mp4 -vf '$TRIM_V' -af '$TRIM_A' $ENC $FAST s/b/trimmed.mp4
$FF -i s/b/trimmed.mp4 -vf 'scale=854:-2' $ENC $FAST s/b/scaled.mp4
$FF -i s/b/scaled.mp4 -vf 'fps=24' $ENC $FAST s/b/fps24.mp4
SH
# (c) by hand: decode once, one filter graph, every output from it
cat >c-primary.sh <<SH
exec $FF -i input.mp4 -filter_complex \\
  '[0:v]$TRIM_V,scale=854:-2,fps=24,split=2[v][p];[0:a]$TRIM_A,asplit=2[a1][a2]' \\
  -map '[v]' -map '[a1]' $ENC $FAST p/c/final.mp4 \\
  -map '[p]' -frames:v 1 -update 1 p/c/poster.png \\
  -map '[a2]' -c:a aac -b:a 128k $FAST p/c/audio.m4a
SH
cat >c-secondary.sh <<SH
exec $FF -i input.mp4 -filter_complex \\
  '[0:v]$TRIM_V,split=2[t][t2];[t2]scale=854:-2,split=2[s][s2];[s2]fps=24[f];[0:a]$TRIM_A,asplit=3[a1][a2][a3]' \\
  -map '[t]' -map '[a1]' $ENC $FAST s/c/trimmed.mp4 \\
  -map '[s]' -map '[a2]' $ENC $FAST s/c/scaled.mp4 \\
  -map '[f]' -map '[a3]' $ENC $FAST s/c/fps24.mp4
SH

# (a)'s plans, for comparing its FFmpeg arguments with (c)
java -jar "$JAR" plan primary-cli.json >plan-primary.json
java -jar "$JAR" plan secondary-cli.json >plan-secondary.json

field() { grep -v '^warmup' "$2" | sed -n "s/.* $1=\([0-9.]*\).*/\1/p"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratios() { paste -d' ' <(field "$1" "$3") <(field "$2" "$3") | awk '{ printf "%.4f\n", $1 / $2 }'; }

if [[ $PHASES == *wall* ]]; then
harness() { # job
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$BENCH_JAR" \
    io.mediaflow.benchmarks.FusionHarness "$1-embedded.json" "$ROUNDS" "$WARMUP" -- \
    cli java -jar "$JAR" run "$1-cli.json" --overwrite --json ';;' \
    b bash "b-$1.sh" ';;' \
    c bash "c-$1.sh" | tee "harness-$1.txt"
}
echo "== $(date -u '+%F %T UTC'), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for job in $JOBS; do
  echo "== $job job: $WARMUP warm-up + $ROUNDS measured rounds of (a) warm, (a) cli, (b), (c)"
  harness $job
done
echo "== done $(date -u '+%F %T UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"

# --- summary
row() { printf '| %-62s | %9s |\n' "$1" "$2"; }
verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { ok = (op == ">=") ? v >= t : v <= t; print ok ? "MET" : "MISSED" }'; }
for job in $JOBS; do
  f=harness-$job.txt
  echo
  echo "== $job job: medians of $ROUNDS interleaved rounds (seconds)"
  row "variant" "median s"
  row "(a) warm: prepare (read + validate + probe + plan + verify)" "$(field prepare $f | median)"
  row "(a) warm: run (LocalJobRunner: ffmpeg + renames)" "$(field run $f | median)"
  row "(a) warm: total" "$(field total $f | median)"
  row "(a) cli: mediaflow.jar run (JVM start-up included)" "$(field cli $f | median)"
  row "(b) one ffmpeg run per operation (3 runs)" "$(field b $f | median)"
  row "(c) one hand-written ffmpeg command" "$(field c $f | median)"
  row "load average (1 min), median" "$(field load $f | median)"
  echo
  row "ratio (median of per-round ratios)" "value"
  bw=$(ratios b total $f | median)
  bc=$(ratios b cli $f | median)
  wc=$(ratios total c $f | median)
  cc=$(ratios cli c $f | median)
  row "b / a warm   (target >= 2.5)" "$bw  $(verdict "$bw" 2.5 '>=')"
  row "b / a cli    (target >= 2.5)" "$bc  $(verdict "$bc" 2.5 '>=')"
  row "a warm / c   (target <= 1.05)" "$wc  $(verdict "$wc" 1.05 '<=')"
  row "a cli / c    (target <= 1.05)" "$cc  $(verdict "$cc" 1.05 '<=')"
  row "a warm run / c" "$(ratios run c $f | median)"
  row "b / c" "$(ratios b c $f | median)"
done

echo
echo "== outputs of (a) warm, (a) cli and (c): bytes, frames; cmp of (a) warm against (c)"
count() { ffprobe -v error -count_packets -show_entries stream=codec_type,nb_read_packets -of csv=p=0 "$1" | tr '\n' ' '; }
for f in p/a/final.mp4 p/a/poster.png p/a/audio.m4a s/a/trimmed.mp4 s/a/scaled.mp4 s/a/fps24.mp4; do
  [[ -f $f ]] || continue
  c=${f/\/a\//\/c\/}
  cli=${f/\/a\//\/cli\/}
  printf '%-18s a=%s bytes (%s) cli=%s bytes  c=%s bytes (%s) %s\n' "$f" \
    "$(stat -c %s "$f")" "$(count "$f")" "$(stat -c %s "$cli")" "$(stat -c %s "$c")" "$(count "$c")" \
    "$(cmp -s "$f" "$c" && echo identical || echo differ)"
done
fi

if [[ $PHASES == *cpu* ]]; then
# --- CPU time (user + sys, children included): less sensitive to other load than wall time
CPU_ROUNDS=${CPU_ROUNDS:-3}
cputime() { # command...: prints user+sys seconds of it and its children
  local TIMEFORMAT='%U %S'
  { time "$@" >/dev/null 2>&1; } 2>&1 | awk '{ printf "%.2f", $1 + $2 }'
}
plan_args() { # plan.json: (a)'s ffmpeg arguments, NUL-separated
  python3 -c 'import json, sys
for inv in json.load(open(sys.argv[1]))["invocations"]:
    sys.stdout.write("\0".join(inv["args"]) + "\0")' "$1"
}
echo
echo "== CPU time (user + sys, s), $CPU_ROUNDS rounds per job; a_ffmpeg = ffmpeg with (a)'s planned arguments"
for job in $JOBS; do
  mapfile -d '' A_ARGS < <(plan_args "plan-$job.json")
  : >"cpu-$job.txt"
  for ((i = 0; i < CPU_ROUNDS; i++)); do
    echo "cpu round $i cli=$(cputime java -jar "$JAR" run "$job-cli.json" --overwrite --json)" \
      "a_ffmpeg=$(cputime "$FFMPEG" "${A_ARGS[@]}")" \
      "b=$(cputime bash "b-$job.sh") c=$(cputime bash "c-$job.sh")" \
      "load=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "cpu-$job.txt"
  done
  echo "$job medians: cli=$(field cli "cpu-$job.txt" | median) a_ffmpeg=$(field a_ffmpeg "cpu-$job.txt" | median)" \
    "b=$(field b "cpu-$job.txt" | median) c=$(field c "cpu-$job.txt" | median);" \
    "b/cli=$(ratios b cli "cpu-$job.txt" | median) b/a_ffmpeg=$(ratios b a_ffmpeg "cpu-$job.txt" | median)" \
    "a_ffmpeg/c=$(ratios a_ffmpeg c "cpu-$job.txt" | median) cli/c=$(ratios cli c "cpu-$job.txt" | median)"
done
fi

echo
echo "raw rounds: $WORK/harness-*.txt, $WORK/cpu-*.txt; plans: $WORK/plan-*.json"
