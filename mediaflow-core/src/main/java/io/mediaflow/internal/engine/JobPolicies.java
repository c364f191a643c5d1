package io.mediaflow.internal.engine;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.RetryPolicy;
import java.time.Duration;
import java.util.Optional;

/**
 * Retry policies and timeouts of single jobs, over those of their type: a rule's runs follow the
 * rule's settings. Called on every failure and every start, so it must be quick.
 */
public interface JobPolicies {

  /** None: every job follows its type. */
  JobPolicies NONE =
      new JobPolicies() {
        @Override
        public Optional<RetryPolicy> retryPolicy(Job job) {
          return Optional.empty();
        }

        @Override
        public Optional<Duration> timeout(Job job) {
          return Optional.empty();
        }
      };

  /** The job's own retry policy; empty for its type's. */
  Optional<RetryPolicy> retryPolicy(Job job);

  /** The job's own timeout; empty for its type's. */
  Optional<Duration> timeout(Job job);

  /**
   * The least severe lines the job's log keeps ({@code DEBUG}, {@code INFO}, {@code WARN} or {@code
   * ERROR}); empty keeps every line. An attempt's start line is always kept.
   */
  default Optional<String> logLevel(Job job) {
    return Optional.empty();
  }
}
