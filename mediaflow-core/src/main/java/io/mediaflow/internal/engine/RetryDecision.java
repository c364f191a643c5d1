package io.mediaflow.internal.engine;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.RetryAfterException;
import io.mediaflow.api.job.RetryPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place that decides what follows a failed attempt: a retry after the policy's back-off, or
 * burial. Both the engine's own failures and the stranded ones found at start go through it.
 */
final class RetryDecision {

  private final EngineConfig config;
  private final Map<RetryPolicy, Backoff> backoffs = new ConcurrentHashMap<>();

  RetryDecision(EngineConfig config) {
    this.config = config;
  }

  /**
   * The wait before the next attempt of a job that failed with {@code error}, as recorded in the
   * store; empty when it must be buried (not retryable, or out of attempts).
   */
  Optional<Duration> retryDelay(Job failed, JobError error) {
    return retryDelay(failed, error, Duration.ZERO);
  }

  /**
   * As {@link #retryDelay(Job, JobError)}, waiting at least {@code notBefore} (a handler's {@code
   * Retry-After}, already capped): the longer of it and the policy's delay.
   */
  Optional<Duration> retryDelay(Job failed, JobError error, Duration notBefore) {
    RetryPolicy policy = config.retryPolicy(failed);
    if (!policy.isRetryable(error) || failed.attempts() >= failed.maxAttempts()) {
      return Optional.empty();
    }
    // a backoff per policy: a rule's runs may have their own (RetryPolicy is a value)
    Backoff backoff = backoffs.computeIfAbsent(policy, Backoff::new);
    Duration delay = backoff.delayAfter(failed.attempts());
    return Optional.of(delay.compareTo(notBefore) >= 0 ? delay : notBefore);
  }

  /** The capped {@code Retry-After} a failure asks for; zero when it asks for none. */
  static Duration retryAfter(Throwable failure) {
    return failure instanceof RetryAfterException r ? r.cappedRetryAfter() : Duration.ZERO;
  }
}
