package io.mediaflow.api.rule;

import io.mediaflow.api.job.RetryPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a rule's runs are run.
 *
 * <p><b>Priority.</b> A run's job gets {@code priority} as it is. Host jobs default to priority 0,
 * so a rule's run (1 to 10, default 5) is claimed before a host job of default priority that is due
 * at the same time; a host that wants its own jobs first submits them with a priority above 10.
 *
 * @param priority 1 to 10, higher first; default {@value #DEFAULT_PRIORITY}
 * @param maxConcurrent how many runs may go on at once, 1 or more; default 1
 * @param overlap what to do when one more fires; default {@link OverlapPolicy#SKIP}
 * @param timeout how long one attempt of a run may take; empty for the engine's workflow timeout
 * @param retry how failed runs are retried; empty for the engine's policy of workflow runs
 * @param logLevel the least severe lines a run logs; default {@link LogLevel#INFO}
 */
public record RuleSettings(
    int priority,
    int maxConcurrent,
    OverlapPolicy overlap,
    Optional<Duration> timeout,
    Optional<RetryPolicy> retry,
    LogLevel logLevel) {

  public static final int DEFAULT_PRIORITY = 5;
  public static final int MIN_PRIORITY = 1;
  public static final int MAX_PRIORITY = 10;

  /** Priority 5, one run at a time, skipping overlaps, the engine's timeout and retries. */
  public static final RuleSettings DEFAULTS =
      new RuleSettings(
          DEFAULT_PRIORITY,
          1,
          OverlapPolicy.SKIP,
          Optional.empty(),
          Optional.empty(),
          LogLevel.INFO);

  public RuleSettings {
    if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
      throw new IllegalArgumentException("priority must be 1 to 10 but was " + priority);
    }
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException(
          "maxConcurrent must be 1 or more but was " + maxConcurrent);
    }
    overlap = overlap == null ? OverlapPolicy.SKIP : overlap;
    timeout = timeout == null ? Optional.empty() : timeout;
    timeout.ifPresent(
        t -> {
          if (t.isNegative() || t.isZero()) {
            throw new IllegalArgumentException("timeout must be positive but was " + t);
          }
        });
    retry = retry == null ? Optional.empty() : retry;
    logLevel = logLevel == null ? LogLevel.INFO : logLevel;
  }

  public RuleSettings withPriority(int value) {
    return new RuleSettings(value, maxConcurrent, overlap, timeout, retry, logLevel);
  }

  public RuleSettings withConcurrency(int max, OverlapPolicy policy) {
    return new RuleSettings(
        priority, max, Objects.requireNonNull(policy), timeout, retry, logLevel);
  }

  public RuleSettings withTimeout(Duration value) {
    return new RuleSettings(priority, maxConcurrent, overlap, Optional.of(value), retry, logLevel);
  }

  public RuleSettings withRetry(RetryPolicy value) {
    return new RuleSettings(
        priority, maxConcurrent, overlap, timeout, Optional.of(value), logLevel);
  }

  public RuleSettings withLogLevel(LogLevel value) {
    return new RuleSettings(priority, maxConcurrent, overlap, timeout, retry, value);
  }
}
