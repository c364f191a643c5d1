package io.mediaflow.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.Estimate;
import io.mediaflow.api.plan.GraphFilter;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.InvocationInput;
import io.mediaflow.api.plan.InvocationOutput;
import io.mediaflow.api.plan.OutputStream;
import io.mediaflow.api.plan.PlanNode;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.testkit.MediaFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first use of a backend: ffmpeg's checks ({@code -version}, {@code -encoders}, {@code
 * -filters}) and the first ffprobe run at the same time, and fail as they did one by one.
 *
 * <p>The programs are wrappers around the real ones that log "start LABEL NANOS" and "end LABEL
 * NANOS" around a pause and the real run; LABEL is ffmpeg's last argument, or "ffprobe". The
 * assertions compare those logged times with each other, never with a limit.
 */
class FfmpegBackendStartupTest {

  @TempDir Path dir;

  @BeforeAll
  static void ffmpeg() {
    MediaFixtures.requireFfmpeg();
  }

  @Test
  void the_checks_and_the_first_probe_run_at_the_same_time() throws Exception {
    FfmpegBackend backend = backend(0.5);

    MediaInfo info = backend.probe(MediaFixtures.smallClip());
    List<Run> afterProbe = runs();
    assertThat(backend.verify(plan("scale", "h264"))).isEmpty();
    backend.probe(MediaFixtures.smallClip());

    assertThat(info.hasVideo()).isTrue();
    Run version = only("-version");
    assertThat(only("-encoders").start()).isLessThan(version.end());
    assertThat(only("-filters").start()).isLessThan(version.end());
    assertThat(runs("ffprobe").get(0).start()).isLessThan(version.end());
    // no check was still running when the probe returned, though the probe needed none of them
    assertThat(afterProbe).extracting(Run::label).contains("-version", "-encoders", "-filters");
    assertThat(afterProbe).allSatisfy(run -> assertThat(run.end()).isPositive());
    assertThat(runs("ffprobe")).hasSize(2);
  }

  @Test
  void the_installed_capabilities_are_read_through_the_concurrent_queries() throws Exception {
    FfmpegBackend backend = backend(0);

    assertThat(backend.verify(plan("nosuchfilter", "h264")))
        .singleElement()
        .satisfies(v -> assertThat(v.code()).isEqualTo(ErrorCode.FILTER_NOT_FOUND));
    assertThat(backend.verify(plan("scale", "h264"))).isEmpty();
    assertThat(backend.version()).matches("\\d+\\.\\d+.*");
    assertThat(backend.toString()).contains(backend.version());
  }

  @Test
  void a_too_old_ffmpeg_fails_every_call_and_each_call_checks_again() throws Exception {
    FfmpegBackend backend = backend(0);
    Files.createFile(dir.resolve("too-old"));

    assertTooOld(() -> backend.probe(MediaFixtures.smallClip()));
    assertTooOld(() -> backend.verify(plan("scale", "h264")));
    assertTooOld(() -> backend.probe(dir.resolve("missing.mp4"))); // not INPUT_NOT_FOUND: as before
    assertTooOld(backend::version);
    assertTooOld(backend::ffmpegPath);
    assertThat(backend.toString()).contains("not located yet");
    Files.delete(dir.resolve("too-old")); // FFmpeg upgraded while the host runs

    assertThat(backend.probe(MediaFixtures.smallClip()).hasVideo()).isTrue();
    assertThat(backend.verify(plan("scale", "h264"))).isEmpty();
    assertThat(backend.version()).matches("\\d+\\.\\d+.*");
    assertThat(runs("-version")).hasSize(6); // five failed calls, then one check for good
    assertThat(runs("-encoders")).hasSize(6);
  }

