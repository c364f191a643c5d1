package io.mediaflow.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.testkit.Leftovers;
import io.mediaflow.testkit.MediaFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole job run through the real planner and {@code LocalJobRunner} with real FFmpeg, stopped
 * while it encodes, as {@code mediaflow run} is on Ctrl-C: no FFmpeg process and no file (neither
 * the destination nor its temp file) may be left once {@code run} returns.
 */
class StoppedLocalRunTest {

  private static final FfmpegBackend BACKEND = FfmpegBackend.ofDefaults();
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir Path dir;

  @BeforeAll
  static void ffmpeg() {
    MediaFixtures.requireFfmpeg();
  }

  @Test
  void cancelling_a_local_run_stops_ffmpeg_and_leaves_no_file() throws Exception {
    Path clip = MediaFixtures.clip720p(10);
    Path out = dir.resolve("out");
    JobSpec spec =
        JobSpec.builder()
            .input("main", "file:" + clip)
            .output("main", "file:" + out.resolve("slow.mp4"))
            .codec(CodecSpec.builder().video("h264").preset("veryslow").build())
            .build();
    Engine engine = new Engine(BACKEND);
    ProcessingPlan plan = engine.plan(spec, Map.of("main", BACKEND.probe(clip)));
    AtomicBoolean cancel = new AtomicBoolean();

    CompletableFuture<Void> run = CompletableFuture.runAsync(() -> engine.run(plan, cancel::get));
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (Leftovers.ffmpegProcesses().isEmpty() || Leftovers.filesIn(out).isEmpty()) {
      assertThat(run).as("the run ended before it could be cancelled").isNotDone();
      assertThat(System.nanoTime() - deadline).as("ffmpeg never started writing").isNegative();
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    cancel.set(true);

    assertThatThrownBy(() -> run.get(DEADLINE.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(MediaFlowException.class)
        .satisfies(e -> assertThat(((MediaFlowException) e).code()).isEqualTo(ErrorCode.CANCELLED));
    assertThat(Leftovers.ffmpegProcesses()).isEmpty();
    assertThat(Leftovers.filesIn(out)).isEmpty();
  }
}
