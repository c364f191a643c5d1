package io.mediaflow.api.store;

import java.util.Objects;
import java.util.Optional;

/**
 * One successful attempt to record with {@link JobStore#completeAll}.
 *
 * @param jobId the job
 * @param leaseToken the token of the claim that ran it
 * @param result what it produced
 */
public record Completion(String jobId, String leaseToken, Optional<String> result) {

  public Completion {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(leaseToken, "leaseToken");
    result = result == null ? Optional.empty() : result;
  }
}
