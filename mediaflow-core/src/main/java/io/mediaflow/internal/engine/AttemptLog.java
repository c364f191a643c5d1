package io.mediaflow.internal.engine;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobLog;
import io.mediaflow.api.store.Storage;
import io.mediaflow.api.store.Wait;
import io.mediaflow.internal.observe.JobLogText;
import io.mediaflow.internal.observe.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine writes in a job's own log ({@code JobHandle.logs()}, the store's {@code
 * appendLog}) about its attempts: the start of an attempt (its number and node), the classified
 * error with the tail of its detail, the retry scheduled (when and why) or the burial, a cancel, a
 * lost lease, a timeout, an attempt given back on shutdown, and the end of an attempt that wrote
 * anything else. Every line is redacted and bounded ({@link JobLogText}).
 *
 * <p>Cheap where it matters: a first attempt that succeeds without writing a line of its own costs
 * no store write here. An attempt's start line is written with its first other line (the media
 * handler's stages, a host handler's {@code ctx.log}, the engine's error, the completion of a
 * retry), with the time it started.
 *
 * <p>Never throws: a line the store does not take (it is down, the job was deleted) is dropped and
 * logged at DEBUG; the job's outcome matters more than its log.
 */
final class AttemptLog {

  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  static final String INFO = "INFO";
  static final String WARN = "WARN";
  static final String ERROR = "ERROR";

  private final Storage storage;
  private final Clock clock;
  private final String nodeId;
  private final JobPolicies policies;

  AttemptLog(EngineConfig config) {
    this.policies = config.jobPolicies();
    this.storage = config.storage();
    this.clock = config.clock();
    this.nodeId = config.nodeId();
  }

  /** A line about a running or finished attempt, after the attempt's start line. */
  void line(Attempt a, String level, String message) {
    started(a);
    if (kept(a, level)) {
      write(a.id(), clock.instant(), level, message);
    }
  }

  /** Whether the job's log level (a rule's {@code logLevel}) keeps a line of {@code level}. */
  private boolean kept(Attempt a, String level) {
    Optional<String> least = policies.logLevel(a.job);
    return least.isEmpty() || rank(level) >= rank(least.get());
  }

  private static int rank(String level) {
    return switch (level) {
      case "DEBUG" -> 0;
      case "INFO" -> 1;
      case "WARN" -> 2;
      case "ERROR" -> 3;
      default -> 1;
    };
  }

  /** A line about a job outside any attempt of this node (a cancel, a recovered failure). */
  void job(String jobId, String level, String message) {
    write(jobId, clock.instant(), level, message);
  }

  /** The attempt's start line, once, with the time it started. */
  void started(Attempt a) {
    if (a.startLogging()) {
      Instant at = a.started == null ? clock.instant() : a.started;
      write(a.id(), at, INFO, "attempt " + count(a.job) + " started on node " + nodeId);
    }
  }

  /** The end of a successful attempt that wrote anything else, or that was a retry. */
  void completed(Attempt a, Duration took) {
    if (a.logging() || a.job.attempts() > 1) {
      line(a, INFO, "attempt " + count(a.job) + " completed in " + ran(a, took));
    }
  }

  /**
   * The wait an attempt ended with (a durable sleep, a signal, children), when the attempt wrote
   * anything else: a quick durable job stays as cheap as any other.
   */
  void waiting(Attempt a, Wait wait) {
    if (!a.logging()) {
      return;
    }
    StringBuilder b = new StringBuilder("attempt ").append(count(a.job)).append(" waits: ");
    switch (wait.reason()) {
      case SLEEP -> b.append("sleeping until ").append(wait.until());
      case SIGNAL ->
          b.append("for signal '").append(wait.signal()).append("' until ").append(wait.until());
      case CHILDREN -> b.append("for ").append(wait.children()).append(" finished children");
      default -> b.append(wait.reason());
    }
    line(a, INFO, b.append("; it is not counted as an attempt").toString());
  }

  /** The classified error of a failed attempt: code, message and the tail of its detail. */
  void failed(Attempt a, JobError error, Duration took) {
    StringBuilder b =
        new StringBuilder("attempt ")
            .append(count(a.job))
            .append(" failed after ")
            .append(ran(a, took))
            .append(" with ")
            .append(error.code())
            .append(": ")
            .append(JobLogText.detail(error.message()));
    if (!error.suggestion().isEmpty()) {
      b.append("\n  suggestion: ").append(error.suggestion());
    }
    line(a, ERROR, b.toString());
  }

  /** The retry a failure was given: when, and why. */
  void retrying(Job failed, JobError error, Instant runAt, Duration delay) {
    job(
        failed.id(),
        INFO,
        "retry scheduled for "
            + runAt
            + " (in "
            + t(delay)
            + ") as attempt "
            + (failed.attempts() + 1)
            + " of "
            + failed.maxAttempts()
            + ": "
            + error.code()
            + " is retryable");
  }

  /** The burial of a failed job: why, and what a person can do about it. */
  void buried(Job dead, JobError error) {
    String why;
    if (!error.retryable()) {
      why = error.code() + " is not worth retrying";
    } else if (dead.attempts() >= dead.maxAttempts()) {
      why = "out of attempts (" + count(dead) + ")";
    } else {
      why = "its retry policy does not retry " + error.code();
    }
    job(
        dead.id(),
        ERROR,
        "dead: "
            + why
            + ". Re-queue it with flow.requeue(\""
            + dead.id()
            + "\") once the cause is fixed, or delete it with flow.delete(\""
            + dead.id()
            + "\")");
  }

  private void write(String jobId, Instant at, String level, String message) {
    try {
      storage.jobs().appendLog(jobId, new JobLog(at, level, JobLogText.line(message)));
    } catch (RuntimeException e) {
      LOG.debug("job {}: a log line was not stored: {}", jobId, Redactor.redact(e.toString()));
    }
  }

  /** {@code 2 of 3}. */
  static String count(Job job) {
    return job.attempts() + " of " + job.maxAttempts();
  }

  /**
   * How long the handler ran, by the system's monotonic time (as the stages are timed), so that it
   * reads true under a manual clock too; else {@code took}, on the engine's clock.
   */
  private static String ran(Attempt a, Duration took) {
    long nanos = a.ranNanos;
    return t(nanos > 0 ? Duration.ofNanos(nanos) : took);
  }

  private static String t(Duration d) {
    return JobLogText.took(d);
  }
}
