package io.mediaflow.internal.engine;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.Wait;
import java.time.Duration;
import java.time.Instant;

/**
 * An attempt's outcome on its way into the store, and the step it has reached. When the store
 * cannot be reached the engine keeps it and takes the remaining steps later, so a finished attempt
 * is neither lost nor left half-recorded (a failed job that never reaches its retry or {@code dead}
 * would be stuck in {@code FAILED}, where no watchdog looks).
 */
final class Outcome {

  enum Step {
    /** PROCESSING → COMPLETED, under the attempt's lease. */
    COMPLETE(JobState.COMPLETED),
    /** PROCESSING → FAILED, under the attempt's lease; then {@link #RETRY} or {@link #BURY}. */
    FAIL(JobState.FAILED),
    /** FAILED → SCHEDULED. */
    RETRY(JobState.SCHEDULED),
    /** FAILED → DEAD. */
    BURY(JobState.DEAD),
    /** PROCESSING → SCHEDULED, under the attempt's lease: the job waits (a durable primitive). */
    YIELD(JobState.SCHEDULED);

    /** The state the job is in once this step is recorded. */
    final JobState target;

    Step(JobState target) {
      this.target = target;
    }
  }

  final Attempt attempt;
  final JobError error; // null for a success or a yield
  final Wait wait; // what a yield waits for; null otherwise
  final Duration took;
  volatile Step step;

  /** When the next attempt is due, once a retry was decided. */
  volatile Instant runAt;

  volatile Duration delay;

  /** The least wait before a retry the handler asked for (a Retry-After); zero when none. */
  volatile Duration notBefore = Duration.ZERO;

  /** The job as the store recorded it failed. */
  volatile Job failed;

  /** How many times the store could not be reached for this outcome. */
  volatile int deferrals;

  /** Why the store last refused it. */
  volatile RuntimeException lastFailure;

  private Outcome(Attempt attempt, Step step, JobError error, Wait wait, Duration took) {
    this.attempt = attempt;
    this.step = step;
    this.error = error;
    this.wait = wait;
    this.took = took;
  }

  static Outcome success(Attempt a, Duration took) {
    return new Outcome(a, Step.COMPLETE, null, null, took);
  }

  static Outcome failure(Attempt a, JobError error, Duration took) {
    return new Outcome(a, Step.FAIL, error, null, took);
  }

  static Outcome failure(Attempt a, JobError error, Duration took, Duration notBefore) {
    Outcome o = failure(a, error, took);
    o.notBefore = notBefore;
    return o;
  }

  static Outcome yielded(Attempt a, Wait wait, Duration took) {
    return new Outcome(a, Step.YIELD, null, wait, took);
  }

  String id() {
    return attempt.id();
  }

  /** True while the attempt's lease is still needed: its end is not recorded yet. */
  boolean holdsLease() {
    return step == Step.COMPLETE || step == Step.FAIL || step == Step.YIELD;
  }
}
