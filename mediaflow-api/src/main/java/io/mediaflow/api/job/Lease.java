package io.mediaflow.api.job;

import java.time.Instant;
import java.util.Objects;

/**
 * A worker's claim on a job.
 *
 * @param owner the worker (and node) holding it
 * @param token unique per claim: completing, failing or heartbeating needs it, so a worker whose
 *     lease was taken over can no longer change the job
 * @param expiresAt when the watchdog may take the job back unless heartbeated
 */
public record Lease(String owner, String token, Instant expiresAt) {

  public Lease {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
