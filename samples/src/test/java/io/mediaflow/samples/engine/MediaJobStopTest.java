package io.mediaflow.samples.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.JobHandle;
import io.mediaflow.JobResult;
import io.mediaflow.MediaFlow;
import io.mediaflow.Workspace;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.backend.ExecutionControl;
import io.mediaflow.api.backend.ExecutionResult;
import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.ffmpeg.FfmpegBackend;
import io.mediaflow.testkit.Leftovers;
import io.mediaflow.testkit.MediaFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Media jobs in the engine with the real FFmpeg backend, stopped the ways a host stops them: {@link
 * JobHandle#cancel()} and the job type's timeout. Neither may leave an FFmpeg process or a file
 * (destination or temp file) behind.
 */
class MediaJobStopTest {

  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir Path dir;
  private Path out;

  @BeforeAll
  static void ffmpeg() {
    MediaFixtures.requireFfmpeg();
  }

  @BeforeEach
  void input() throws IOException {
    Files.copy(
        MediaFixtures.clip720p(10), dir.resolve("in.mp4"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(
        MediaFixtures.smallClip(), dir.resolve("small.mp4"), StandardCopyOption.REPLACE_EXISTING);
    out = dir.resolve("out");
  }

  private MediaFlow.Builder engine() {
    return MediaFlow.builder().workers(1).workspace(Workspace.builder().baseDirectory(dir).build());
  }

  /** 10 s of 720p encoded with x264's veryslow preset: a run that goes on for a long time. */
  private static JobSpec slowJob() {
    return JobSpec.builder()
        .input("main", "in.mp4")
        .output("main", "out/slow.mp4")
        .codec(CodecSpec.builder().video("h264").preset("veryslow").build())
        .build();
  }

  @Test
  void cancelling_a_running_media_job_stops_ffmpeg_and_leaves_no_file() {
    try (MediaFlow flow = engine().build()) {
      flow.start();
      JobHandle job = flow.submit(slowJob());
      awaitTrue(
          () -> !Leftovers.ffmpegProcesses().isEmpty() && !Leftovers.filesIn(out).isEmpty(),
          () -> "ffmpeg to start writing; job " + job.status());

      assertThat(job.cancel()).isTrue();

      JobResult result = job.await(DEADLINE);
      assertThat(result.state()).isEqualTo(JobState.CANCELLED);
      // await returns once the handler here stopped: FFmpeg gone and temp files deleted already
      assertThat(Leftovers.ffmpegProcesses()).isEmpty();
      assertThat(Leftovers.filesIn(out)).isEmpty();
    }
    assertThat(Leftovers.ffmpegProcesses()).isEmpty();
    assertThat(Leftovers.filesIn(out)).isEmpty();
  }

  @Test
  void a_media_job_over_its_timeout_stops_ffmpeg_and_leaves_no_file() {
    try (MediaFlow flow =
        engine()
            .jobTimeout("media", Duration.ofSeconds(3))
            .retryPolicy("media", RetryPolicy.none())
            .build()) {
      flow.start();
      JobHandle job = flow.submit(slowJob());
      awaitTrue(
          () -> !Leftovers.ffmpegProcesses().isEmpty(),
          () -> "ffmpeg to start; job " + job.status());

      JobResult result = job.await(DEADLINE);

      assertThat(result.state()).isEqualTo(JobState.DEAD);
      assertThat(result.error().map(JobError::code)).contains(ErrorCode.TIMEOUT.code());
      assertThat(result.error().map(JobError::message).orElse("")).contains("timeout");
      assertThat(result.attempts()).isEqualTo(1);
      awaitTrue(
          () -> Leftovers.ffmpegProcesses().isEmpty() && Leftovers.filesIn(out).isEmpty(),
          () ->
              "ffmpeg "
                  + Leftovers.ffmpegProcesses()
                  + " and files "
                  + Leftovers.filesIn(out)
                  + " to be gone");
    }
    assertThat(Leftovers.ffmpegProcesses()).isEmpty();
    assertThat(Leftovers.filesIn(out)).isEmpty();
  }

  @Test
  void a_media_job_sweeps_a_killed_runs_temp_file_and_spares_a_live_runs() throws IOException {
    Files.createDirectories(out);
    // owner pid 2^31-1 exists nowhere: the run that wrote this file was killed
    Path killed = Files.writeString(out.resolve(tempName("a.mp4", 2_147_483_647L)), "partial");
    // owned by this JVM, like the temp file of another worker's job still encoding
    Path live =
        Files.writeString(out.resolve(tempName("b.mp4", ProcessHandle.current().pid())), "part");

    try (MediaFlow flow = engine().build()) {
      flow.start();
      JobResult result =
          flow.submit(
                  JobSpec.builder()
                      .input("main", "small.mp4")
                      .output("main", "out/small.mkv")
                      .build())
              .await(DEADLINE);
      assertThat(result.state()).as("%s", result.error()).isEqualTo(JobState.COMPLETED);
    }

    assertThat(killed).doesNotExist();
    assertThat(Leftovers.filesIn(out)).containsExactlyInAnyOrder(out.resolve("small.mkv"), live);
  }

  /**
   * A temp file name as a media job writes them, for another process or this one: the name a real
   * job stages, seen through the public API, with its destination and owner pid replaced. Only the
   * parts the sweep reads (a hidden name, the destination, the owner {@code PID-HOST}) are assumed.
   */
  private String tempName(String destination, long ownerPid) {
    String staged = stagedTempName("x.mkv");
    String mine = "." + ProcessHandle.current().pid() + "-";
    assertThat(staged).startsWith(".x.mkv.").contains(mine);
    return "."
        + destination
        + staged.substring(".x.mkv".length()).replace(mine, "." + ownerPid + "-");
  }

  /**
   * The file name of the temp file a media job of this JVM stages for {@code destination}, read
   * from a backend that records where it is asked to write and then fails, so nothing is written.
   */
  private String stagedTempName(String destination) {
    FfmpegBackend ffmpeg = FfmpegBackend.ofDefaults();
    List<String> staged = new ArrayList<>();
    MediaBackend recorder =
        new MediaBackend() {
          @Override
          public String name() {
            return "recorder";
          }

          @Override
          public MediaInfo probe(Path file) {
            return ffmpeg.probe(file);
          }

          @Override
          public List<String> arguments(Invocation invocation) {
            return List.of();
          }

          @Override
          public ExecutionResult execute(Invocation invocation, ExecutionControl control) {
            invocation.outputs().forEach(o -> staged.add(o.location()));
            throw new IllegalStateException("only the staged locations were wanted");
          }
        };
    try (MediaFlow flow =
        engine()
            .mediaBackend(recorder)
            .retryPolicy("media", RetryPolicy.none())
            .runOnCallingThread()
            .build()) {
      flow.submit(
          JobSpec.builder()
              .input("main", "small.mp4")
              .output("main", "probe/" + destination)
              .build());
      assertThat(flow.runDueJobs()).isEqualTo(1);
    }
    assertThat(staged).hasSize(1);
    return Path.of(staged.get(0)).getFileName().toString();
  }

  /** Polls {@code condition} until it holds, failing with {@code what} after {@link #DEADLINE}. */
  private static void awaitTrue(BooleanSupplier condition, Supplier<String> what) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + DEADLINE + " waiting for " + what.get());
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }
}
