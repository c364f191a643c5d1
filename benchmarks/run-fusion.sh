#!/usr/bin/env bash
# FFmpeg fusion benchmark: one fused mediaflow job against one FFmpeg run per operation and
# against the same work written by hand as one FFmpeg command. See docs/benchmarks.md.
#
#   benchmarks/run-fusion.sh [ROUNDS]        (default 10; each round runs a, b and c once)
#
# Job: a 20 s 1280x720 30 fps h264 + aac clip; trim (start 2 s, 15 s) -> scale (854 x -2) ->
# fps (24), writing the trimmed, the scaled and the 24 fps clip, each h264 crf 23 veryfast + aac
# 128k.
#   (a) mediaflow:  java -jar samples/target/mediaflow.jar run spec.json --overwrite --json
#                   (JVM start-up included; the JSON's durationSeconds is the runner's time alone)
#   (b) per step:   3 ffmpeg runs, each encoding an intermediate file the next one reads
#   (c) by hand:    1 ffmpeg run, one filter_complex with split, 3 outputs
# Also, to show where fusion pays most, the same chain when only its last result is wanted:
#   (a1) mediaflow with the fps24 output alone, (c1) the one-line chain by hand; (b) is the same
#   3 runs, since run per operation must encode each intermediate anyway.
# Rounds are interleaved (a b c a1 c1 a b c a1 c1 ...). Then, in one warm JVM (FusionHarness), mediaflow's
# planner + runner and the command (c) are timed alternately, to separate the JVM's start-up.
# Times: date +%s%N around each command (wall clock, nanoseconds) and System.nanoTime() in the
# harness. Results: benchmarks/target/fusion/results.txt (raw) and the table printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ROUNDS=${1:-10}
HARNESS_ROUNDS=${HARNESS_ROUNDS:-$ROUNDS}
JAR=$ROOT/samples/target/mediaflow.jar
BENCH_JAR=$ROOT/benchmarks/target/benchmarks.jar
WORK=$ROOT/benchmarks/target/fusion
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

mkdir -p "$WORK"/a "$WORK"/b "$WORK"/c "$WORK"/harness
cd "$WORK"

# (ii) the input
if [[ ! -f input.mp4 ]]; then
  echo "== generating input.mp4 (20 s, 1280x720, 30 fps, h264 + aac)"
  "$FFMPEG" -hide_banner -loglevel error -nostdin -y \
    -f lavfi -i testsrc2=size=1280x720:rate=30 \
    -f lavfi -i sine=frequency=440:sample_rate=48000 \
    -t 20 -ac 2 -c:v libx264 -preset veryfast -crf 23 -pix_fmt yuv420p \
    -c:a aac -b:a 128k -movflags +faststart input.mp4
fi

write_spec() { # folder for the outputs
  cat <<EOF
{
  "version": 1,
  "inputs": [{ "id": "main", "source": "file:input.mp4" }],
  "operations": [
    { "op": "trim",  "input": "main",    "output": "trimmed", "params": { "start": "2s", "duration": "15s" } },
    { "op": "scale", "input": "trimmed", "output": "scaled",  "params": { "width": 854, "height": -2 } },
    { "op": "fps",   "input": "scaled",  "output": "fps24",   "params": { "fps": 24 } }
  ],
  "outputs": [
    { "id": "trimmed", "destination": "file:$1/trimmed.mp4", "overwrite": true, "codec": $CODEC },
    { "id": "scaled",  "destination": "file:$1/scaled.mp4",  "overwrite": true, "codec": $CODEC },
    { "id": "fps24",   "destination": "file:$1/fps24.mp4",   "overwrite": true, "codec": $CODEC }
  ]
}
EOF
}
CODEC='{ "video": "h264", "audio": "aac", "crf": 23, "preset": "veryfast", "audioBitrate": "128k" }'
write_spec a >spec.json
write_spec harness >harness.json
# the last result alone
sed -e '/"id": "trimmed", "destination"/d' -e '/"id": "scaled",  "destination"/d' \
  -e 's#file:a/#file:a1/#' spec.json >spec-final.json
mkdir -p a1 c1

