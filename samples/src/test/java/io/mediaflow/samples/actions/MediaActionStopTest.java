package io.mediaflow.samples.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.JobHandle;
import io.mediaflow.JobResult;
import io.mediaflow.MediaFlow;
import io.mediaflow.Workspace;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.testkit.Leftovers;
import io.mediaflow.testkit.MediaFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A media action's job stopped while FFmpeg encodes, on a running engine with the real FFmpeg: by
 * the node's {@code timeout} (the run, holding no thread while it waits, wakes at the deadline and
 * cancels the job) and by someone cancelling the job. Neither leaves an FFmpeg process or a file.
 */
class MediaActionStopTest {

  private static final Duration DEADLINE = Duration.ofSeconds(60);

  /** 10 s of 720p through x264's veryslow preset: an encode that goes on for a long time. */
  private static final String SLOW =
      "{\"input\":\"in.mp4\",\"output\":\"out/slow.mp4\",\"video\":\"h264\","
          + "\"preset\":\"veryslow\"}";

  @TempDir Path dir;
  MediaFlow flow;

  @BeforeAll
  static void ffmpeg() {
    MediaFixtures.requireFfmpeg();
  }

  @BeforeEach
  void engine() throws IOException {
    Files.copy(
        MediaFixtures.clip720p(10), dir.resolve("in.mp4"), StandardCopyOption.REPLACE_EXISTING);
    flow =
        MediaFlow.builder()
            .workers(2)
            .workspace(Workspace.builder().baseDirectory(dir).build())
            .build();
    flow.start();
  }

  @AfterEach
  void close() {
    flow.close();
    assertThat(Leftovers.ffmpegProcesses()).isEmpty();
  }

  private static String workflow(String timeout) {
    return MediaActionFlows.workflow(
        List.of(
            "{\"id\":\"a\",\"type\":\"action\",\"action\":\"media.convert\",\"params\":"
                + SLOW
                + (timeout == null ? "" : ",\"timeout\":\"" + timeout + "\"")
                + "}"),
        List.of(MediaActionFlows.edge("start", "a")));
  }

  @Test
  void a_node_timeout_cancels_the_running_media_job_and_fails_the_node() {
    JobHandle h = flow.workflows().start(workflow("2s"), Map.of());

    JobResult result = h.await(DEADLINE);

    assertThat(result.state()).isEqualTo(JobState.DEAD);
    JobError error = result.error().orElseThrow();
    assertThat(error.code()).isEqualTo("NODE_TIMEOUT");
    assertThat(error.message())
        .isEqualTo(
            "workflow 'wf' run "
                + h.id()
                + " at node 'a': action 'media.convert' ran longer than its timeout 2s");
    Job media = onlyChild(h);
    awaitTrue(
        () -> flow.job(media.id()).orElseThrow().status().state() == JobState.CANCELLED,
        () -> "the media job to be cancelled: " + flow.job(media.id()).orElseThrow().status());
    awaitTrue(
        () ->
            Leftovers.ffmpegProcesses().isEmpty()
                && Leftovers.filesIn(dir.resolve("out")).isEmpty(),
        () -> "ffmpeg " + Leftovers.ffmpegProcesses() + " and files to be gone");
  }

  @Test
  void a_media_job_cancelled_by_someone_else_fails_the_node_with_media_job_cancelled() {
    JobHandle h = flow.workflows().start(workflow(null), Map.of());
    awaitTrue(
        () -> !Leftovers.ffmpegProcesses().isEmpty() && children(h).size() == 1,
        () -> "ffmpeg to start; run " + h.status());
    Job media = onlyChild(h);

    assertThat(flow.cancel(media.id())).isTrue();
    JobResult result = h.await(DEADLINE);

    assertThat(result.state()).isEqualTo(JobState.DEAD);
    JobError error = result.error().orElseThrow();
    assertThat(error.code()).isEqualTo("MEDIA_JOB_CANCELLED");
    assertThat(error.message())
        .isEqualTo(
            "workflow 'wf' run "
                + h.id()
                + " at node 'a': media.convert: media job "
                + media.id()
                + " was cancelled");
    awaitTrue(
        () ->
            Leftovers.ffmpegProcesses().isEmpty()
                && Leftovers.filesIn(dir.resolve("out")).isEmpty(),
        () -> "ffmpeg " + Leftovers.ffmpegProcesses() + " and files to be gone");
  }

  private List<Job> children(JobHandle h) {
    return flow.storage().jobs().query(JobQuery.all().withParent(h.id()).withPage(0, 10)).items();
  }

  private Job onlyChild(JobHandle h) {
    List<Job> children = children(h);
    assertThat(children).hasSize(1);
    return children.get(0);
  }

  /** Polls a condition on the wall clock, as FFmpeg works in real time. */
  private static void awaitTrue(BooleanSupplier condition, Supplier<String> what) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("waited for %s", what.get()).isNegative();
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }
}
