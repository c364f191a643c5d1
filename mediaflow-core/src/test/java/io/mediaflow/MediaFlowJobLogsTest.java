package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.JobLog;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the engine writes in a host job's own log: the attempt, the handler's lines, the error, the
 * retry or the burial, a cancel, a timeout, a lost lease. (Media jobs, with real FFmpeg and H2:
 * {@code JobLogsTest} in samples.)
 */
class MediaFlowJobLogsTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  final ManualClock clock = ManualClock.at(T0);
  MediaFlow flow;

  @AfterEach
  void close() {
    if (flow != null) {
      flow.close();
    }
  }

  MediaFlow.Builder deterministic() {
    return MediaFlow.builder()
        .clock(clock)
        .runOnCallingThread()
        .operators(TestOperators.registry())
        .nodeId("n1");
  }

  static List<String> messages(JobHandle job) {
    return job.logs().stream().map(JobLog::message).toList();
  }

  @Test
  void a_handlers_lines_follow_the_attempt_start_and_the_end_is_written() {
    flow =
        deterministic()
            .handler(
                "talk",
                ctx -> {
                  ctx.log("INFO", "fetched 3 rows with apiKey=k-123");
                  return Optional.empty();
                })
            .build();
    JobHandle job = flow.submit("talk", "");

    flow.runDueJobs();

    assertThat(messages(job))
        .satisfiesExactly(
            l -> assertThat(l).isEqualTo("attempt 1 of 3 started on node n1"),
            l -> assertThat(l).isEqualTo("fetched 3 rows with apiKey=***"),
            l -> assertThat(l).startsWith("attempt 1 of 3 completed in "));
    assertThat(job.logs()).extracting(JobLog::time).containsOnly(T0);
  }

  @Test
  void a_job_out_of_attempts_is_logged_dead_with_what_to_do() {
    flow =
        deterministic()
            .handler(
                "boom",
                ctx -> {
                  throw new IllegalStateException("no");
                })
            .build();
    JobHandle job = flow.submit(JobRequest.of("boom", "").withMaxAttempts(2));

    flow.runDueJobs();
    clock.advance(Duration.ofMinutes(10));
    flow.runDueJobs();

    assertThat(job.status().state()).isEqualTo(JobState.DEAD);
    List<String> lines = messages(job);
    assertThat(lines).hasSize(6);
    assertThat(lines.get(2))
        .startsWith("retry scheduled for ")
        .endsWith(" as attempt 2 of 2: HANDLER_FAILED is retryable");
    assertThat(lines.get(3)).isEqualTo("attempt 2 of 2 started on node n1");
    assertThat(lines.get(4))
        .startsWith("attempt 2 of 2 failed after ")
        .contains(" with HANDLER_FAILED: java.lang.IllegalStateException: no\n  suggestion: ");
    assertThat(lines.get(5))
        .isEqualTo(
            "dead: out of attempts (2 of 2). Re-queue it with flow.requeue(\""
                + job.id()
                + "\") once the cause is fixed, or delete it with flow.delete(\""
                + job.id()
                + "\")");
  }

  @Test
  void a_cancel_is_logged_with_the_state_it_came_from() {
    flow = deterministic().handler("later", ctx -> Optional.empty()).build();
    JobHandle pending = flow.submit("nobody", "");
    JobHandle scheduled = flow.submit(JobRequest.of("later", "").withRunAt(T0.plusSeconds(60)));

    pending.cancel();
    scheduled.cancel();

    assertThat(messages(pending)).containsExactly("cancelled while PENDING");
    assertThat(messages(scheduled)).containsExactly("cancelled while SCHEDULED");
  }

  @Test
  void a_timeout_is_logged_before_the_timeout_error() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    flow =
        deterministic()
            .jobTimeout("slow", Duration.ofSeconds(1))
            .retryPolicy("slow", RetryPolicy.none())
            .handler(
                "slow",
                ctx -> {
                  clock.advance(Duration.ofSeconds(2));
                  running.countDown();
                  long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                  while (!ctx.isCancelled() && System.nanoTime() < until) {
                    Thread.onSpinWait();
                  }
                  return Optional.empty();
                })
            .build();
    JobHandle job = flow.submit("slow", "");
    Thread watchdog =
        new Thread(
            () -> {
              try {
                running.await();
              } catch (InterruptedException e) {
                return;
              }
              flow.runWatchdog();
            });
    watchdog.start();

    flow.runDueJobs();
    watchdog.join();

    assertThat(job.status().state()).isEqualTo(JobState.DEAD);
    assertThat(messages(job))
        .satisfiesExactly(
            l -> assertThat(l).isEqualTo("attempt 1 of 1 started on node n1"),
            l ->
                assertThat(l).isEqualTo("attempt 1 of 1 ran past its timeout of PT1S; stopping it"),
            l ->
                assertThat(l)
                    .startsWith("attempt 1 of 1 failed after ")
                    .contains(" with TIMEOUT: "),
            l -> assertThat(l).startsWith("dead: "));
  }

  @Test
  void a_lost_lease_is_logged_by_the_node_that_lost_it() {
    flow =
        deterministic()
            .handler(
                "taken",
                ctx -> {
                  // another node's cancel, seen by this node's next heartbeat
                  flow.storage().jobs().cancel(ctx.job().id(), clock.instant());
                  flow.engine().heartbeatAll();
                  return Optional.empty();
                })
            .build();
    JobHandle job = flow.submit("taken", "");

    flow.runDueJobs();

    assertThat(messages(job))
        .containsExactly(
            "attempt 1 of 3 started on node n1",
            "attempt 1 of 3 lost its lease (the job was cancelled, or its lease expired and another"
                + " node took it over); stopping it here, its outcome will be dropped");
  }
}