ENC=(-c:v libx264 -crf 23 -preset veryfast -pix_fmt yuv420p -c:a aac -b:a 128k)
FF=("$FFMPEG" -hide_banner -loglevel error -nostdin -y)

run_a() {
  java -jar "$JAR" run spec.json --overwrite --json >a/result.json 2>a/stderr.txt
}
run_a1() {
  java -jar "$JAR" run spec-final.json --overwrite --json >a1/result.json 2>a1/stderr.txt
}
run_b() {
  "${FF[@]}" -i input.mp4 -vf 'trim=start=2:duration=15,setpts=PTS-STARTPTS' \
    -af 'atrim=start=2:duration=15,asetpts=PTS-STARTPTS' "${ENC[@]}" b/trimmed.mp4
  "${FF[@]}" -i b/trimmed.mp4 -vf 'scale=854:-2' "${ENC[@]}" b/scaled.mp4
  "${FF[@]}" -i b/scaled.mp4 -vf 'fps=24' "${ENC[@]}" b/fps24.mp4
}
# (c), written by hand: decode once, trim, split, scale, split, fps; the trimmed audio to all three
C_ARGS=(-i input.mp4 -filter_complex
  '[0:v]trim=start=2:duration=15,setpts=PTS-STARTPTS,split=2[t][t2];[t2]scale=854:-2,split=2[s][s2];[s2]fps=24[f];[0:a]atrim=start=2:duration=15,asetpts=PTS-STARTPTS,asplit=3[a1][a2][a3]'
  -map '[t]' -map '[a1]' "${ENC[@]}" c/trimmed.mp4
  -map '[s]' -map '[a2]' "${ENC[@]}" c/scaled.mp4
  -map '[f]' -map '[a3]' "${ENC[@]}" c/fps24.mp4)
run_c() {
  "${FF[@]}" "${C_ARGS[@]}"
}
run_c1() {
  "${FF[@]}" -i input.mp4 -filter_complex \
    '[0:v]trim=start=2:duration=15,setpts=PTS-STARTPTS,scale=854:-2,fps=24[v];[0:a]atrim=start=2:duration=15,asetpts=PTS-STARTPTS[a]' \
    -map '[v]' -map '[a]' "${ENC[@]}" c1/fps24.mp4
}

now() { date +%s%N; }
timed() { # name: prints seconds taken
  local start end
  start=$(now)
  "run_$1"
  end=$(now)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) / 1e9 }'
}

# one warm-up of each (page cache, JIT of nothing: every (a) is a fresh JVM anyway)
echo "== warm-up"
run_a && run_b && run_c && run_a1 && run_c1

echo "== $ROUNDS rounds, interleaved a b c a1 c1 (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
: >results.txt
for ((i = 1; i <= ROUNDS; i++)); do
  ta=$(timed a)
  ra=$(sed -n 's/.*"durationSeconds" *: *\([0-9.]*\).*/\1/p' a/result.json)
  tb=$(timed b)
  tc=$(timed c)
  ta1=$(timed a1)
  tc1=$(timed c1)
  echo "round $i a=$ta a_runner=$ra b=$tb c=$tc a1=$ta1 c1=$tc1 load=$(cut -d' ' -f1 /proc/loadavg)" |
    tee -a results.txt
done

