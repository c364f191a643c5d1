package io.mediaflow.api.store;

import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.rule.OverlapPolicy;
import java.util.Objects;

/**
 * A job to submit under a concurrency limit, as {@link JobStore#submitLimited} takes it: a rule's
 * run, held to the rule's {@code maxConcurrent} with its overlap policy.
 *
 * @param request the job
 * @param limitKey the jobs that share the limit (a rule's id); 1 to 128 characters
 * @param maxConcurrent how many of them may run at once, 1 or more (the latest request's value is
 *     the one the store holds to)
 * @param overlap what to do when that many run already
 */
public record LimitedRequest(
    JobRequest request, String limitKey, int maxConcurrent, OverlapPolicy overlap) {

  public LimitedRequest {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(limitKey, "limitKey");
    if (limitKey.isEmpty() || limitKey.length() > 128) {
      throw new IllegalArgumentException("a limit key is 1 to 128 characters: " + limitKey);
    }
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException(
          "maxConcurrent must be 1 or more but was " + maxConcurrent);
    }
    Objects.requireNonNull(overlap, "overlap");
  }
}
