package io.mediaflow.api.rule;

/**
 * What a rule does when it fires while {@link RuleSettings#maxConcurrent()} of its runs are still
 * going (Temporal's overlap policies). The decision is taken by the store, atomically with the
 * submit, so it holds across every engine sharing one store.
 */
public enum OverlapPolicy {
  /** The new run is not started (counted as skipped). The default. */
  SKIP,
  /**
   * One run waits (as a {@code SCHEDULED} job) and starts when a running one finishes; a further
   * one while it waits is skipped.
   */
  BUFFER_ONE,
  /** Every run waits, and they start in the order they fired as running ones finish. */
  BUFFER_ALL,
  /** The running runs (and waiting ones) are cancelled and the new run starts at once. */
  CANCEL_OTHER,
  /** The new run starts whatever is running: {@code maxConcurrent} is not enforced. */
  ALLOW_ALL
}
