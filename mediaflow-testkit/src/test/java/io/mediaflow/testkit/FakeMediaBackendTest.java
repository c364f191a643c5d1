package io.mediaflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.backend.ExecutionControl;
import io.mediaflow.api.backend.Progress;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.operator.Estimate;
import io.mediaflow.api.operator.FilterArg;
import io.mediaflow.api.plan.GraphFilter;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.InvocationInput;
import io.mediaflow.api.plan.InvocationOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeMediaBackendTest {

  @TempDir Path dir;

  private static final MediaInfo CLIP =
      MediaInfo.of(MediaDuration.ofSeconds(10), List.of(), List.of());

  private Invocation invocation(Path out) {
    return new Invocation(
        "inv0",
        List.of(new InvocationInput(0, "in", "/in/clip.mp4")),
        List.of(
            new GraphFilter(
                "scale",
                List.of(FilterArg.of("w", 640), FilterArg.positional("-2")),
                List.of("0:v"),
                List.of("v0"),
                "small")),
        List.of(
            new InvocationOutput(
                "outputs[0]",
                "small",
                out.toString(),
                "mp4",
                false,
                List.of(),
                null,
                Map.of(),
                true)),
        MediaDuration.ofSeconds(10),
        Estimate.ZERO,
        List.of("small"));
  }

  private static final class Recording implements ExecutionControl {
    final List<Progress> progress = new ArrayList<>();
    final AtomicBoolean cancelled = new AtomicBoolean();
    final Duration timeout;

    Recording(Duration timeout) {
      this.timeout = timeout;
    }

    @Override
    public synchronized void progress(Progress p) {
      progress.add(p);
    }

    @Override
    public boolean isCancelled() {
      return cancelled.get();
    }

    @Override
    public Optional<Duration> timeout() {
      return Optional.ofNullable(timeout);
    }
  }

  @Test
  void probes_scripted_media_and_refuses_unknown_files() {
    FakeMediaBackend backend = FakeMediaBackend.builder().media("/in/clip.mp4", CLIP).build();
    assertThat(backend.probe(Path.of("/in/clip.mp4"))).isEqualTo(CLIP);
    assertThatThrownBy(() -> backend.probe(Path.of("/in/other.mp4")))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INPUT_NOT_FOUND))
        .hasMessageContaining("no such media file: /in/other.mp4")
        .hasMessageContaining("/in/clip.mp4");
  }

  @Test
  void writes_every_output_reports_progress_and_records_the_run() throws Exception {
    FakeMediaBackend backend = FakeMediaBackend.builder().progressSteps(4).build();
    Path out = dir.resolve("sub/out.mp4");
    Recording control = new Recording(null);

    backend.execute(invocation(out), control);

    assertThat(out).exists();
    assertThat(Files.size(out)).isPositive();
    assertThat(control.progress)
        .extracting(Progress::percent)
        .containsExactly(0.0, 25.0, 50.0, 75.0, 100.0);
    assertThat(control.progress.get(4).position()).isEqualTo(MediaDuration.ofSeconds(10));
    assertThat(backend.executions()).extracting(Invocation::id).containsExactly("inv0");
  }

  @Test
  void a_scripted_run_time_advances_the_manual_clock_with_speed_and_time_left() {
    ManualClock clock = ManualClock.at(java.time.Instant.parse("2026-01-01T00:00:00Z"));
    FakeMediaBackend backend =
        FakeMediaBackend.builder().takes(Duration.ofSeconds(20)).on(clock).progressSteps(4).build();
    Recording control = new Recording(null);

    backend.execute(invocation(dir.resolve("out.mp4")), control);

    assertThat(clock.instant()).isEqualTo(java.time.Instant.parse("2026-01-01T00:00:20Z"));
    assertThat(control.progress)
        .extracting(p -> p.eta().orElseThrow())
        .containsExactly(
            Duration.ofSeconds(20),
            Duration.ofSeconds(15),
            Duration.ofSeconds(10),
            Duration.ofSeconds(5),
            Duration.ZERO);
    // 10 s of media in 20 s: half real time
    assertThat(control.progress).allSatisfy(p -> assertThat(p.speed()).isEqualTo(0.5));
  }

  @Test
  void a_scripted_run_time_on_the_wall_clock_ends_early_when_cancelled() throws Exception {
    FakeMediaBackend backend =
        FakeMediaBackend.builder().takes(Duration.ofMinutes(10)).progressSteps(2).build();
    Recording control = new Recording(null);
    assertThat(runUntilCancelled(backend, control))
        .isInstanceOfSatisfying(
            MediaFlowException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
    assertThat(control.progress).extracting(Progress::percent).containsExactly(0.0);
    assertThat(dir.resolve("out.mp4")).doesNotExist();
  }

  @Test
  void arguments_read_like_a_command() {
    FakeMediaBackend backend = FakeMediaBackend.builder().build();
    assertThat(backend.arguments(invocation(Path.of("/out/a.mp4"))))
        .containsExactly(
            "-i",
            "/in/clip.mp4",
            "-filter_complex",
            "[0:v]scale=w=640:-2[v0]",
            "-f",
            "mp4",
            "/out/a.mp4");
  }

  @Test
  void fails_the_first_runs_then_succeeds() {
    FakeMediaBackend backend = FakeMediaBackend.builder().failWith(ErrorCode.NETWORK, 2).build();
    Invocation inv = invocation(dir.resolve("out.mp4"));
    for (int i = 1; i <= 2; i++) {
      assertThatThrownBy(() -> backend.execute(inv, ExecutionControl.none()))
          .isInstanceOfSatisfying(
              MediaFlowException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.NETWORK);
                assertThat(e.retryable()).isTrue();
              });
    }
    backend.execute(inv, ExecutionControl.none());
    assertThat(backend.executions()).hasSize(3);
  }

  @Test
  void a_hanging_run_ends_when_cancelled() throws Exception {
    FakeMediaBackend backend = FakeMediaBackend.builder().hangUntilCancelled().build();
    Recording control = new Recording(null);
    assertThat(runUntilCancelled(backend, control))
        .isInstanceOfSatisfying(
            MediaFlowException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
    assertThat(dir.resolve("out.mp4")).doesNotExist();
  }

  /**
   * Runs on another thread, checks that the run is still going after 100 ms, cancels it, and
   * returns what it threw.
   */
  private Throwable runUntilCancelled(FakeMediaBackend backend, Recording control)
      throws InterruptedException {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch ended = new CountDownLatch(1);
    Thread runner =
        new Thread(
            () -> {
              try {
                backend.execute(invocation(dir.resolve("out.mp4")), control);
              } catch (Throwable t) {
                failure.set(t);
              } finally {
                ended.countDown();
              }
            });
    runner.start();
    assertThat(ended.await(100, TimeUnit.MILLISECONDS)).as("still running").isFalse();
    control.cancelled.set(true);
    assertThat(ended.await(20, TimeUnit.SECONDS)).as("ended after the cancel").isTrue();
    return failure.get();
  }

  @Test
  void a_hanging_run_times_out() {
    FakeMediaBackend backend = FakeMediaBackend.builder().hangUntilCancelled().build();
    assertThatThrownBy(
            () ->
                backend.execute(
                    invocation(dir.resolve("out.mp4")), new Recording(Duration.ofMillis(50))))
        .isInstanceOfSatisfying(
            MediaFlowException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT))
        .hasMessageContaining("ran longer than its timeout of PT0.05S");
  }

  @Test
  void garbage_runs_succeed_without_writing_and_measurements_are_returned() {
    FakeMediaBackend backend =
        FakeMediaBackend.builder().returnGarbage().measurements(Map.of("input_i", "-23.1")).build();
    Path out = dir.resolve("out.mp4");
    assertThat(backend.execute(invocation(out), ExecutionControl.none()).measurements())
        .containsEntry("input_i", "-23.1");
    assertThat(out).doesNotExist();
  }

  @Test
  void options_may_be_set_once() {
    assertThatThrownBy(() -> FakeMediaBackend.builder().returnGarbage().returnGarbage())
        .hasMessage("returnGarbage was already set");
    assertThatThrownBy(() -> FakeMediaBackend.builder().failWith(ErrorCode.NETWORK, 0))
        .hasMessage("failWith times must be 1 or more but was 0");
    assertThatThrownBy(() -> FakeMediaBackend.builder().takes(Duration.ofSeconds(-1)))
        .hasMessage("runTime must not be negative but was PT-1S");
  }
}
