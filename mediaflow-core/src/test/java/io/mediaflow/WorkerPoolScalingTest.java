package io.mediaflow;

import static io.mediaflow.MediaFlowEngineTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.internal.engine.Engine;
import io.mediaflow.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pool grows while more jobs are ready than workers are idle, and its extra workers end after
 * idling for the keep-alive on the engine's clock. Jobs block on latches, time is a manual clock,
 * and idle workers poll once an hour: nothing here waits for time to pass.
 */
class WorkerPoolScalingTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration KEEP_ALIVE = Duration.ofMinutes(1);

  final ManualClock clock = ManualClock.at(T0);
  final CountDownLatch release = new CountDownLatch(1);
  MediaFlow flow;

  @AfterEach
  void close() {
    release.countDown();
    if (flow != null) {
      flow.close();
    }
  }

  MediaFlow start(CountDownLatch started) {
    flow =
        MediaFlow.builder()
            .clock(clock)
            .workers(1, 4)
            .workerKeepAlive(KEEP_ALIVE)
            .lease(Duration.ofHours(3))
            .pollInterval(Duration.ofHours(1))
            .drainTimeout(Duration.ofSeconds(5))
            .operators(TestOperators.registry())
            .nodeId("scaling")
            .handler(
                "block",
                ctx -> {
                  started.countDown();
                  if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                  }
                  return Optional.empty();
                })
            .build()
            .start();
    return flow;
  }

  /** Queues a job behind the engine's back: no submit wakes or grows the pool. */
  void queueQuietly(int n) {
    for (int i = 0; i < n; i++) {
      flow.storage().jobs().submit(JobRequest.of("block", ""), clock.instant());
    }
  }

  @Test
  void the_pool_grows_with_the_ready_queue_up_to_its_maximum_and_shrinks_after_the_keep_alive() {
    CountDownLatch threeRunning = new CountDownLatch(3);
    start(threeRunning);
    Engine engine = flow.engine();
    List<JobHandle> handles = new ArrayList<>();
    handles.add(flow.submit("block", ""));
    eventually(() -> engine.busyWorkers() == 1, "the one worker runs the first job");
    assertThat(engine.workerCount()).isEqualTo(1);

    queueQuietly(2);
    flow.runWatchdog();
    assertThat(engine.workerCount()).as("two ready jobs, no idle worker: two more").isEqualTo(3);
    await(threeRunning);

    queueQuietly(5);
    flow.runWatchdog();
    assertThat(engine.workerCount()).as("five ready jobs, but at most four workers").isEqualTo(4);
    flow.runWatchdog();
    assertThat(engine.workerCount()).isEqualTo(4);

    release.countDown();
    handles.addAll(
        flow.jobs(io.mediaflow.api.store.JobQuery.all()).items().stream()
            .map(j -> flow.job(j.id()).orElseThrow())
            .toList());
    for (JobHandle h : handles) {
      assertThat(h.await(Duration.ofSeconds(30)).state()).isEqualTo(JobState.COMPLETED);
    }
    eventually(() -> engine.idleExtraWorkers() == 3, "the three extra workers idle");

    clock.advance(KEEP_ALIVE.minusMillis(1));
    flow.runWatchdog();
    assertThat(engine.workerCount()).as("not idle for the keep-alive yet").isEqualTo(4);

    clock.advance(Duration.ofMillis(1));
    flow.runWatchdog();
    assertThat(engine.workerCount()).as("back to the minimum").isEqualTo(1);
    assertThat(engine.idleExtraWorkers()).isZero();
  }

  @Test
  void jobs_this_node_cannot_run_do_not_grow_the_pool() {
    start(new CountDownLatch(1));
    Engine engine = flow.engine();
    eventually(() -> engine.workerCount() == 1, "the pool started");
    for (int i = 0; i < 5; i++) {
      flow.storage().jobs().submit(JobRequest.of("someone-else", ""), clock.instant());
    }

    flow.runWatchdog();

    assertThat(engine.workerCount()).isEqualTo(1);
  }

  @Test
  void a_fixed_pool_neither_grows_nor_shrinks() {
    flow =
        MediaFlow.builder()
            .clock(clock)
            .workers(2)
            .pollInterval(Duration.ofHours(1))
            .operators(TestOperators.registry())
            .handler("t", ctx -> Optional.empty())
            .build()
            .start();
    flow.storage().jobs().submit(JobRequest.of("t", ""), clock.instant());
    clock.advance(Duration.ofDays(1));

    flow.runWatchdog();

    assertThat(flow.engine().workerCount()).isEqualTo(2);
  }

  @Test
  void the_keep_alive_must_be_positive() {
    MediaFlow.Builder b = MediaFlow.builder();
    assertThatThrownBy(() -> b.workerKeepAlive(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workerKeepAlive must be positive but was PT0S");
    assertThat(MediaFlow.DEFAULT_WORKER_KEEP_ALIVE).isEqualTo(Duration.ofSeconds(30));
  }

  static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).as("latch reached").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
