package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.WaitReason;
import io.mediaflow.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code JobContext.awaitChildrenUntil}: a wait for the children that gives up at a deadline of the
 * engine's clock, holding no thread meanwhile, and whose answer a replay gets again.
 */
class DurableChildrenDeadlineTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  final ManualClock clock = ManualClock.at(T0);
  final InMemoryStorage storage = new InMemoryStorage();
  final AtomicInteger parentRuns = new AtomicInteger();
  MediaFlow flow;

  @AfterEach
  void close() {
    flow.close();
  }

  /**
   * A child that sleeps {@code childSleep}; a parent that waits for it at most an hour after its
   * own creation, then sleeps {@code after} and returns how many children it got.
   */
  MediaFlow flow(Duration childSleep, Duration after) {
    flow =
        MediaFlow.builder()
            .storage(storage)
            .clock(clock)
            .runOnCallingThread()
            .operators(TestOperators.registry())
            .handler(
                "child",
                ctx -> {
                  ctx.sleep(childSleep);
                  return Optional.of("slept");
                })
            .handler(
                "parent",
                ctx -> {
                  parentRuns.incrementAndGet();
                  ctx.startChild(JobRequest.of("child", ""));
                  // from the job itself: the same on every replay
                  Instant deadline = ctx.job().createdAt().plus(Duration.ofHours(1));
                  List<Job> done = ctx.awaitChildrenUntil(deadline);
                  if (!after.isZero()) {
                    ctx.sleep(after);
                  }
                  return Optional.of(done.size() + " finished");
                })
            .build();
    return flow;
  }

  @Test
  void the_deadline_comes_first_and_the_parent_goes_on_without_the_child() {
    flow(Duration.ofDays(1), Duration.ZERO);
    JobHandle parent = flow.submit("parent", "");

    flow.runDueJobs();
    Job waiting = parent.status();
    assertThat(waiting.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(waiting.waitReason()).contains(WaitReason.CHILDREN);
    assertThat(waiting.scheduledAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
    assertThat(waiting.lease()).isEmpty();

    clock.advance(Duration.ofMinutes(59));
    flow.runDueJobs();
    assertThat(parent.status().state()).isEqualTo(JobState.SCHEDULED);

    clock.advance(Duration.ofMinutes(1));
    flow.runDueJobs();

    assertThat(parent.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(parent.status().result()).contains("0 finished");
    assertThat(parent.children())
        .singleElement()
        .extracting(Job::state)
        .isEqualTo(JobState.SCHEDULED);
    assertThat(parentRuns).as("started, then woken at the deadline").hasValue(2);
  }

  @Test
  void a_child_that_ends_before_the_deadline_wakes_the_parent_at_once() {
    flow(Duration.ofMinutes(5), Duration.ZERO);
    JobHandle parent = flow.submit("parent", "");
    flow.runDueJobs();

    clock.advance(Duration.ofMinutes(5));
    flow.runDueJobs();

    assertThat(parent.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(parent.status().result()).contains("1 finished");
    assertThat(parentRuns).hasValue(2);
  }

  @Test
  void a_replay_gets_the_recorded_answer_even_once_the_child_has_finished() {
    flow(Duration.ofHours(2), Duration.ofHours(3));
    JobHandle parent = flow.submit("parent", "");
    flow.runDueJobs();

    clock.advance(Duration.ofHours(1)); // the deadline: recorded with no child finished
    flow.runDueJobs();
    clock.advance(Duration.ofHours(1)); // the child finishes while the parent sleeps
    flow.runDueJobs();
    assertThat(parent.children())
        .singleElement()
        .extracting(Job::state)
        .isEqualTo(JobState.COMPLETED);
    clock.advance(Duration.ofHours(2)); // the parent wakes and replays its wait
    flow.runDueJobs();

    assertThat(parent.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(parent.status().result()).contains("0 finished");
  }
}