echo "== $HARNESS_ROUNDS rounds in one warm JVM: planner+runner, then (c), alternately"
(cd "$WORK" && java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$BENCH_JAR" io.mediaflow.benchmarks.FusionHarness harness.json \
  "$HARNESS_ROUNDS" 2 -- "${FF[@]}" "${C_ARGS[@]}") | tee harness.txt

# plan of (a), for comparing its FFmpeg arguments with (c)
java -jar "$JAR" plan spec.json >plan.json

# --- summary
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" "$2"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratios() { paste -d' ' <(field "$1" "$3") <(field "$2" "$3") | awk '{ printf "%.4f\n", $1 / $2 }'; }

ma=$(field a results.txt | median)
mr=$(field a_runner results.txt | median)
mb=$(field b results.txt | median)
mc=$(field c results.txt | median)
rba=$(ratios b a results.txt | median)
rac=$(ratios a c results.txt | median)
rrc=$(ratios a_runner c results.txt | median)
ma1=$(field a1 results.txt | median)
mc1=$(field c1 results.txt | median)
rba1=$(ratios b a1 results.txt | median)
ra1c1=$(ratios a1 c1 results.txt | median)
grep -v '^warmup' harness.txt >harness-measured.txt
hp=$(field prepare harness-measured.txt | median)
hr=$(field run harness-measured.txt | median)
ht=$(field total harness-measured.txt | median)
hc=$(field command harness-measured.txt | median)
rtc=$(ratios total command harness-measured.txt | median)
rhc=$(ratios run command harness-measured.txt | median)

pct() { awk -v r="$1" 'BEGIN { printf "%+.1f %%", (r - 1) * 100 }'; }
echo
echo "== FFmpeg fusion: medians of $ROUNDS interleaved rounds (seconds)"
printf '| %-58s | %8s |\n' "variant" "median s"
printf '|%s|%s|\n' "$(printf -- '-%.0s' {1..60})" "$(printf -- '-%.0s' {1..9})":
printf '| %-58s | %8s |\n' "(a) mediaflow run, whole process (JVM start-up included)" "$ma"
printf '| %-58s | %8s |\n' "(a) its runner alone (durationSeconds: ffmpeg + renames)" "$mr"
printf '| %-58s | %8s |\n' "(b) one ffmpeg run per operation (3 runs)" "$mb"
printf '| %-58s | %8s |\n' "(c) one hand-written ffmpeg command" "$mc"
printf '| %-58s | %8s |\n' "(a1) mediaflow run, last result only" "$ma1"
printf '| %-58s | %8s |\n' "(c1) hand-written command, last result only" "$mc1"
echo
printf '| %-58s | %8s |\n' "ratio (median of per-round ratios)" "value"
printf '|%s|%s|\n' "$(printf -- '-%.0s' {1..60})" "$(printf -- '-%.0s' {1..9})":
printf '| %-58s | %8s |\n' "b / a  (target >= 2.5)" "$rba"
printf '| %-58s | %8s |\n' "a / c  (target <= 1.05)" "$rac"
printf '| %-58s | %8s |\n' "a runner / c" "$rrc"
printf '| %-58s | %8s |\n' "b / a1 (last result only)" "$rba1"
printf '| %-58s | %8s |\n' "a1 / c1 (last result only)" "$ra1c1"
echo
echo "== warm JVM (FusionHarness), medians of $HARNESS_ROUNDS alternating rounds (seconds)"
printf '| %-58s | %8s |\n' "step" "median s"
printf '|%s|%s|\n' "$(printf -- '-%.0s' {1..60})" "$(printf -- '-%.0s' {1..9})":
printf '| %-58s | %8s |\n' "read + validate + probe + plan + verify" "$hp"
printf '| %-58s | %8s |\n' "LocalJobRunner.run (ffmpeg + renames)" "$hr"
printf '| %-58s | %8s |\n' "total" "$ht"
printf '| %-58s | %8s |\n' "(c) in the same rounds" "$hc"
printf '| %-58s | %8s |\n' "total / (c)" "$rtc"
printf '| %-58s | %8s |\n' "run / (c)" "$rhc"
echo
verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { ok = (op == ">=") ? v >= t : v <= t; print ok ? "MET" : "MISSED" }'; }
echo "verdict: (a) vs (b): b/a = $rba -> $(verdict "$rba" 2.5 '>=') (target >= 2.5)"
echo "verdict: (a) vs (c): a/c = $rac ($(pct "$rac")) -> $(verdict "$rac" 1.05 '<=') (target <= 1.05)"
echo "         warm JVM:   total/c = $rtc ($(pct "$rtc")) -> $(verdict "$rtc" 1.05 '<=')"
echo "last result only:    b/a1 = $rba1 -> $(verdict "$rba1" 2.5 '>='); a1/c1 = $ra1c1 ($(pct "$ra1c1"))"
echo
echo "raw rounds: $WORK/results.txt, $WORK/harness.txt; (a)'s plan: $WORK/plan.json"
