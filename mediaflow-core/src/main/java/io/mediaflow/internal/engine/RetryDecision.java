package io.mediaflow.internal.engine;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
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
    RetryPolicy policy = config.retryPolicy(failed);
    if (!policy.isRetryable(error) || failed.attempts() >= failed.maxAttempts()) {
      return Optional.empty();
    }
    // a backoff per policy: a rule's runs may have their own (RetryPolicy is a value)
    Backoff backoff = backoffs.computeIfAbsent(policy, Backoff::new);
    return Optional.of(backoff.delayAfter(failed.attempts()));
  }
}
