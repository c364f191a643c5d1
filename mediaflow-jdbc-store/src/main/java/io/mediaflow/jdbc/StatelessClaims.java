package io.mediaflow.jdbc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jobs this store claimed with no saved state ({@code job_states} rows), so that the first {@code
 * loadState} of such a job's attempt is answered without a query: a workflow run that never ran (a
 * rule's run, a first attempt) loads its cursor at the start of every attempt, and on PostgreSQL
 * the claim tells in the same statement whether there is one.
 *
 * <p>A mark is taken by the job's first {@code loadState} (whatever its name), dropped by any save
 * of a state of the job through this store, and honoured only within the claim's lease: so a mark
 * cannot outlive the attempt that made it and answer for states another node's later attempt wrote.
 * Marks are a cache: dropping them all (when there are more than {@value #MAX}, jobs that never
 * load state) only costs queries.
 */
final class StatelessClaims {

  /** The most marks kept; beyond, they are all dropped. */
  static final int MAX = 50_000;

  /** Job id to the {@link System#nanoTime()} its mark stops holding at (its lease's end). */
  private final Map<String, Long> marks = new ConcurrentHashMap<>();

  /** A job claimed with no saved state, its lease running for {@code leaseNanos} from now. */
  void claimed(String jobId, long leaseNanos) {
    if (marks.size() >= MAX) {
      marks.clear();
    }
    marks.put(jobId, System.nanoTime() + leaseNanos);
  }

  /** A job claimed with saved state: an earlier mark (of an earlier attempt) goes. */
  void claimedWithState(String jobId) {
    marks.remove(jobId);
  }

  /**
   * Whether the job is known to have no saved state, now: true once per claim, within its lease;
   * the mark goes either way.
   */
  boolean takeStateless(String jobId) {
    Long until = marks.remove(jobId);
    return until != null && System.nanoTime() - until < 0;
  }

  /** A state of the job is being saved: it has state from now on. */
  void saving(String jobId) {
    marks.remove(jobId);
  }
}