  @Test
  void a_failing_capability_query_fails_verify_only_and_is_queried_again() throws Exception {
    FfmpegBackend backend = backend(0);
    Files.createFile(dir.resolve("no-encoders"));

    assertThat(backend.probe(MediaFixtures.smallClip()).hasVideo()).isTrue();
    assertThatThrownBy(() -> backend.verify(plan("scale", "h264")))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.BINARY_NOT_FOUND))
        .hasMessageContaining("-encoders failed (exit 1)")
        .hasMessageContaining("Unrecognized option");
    Files.delete(dir.resolve("no-encoders"));

    assertThat(backend.verify(plan("scale", "h264"))).isEmpty();
    assertThat(runs("-version")).hasSize(1);
    assertThat(runs("-encoders")).hasSize(2);
    assertThat(runs("-filters")).hasSize(2);
  }

  @Test
  void concurrent_first_calls_share_one_set_of_checks() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 5; round++) {
        Files.deleteIfExists(dir.resolve("log"));
        FfmpegBackend backend = backend(0.2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          int n = i;
          calls.add(
              pool.submit(
                  () -> {
                    go.await();
                    return switch (n % 3) {
                      case 0 -> backend.probe(MediaFixtures.smallClip());
                      case 1 -> backend.verify(plan("scale", "h264"));
                      default -> backend.version();
                    };
                  }));
        }
        go.countDown();
        for (Future<Object> call : calls) {
          assertThat(call.get(60, TimeUnit.SECONDS)).isNotNull();
        }

        assertThat(runs("-version")).hasSize(1);
        assertThat(runs("-encoders")).hasSize(1);
        assertThat(runs("-filters")).hasSize(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void probes_sharing_one_failed_check_each_get_their_own_exception() throws Exception {
    FfmpegBackend backend = backend(0.2);
    Files.createFile(dir.resolve("too-old"));
    Map<String, Path> files = new LinkedHashMap<>();
    files.put("clip", MediaFixtures.smallClip());
    files.put("audio", MediaFixtures.audioOnly());
    files.put("still", MediaFixtures.stillImage());

    // the prober adds the later failures to the first as suppressed: they must be distinct
    assertThatThrownBy(() -> Engine.probeAll(backend, files, 3))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.BINARY_NOT_FOUND);
              assertThat(e.getSuppressed()).hasSize(2);
            })
        .hasMessageContaining("is FFmpeg 4.4.2");
  }

  @Test
  void an_interrupted_wait_is_cancelled_and_leaves_the_checks_to_finish() throws Exception {
    FfmpegBackend backend = backend(0.3);

    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(backend::version)
          .isInstanceOfSatisfying(
              MediaFlowException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }

    assertThat(backend.version()).matches("\\d+\\.\\d+.*");
    assertThat(runs("-version")).hasSize(1);
  }

  // ---- helpers

  private static void assertTooOld(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.BINARY_NOT_FOUND);
              assertThat(e.suggestion()).contains("apt-get install -y ffmpeg");
            })
        .hasMessageContaining("is FFmpeg 4.4.2-0ubuntu0.22.04.1 but mediaflow needs 5.1 or newer");
  }

  /** A backend on logging wrappers that pause {@code seconds} before each run. */
  private FfmpegBackend backend(double seconds) throws Exception {
    Path ffmpeg =
        wrapper(
            "ffmpeg",
            "\"${!#}\"",
            seconds,
            """
            if [ -e "$DIR/too-old" ] && [ "$label" = -version ]; then
              echo "ffmpeg version 4.4.2-0ubuntu0.22.04.1 Copyright (c) 2000-2021"
            elif [ -e "$DIR/no-encoders" ] && [ "$label" = -encoders ]; then
              echo "Unrecognized option 'encoders'." >&2
              status=1
            else
              "$REAL" "$@" || status=$?
            fi
            """,
            MediaFixtures.ffmpeg().orElseThrow());
    Path ffprobe =
        wrapper(
            "ffprobe",
            "ffprobe",
            seconds,
            "\"$REAL\" \"$@\" || status=$?\n",
            MediaFixtures.ffprobe().orElseThrow());
    return FfmpegBackend.builder().ffmpeg(ffmpeg).ffprobe(ffprobe).build();
  }

  private Path wrapper(String name, String label, double seconds, String body, Path real)
      throws Exception {
    Path script = dir.resolve(name);
    Files.writeString(
        script,
        "#!/bin/bash\n"
            + ("DIR='" + dir + "'\n")
            + ("REAL='" + real + "'\n")
            + ("label=" + label + "\n")
            + "status=0\n"
            + "echo \"start $label $(date +%s%N)\" >>\"$DIR/log\"\n"
            + ("sleep " + seconds + "\n")
            + body
            + "echo \"end $label $(date +%s%N)\" >>\"$DIR/log\"\n"
            + "exit $status\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  /** One program run: when it started and ended (0 while it runs), in nanoseconds. */
  private record Run(String label, long start, long end) {}

  /** Every run logged so far, in the order they started. */
  private List<Run> runs() throws Exception {
    Path log = dir.resolve("log");
    List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
    List<Run> runs = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.split(" ");
      if (f[0].equals("start")) {
        runs.add(new Run(f[1], Long.parseLong(f[2]), 0));
      } else {
        // a run ends the oldest unfinished run with its label
        for (int i = 0; i < runs.size(); i++) {
          Run r = runs.get(i);
          if (r.label().equals(f[1]) && r.end() == 0) {
            runs.set(i, new Run(r.label(), r.start(), Long.parseLong(f[2])));
            break;
          }
        }
      }
    }
    return runs;
  }

  private List<Run> runs(String label) throws Exception {
    return runs().stream().filter(r -> r.label().equals(label)).toList();
  }

  private Run only(String label) throws Exception {
    List<Run> runs = runs(label);
    assertThat(runs).as("runs of " + label).hasSize(1);
    return runs.get(0);
  }

  /** main → operations[0] "cut" (the filter) → outputs[0] in {@code videoCodec}. */
  private ProcessingPlan plan(String filter, String videoCodec) {
    MediaInfo none = MediaInfo.of(MediaDuration.ZERO, List.of(), List.of());
    InvocationOutput out =
        new InvocationOutput(
            "outputs[0]",
            "cut",
            dir.resolve("o.mp4").toString(),
            "mp4",
            false,
            List.of(new OutputStream(StreamType.VIDEO, "s", videoCodec, true)),
            CodecSpec.DEFAULT,
            Map.of(),
            true);
    Invocation inv =
        new Invocation(
            "inv0",
            List.of(new InvocationInput(0, "main", MediaFixtures.smallClip().toString())),
            List.of(new GraphFilter(filter, List.of(), List.of("0:v:0"), List.of("s"), "cut")),
            List.of(out),
            MediaDuration.ofSeconds(2),
            Estimate.ZERO,
            List.of("cut"));
    return new ProcessingPlan(
        List.of(
            new PlanNode("main", PlanNode.Kind.INPUT, "", "inputs[0]", 0, none, Estimate.ZERO),
            new PlanNode(
                "cut", PlanNode.Kind.OPERATION, filter, "operations[0]", 1, none, Estimate.ZERO)),
        List.of(),
        List.of(),
        List.of(inv),
        Estimate.ZERO,
        MediaDuration.ZERO);
  }
}
