package io.mediaflow.api.job;

/**
 * Why a {@link JobState#SCHEDULED} job waits, as {@link Job#waitReason()} and a job's status show
 * it. A job submitted to run later has none.
 */
public enum WaitReason {
  /** A durable sleep: {@link JobContext#sleep} or {@link JobContext#sleepUntil}. */
  SLEEP,
  /**
   * A signal: {@link JobContext#awaitSignal}; it wakes when the signal arrives or at its timeout.
   */
  SIGNAL,
  /** Its children: {@link JobContext#awaitChildren}; it wakes when enough of them have finished. */
  CHILDREN,
  /** The next attempt after a failed one, at the end of its backoff. */
  RETRY,
  /**
   * Its turn under a concurrency limit: a rule's run buffered behind the runs of its rule still
   * going ({@link io.mediaflow.api.store.JobStore#submitLimited}); the one that finishes releases
   * it.
   */
  OVERLAP
}
