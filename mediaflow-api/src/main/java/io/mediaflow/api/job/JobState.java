package io.mediaflow.api.job;

/**
 * Where a job is in its life. The legal moves between states are in {@link JobTransitions}; every
 * storage adapter enforces them.
 */
public enum JobState {
  /** Due now, waiting for a worker. */
  PENDING,
  /** Due later: a delayed submit, a retry backoff, or a workflow waiting. */
  SCHEDULED,
  /** Claimed by a worker under a lease. */
  PROCESSING,
  /** Finished successfully. Terminal. */
  COMPLETED,
  /** The last attempt failed; next is a retry (scheduled) or the dead state. */
  FAILED,
  /** Out of attempts or not retryable; kept for inspection and re-queueing by hand. */
  DEAD,
  /** Cancelled by request. Terminal. */
  CANCELLED;

  /** Whether nothing more can happen to a job in this state. */
  public boolean isTerminal() {
    return this == COMPLETED || this == CANCELLED;
  }
}
