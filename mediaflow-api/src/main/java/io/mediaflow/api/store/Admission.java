package io.mediaflow.api.store;

import io.mediaflow.api.job.Job;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link JobStore#submitLimited} did with one {@link LimitedRequest}.
 *
 * @param outcome what happened
 * @param job the job stored (or the earlier one with the same idempotency key); empty when skipped
 * @param cancelled the jobs cancelled to make room ({@link
 *     io.mediaflow.api.rule.OverlapPolicy#CANCEL_OTHER}), by id
 */
public record Admission(Outcome outcome, Optional<Job> job, List<String> cancelled) {

  /** What happened to a request. */
  public enum Outcome {
    /** Stored to run (pending, or scheduled for its {@code runAt}), holding one of the places. */
    STARTED,
    /**
     * Stored to wait (scheduled, {@link io.mediaflow.api.job.WaitReason#OVERLAP}) until a running
     * job of its key finishes.
     */
    BUFFERED,
    /** Not stored: as many run as may and the policy skips (or buffers no more). */
    SKIPPED,
    /** Not stored again: a job with its idempotency key exists, which {@link #job()} is. */
    DUPLICATE
  }

  public Admission {
    Objects.requireNonNull(outcome, "outcome");
    job = job == null ? Optional.empty() : job;
    cancelled = cancelled == null ? List.of() : List.copyOf(cancelled);
  }
}
