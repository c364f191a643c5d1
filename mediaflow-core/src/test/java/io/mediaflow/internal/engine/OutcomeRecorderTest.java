package io.mediaflow.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.job.WaitReason;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.Wait;
import io.mediaflow.internal.engine.FailingStore.Failure;
import io.mediaflow.internal.engine.FailingStore.RecordingBus;
import io.mediaflow.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link OutcomeRecorder} against a store that fails on purpose: every outcome × every way the
 * store fails, each ending in the state the outcome calls for, announced once, and the kept
 * outcomes taken into the store when it is back (on the manual clock's back-off).
 */
class OutcomeRecorderTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration LEASE = Duration.ofSeconds(30);
  static final JobError FLAKY = new JobError("HANDLER_FAILED", "flaky", true, "");
  static final JobError BROKEN = new JobError("INVALID_SPEC", "broken", false, "");

  final ManualClock clock = ManualClock.at(T0);
  final FailingStore faults = new FailingStore();
  final RecordingBus bus = new RecordingBus();
  final EngineConfig config =
      EngineConfig.custom()
          .storage(faults.storage())
          .events(bus)
          .clock(clock)
          .lease(LEASE)
          .nodeId("recorder-test")
          .retryPolicy(
              RetryPolicy.builder().fixed(Duration.ofSeconds(1)).jitter(0).maxAttempts(3).build())
          .build();
  final Map<String, Attempt> attempts = new ConcurrentHashMap<>();
  final JobWatchers watchers = new JobWatchers();
  final LifecycleEvents events = new LifecycleEvents(bus, clock);
  final RetryDecision retries = new RetryDecision(config);
  final OutcomeRecorder recorder = new OutcomeRecorder(config, events, watchers, retries, attempts);

  /** What the attempt came to. */
  enum Kind {
    SUCCESS(JobState.COMPLETED, "complete", "complete", 3),
    BATCH_SUCCESS(JobState.COMPLETED, "completeAll", "completeAll", 3),
    FAILURE_RETRYABLE(JobState.SCHEDULED, "fail", "retry", 3),
    FAILURE_NOT_RETRYABLE(JobState.DEAD, "fail", "bury", 3),
    FAILURE_EXHAUSTED(JobState.DEAD, "fail", "bury", 1),
    /** A durable wait: not a failure, and its attempt is given back. */
    YIELD(JobState.SCHEDULED, "yieldUntil", "yieldUntil", 3);

    final JobState expected;
    final String firstCall;
    final String lastCall;
    final int maxAttempts;

    Kind(JobState expected, String firstCall, String lastCall, int maxAttempts) {
      this.expected = expected;
      this.firstCall = firstCall;
      this.lastCall = lastCall;
      this.maxAttempts = maxAttempts;
    }

    String finalEvent() {
      if (this == YIELD) {
        return "job.waiting";
      }
      return switch (expected) {
        case COMPLETED -> "job.completed";
        case SCHEDULED -> "job.retrying";
        default -> "job.dead";
      };
    }
  }

  Attempt claimOne(int maxAttempts) {
    faults
        .real
        .jobs()
        .submit(JobRequest.of("t", "x").withMaxAttempts(maxAttempts), clock.instant());
    Job job =
        faults
            .real
            .jobs()
            .claim(new ClaimRequest("me", 1, LEASE, clock.instant(), Set.of("t")))
            .get(0);
    Attempt a = new Attempt(job);
    attempts.put(job.id(), a);
    return a;
  }

  void record(Kind kind, Attempt a) {
    Duration took = Duration.ofMillis(5);
    switch (kind) {
      case SUCCESS -> {
        a.result = Optional.of("done");
        recorder.success(a, took);
      }
      case BATCH_SUCCESS -> {
        a.result = Optional.of("done");
        a.took = took;
        recorder.successes(List.of(a));
      }
      case FAILURE_RETRYABLE, FAILURE_EXHAUSTED -> recorder.failure(a, FLAKY, took);
      case YIELD -> recorder.yielded(a, Wait.sleep(T0.plus(Duration.ofDays(3))), took);
      default -> recorder.failure(a, BROKEN, took);
    }
  }

  Job job(Attempt a) {
    return faults.real.jobs().find(a.id()).orElseThrow();
  }

  /** Reconciles on the manual clock's back-off until nothing is kept; how many passes it took. */
  int reconcileUntilRecorded() {
    int passes = 0;
    for (int failures = 1; recorder.hasDeferred() && failures < 20; failures++) {
      recorder.reconcile(false);
      if (recorder.hasDeferred()) {
        clock.advance(StoreBackoff.after(failures));
      }
      passes++;
    }
    return passes;
  }

  @ParameterizedTest(name = "{0} with the store answering")
  @EnumSource(Kind.class)
  void each_outcome_lands_in_its_state_when_the_store_answers(Kind kind) {
    Attempt a = claimOne(kind.maxAttempts);
    CompletableFuture<Job> finished = watchers.whenFinished(a.id());

    record(kind, a);

    assertThat(recorder.hasDeferred()).isFalse();
    assertThat(job(a).state()).isEqualTo(kind.expected);
    assertThat(bus.count(kind.finalEvent(), a.id())).isEqualTo(1);
    assertThat(attempts).isEmpty();
    assertThat(finished.isDone()).isEqualTo(kind.expected != JobState.SCHEDULED);
  }

  static Stream<Arguments> everyOutcomeTimesEveryStoreFailure() {
    List<Arguments> all = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      for (Failure failure : Failure.values()) {
        all.add(Arguments.of(kind, failure, true));
        if (!kind.firstCall.equals(kind.lastCall)) {
          all.add(Arguments.of(kind, failure, false));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}, {1} on the first step: {2}")
  @MethodSource("everyOutcomeTimesEveryStoreFailure")
  void an_outcome_the_store_fails_is_kept_and_recorded_once_when_it_is_back(
      Kind kind, Failure failure, boolean firstStep) {
    Attempt a = claimOne(kind.maxAttempts);
    faults.fail(firstStep ? kind.firstCall : kind.lastCall, 2, failure);
    CompletableFuture<Job> finished = watchers.whenFinished(a.id());

    record(kind, a);

    assertThat(recorder.hasDeferred()).as("kept while the store fails").isTrue();
    assertThat(recorder.deferredOutcomes()).hasSize(1);
    recorder.reconcile(false);
    assertThat(recorder.hasDeferred())
        .as("no second try before the back-off passed on the engine's clock")
        .isTrue();

    int passes = reconcileUntilRecorded();

    assertThat(recorder.hasDeferred()).isFalse();
    assertThat(passes).as("reconciliation passes").isBetween(1, 4);
    Job job = job(a);
    assertThat(job.state()).isEqualTo(kind.expected);
    assertThat(job.attempts()).isEqualTo(kind == Kind.YIELD ? 0 : 1);
    assertThat(bus.count(kind.finalEvent(), a.id())).as("announced once").isEqualTo(1);
    if (kind == Kind.YIELD) {
      assertThat(job.waitReason()).contains(WaitReason.SLEEP);
      assertThat(job.lease()).isEmpty();
    } else if (kind.expected != JobState.COMPLETED) {
      assertThat(bus.count("job.failed", a.id())).as("failure announced once").isEqualTo(1);
    }
    assertThat(attempts).isEmpty();
    assertThat(finished.isDone()).isEqualTo(kind.expected != JobState.SCHEDULED);
  }

  @ParameterizedTest(name = "{0} after the lease was taken over")
  @EnumSource(Kind.class)
  void an_outcome_whose_lease_was_taken_over_is_dropped(Kind kind) {
    Attempt a = claimOne(kind.maxAttempts);
    clock.advance(LEASE.plusSeconds(1));
    faults.real.jobs().expireLeases(clock.instant());
    Job other =
        faults
            .real
            .jobs()
            .claim(new ClaimRequest("other", 1, LEASE, clock.instant(), Set.of("t")))
            .get(0);

    record(kind, a);

    assertThat(recorder.hasDeferred()).isFalse();
    assertThat(attempts).isEmpty();
    Job job = job(a);
    assertThat(job.state()).isEqualTo(JobState.PROCESSING);
    assertThat(job.lease().orElseThrow().token()).isEqualTo(other.lease().orElseThrow().token());
    assertThat(bus.events).isEmpty();
  }

  @ParameterizedTest(name = "{0} after a cancel")
  @EnumSource(Kind.class)
  void an_outcome_of_a_cancelled_job_is_dropped(Kind kind) {
    Attempt a = claimOne(kind.maxAttempts);
    faults.real.jobs().cancel(a.id(), clock.instant());

    record(kind, a);

    assertThat(recorder.hasDeferred()).isFalse();
    assertThat(job(a).state()).isEqualTo(JobState.CANCELLED);
    assertThat(bus.events).isEmpty();
  }

  @ParameterizedTest(name = "{0} kept, then its lease taken over")
  @EnumSource(Kind.class)
  void a_kept_outcome_whose_lease_was_taken_over_meanwhile_is_dropped_not_recorded_twice(
      Kind kind) {
    Attempt a = claimOne(kind.maxAttempts);
    faults.fail(kind.firstCall, 1, Failure.UNAVAILABLE);
    record(kind, a);
    assertThat(recorder.hasDeferred()).isTrue();
    clock.advance(LEASE.plusSeconds(1));
    faults.real.jobs().expireLeases(clock.instant());
    faults.real.jobs().claim(new ClaimRequest("other", 1, LEASE, clock.instant(), Set.of("t")));

    reconcileUntilRecorded();

    assertThat(recorder.hasDeferred()).isFalse();
    assertThat(job(a).state()).isEqualTo(JobState.PROCESSING);
    assertThat(bus.events).isEmpty();
    assertThat(attempts).isEmpty();
  }

  @Test
  void a_batch_of_successes_the_store_half_refuses_completes_the_held_ones_and_drops_the_lost() {
    Attempt held = claimOne(3);
    Attempt lost = claimOne(3);
    faults.real.jobs().cancel(lost.id(), clock.instant());
    held.result = Optional.of("a");
    lost.result = Optional.of("b");

    recorder.successes(List.of(held, lost));

    assertThat(job(held).state()).isEqualTo(JobState.COMPLETED);
    assertThat(job(lost).state()).isEqualTo(JobState.CANCELLED);
    assertThat(bus.count("job.completed", held.id())).isEqualTo(1);
    assertThat(bus.count("job.completed", lost.id())).isZero();
    assertThat(recorder.hasDeferred()).isFalse();
  }

  @ParameterizedTest(name = "release with {0}")
  @EnumSource(Failure.class)
  void a_release_the_store_fails_lets_the_lease_expire_and_the_watchdog_returns_the_job(
      Failure failure) {
    Attempt a = claimOne(3);
    AttemptRunner runner =
        new AttemptRunner(config, attempts, recorder, events, x -> null, () -> true);
    faults.fail("release", 1, failure);

    boolean released = runner.release(a);

    assertThat(released).isEqualTo(false);
    assertThat(attempts).as("let go of: nothing to heartbeat").isEmpty();
    clock.advance(LEASE.plusSeconds(1));
    faults.real.jobs().expireLeases(clock.instant());
    assertThat(job(a).state()).isEqualTo(JobState.PENDING);
  }

  @Test
  void a_release_the_store_takes_returns_the_job_at_once() {
    Attempt a = claimOne(3);
    AttemptRunner runner =
        new AttemptRunner(config, attempts, recorder, events, x -> null, () -> true);

    assertThat(runner.release(a)).isTrue();
    assertThat(job(a).state()).isEqualTo(JobState.PENDING);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Kind.class,
      names = {"FAILURE_RETRYABLE", "FAILURE_NOT_RETRYABLE", "FAILURE_EXHAUSTED"})
  void a_failure_stranded_by_a_closed_engine_is_moved_on_by_the_same_retry_decision_at_start(
      Kind kind) {
    Attempt a = claimOne(kind.maxAttempts);
    faults.fail(kind.lastCall, Integer.MAX_VALUE, Failure.UNAVAILABLE);
    record(kind, a);
    assertThat(job(a).state()).as("the engine stopped here").isEqualTo(JobState.FAILED);
    faults.heal();
    clock.advance(LEASE.plusSeconds(1));

    int moved = new StrandedFailures(config, retries, events, new JobWatchers()).recover();

    assertThat(moved).isEqualTo(1);
    assertThat(job(a).state()).isEqualTo(kind.expected);
  }
}
