package io.mediaflow.api.job;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one table of legal job state changes (DESIGN §5). Every storage adapter checks each change
 * against it, so an illegal change is an error, never a silent no-op.
 *
 * <pre>
 * (submit)    → PENDING | SCHEDULED
 * SCHEDULED   → PENDING (due) | CANCELLED
 * PENDING     → PROCESSING (claimed) | CANCELLED
 * PROCESSING  → COMPLETED | FAILED | PENDING (released, lease expired) | SCHEDULED (yield) | CANCELLED
 * FAILED      → SCHEDULED (retry) | DEAD
 * DEAD        → PENDING (re-queued by hand)
 * </pre>
 */
public final class JobTransitions {

  /** Raised for a change the table does not allow. */
  public static final ErrorCode ILLEGAL_TRANSITION =
      ErrorCode.of("ILLEGAL_TRANSITION", ErrorCode.Category.VALIDATION, false);

  private static final Map<JobState, Set<JobState>> NEXT = new EnumMap<>(JobState.class);

  static {
    NEXT.put(JobState.SCHEDULED, EnumSet.of(JobState.PENDING, JobState.CANCELLED));
    NEXT.put(JobState.PENDING, EnumSet.of(JobState.PROCESSING, JobState.CANCELLED));
    NEXT.put(
        JobState.PROCESSING,
        EnumSet.of(
            JobState.COMPLETED,
            JobState.FAILED,
            JobState.PENDING,
            JobState.SCHEDULED,
            JobState.CANCELLED));
    NEXT.put(JobState.FAILED, EnumSet.of(JobState.SCHEDULED, JobState.DEAD));
    NEXT.put(JobState.DEAD, EnumSet.of(JobState.PENDING));
    NEXT.put(JobState.COMPLETED, EnumSet.noneOf(JobState.class));
    NEXT.put(JobState.CANCELLED, EnumSet.noneOf(JobState.class));
  }

  private JobTransitions() {}

  /** The states a new job may start in. */
  public static Set<JobState> initial() {
    return EnumSet.of(JobState.PENDING, JobState.SCHEDULED);
  }

  /** Whether {@code from → to} is legal. */
  public static boolean allowed(JobState from, JobState to) {
    return NEXT.get(from).contains(to);
  }

  /** The states reachable from {@code from} in one step. */
  public static Set<JobState> next(JobState from) {
    return EnumSet.copyOf(
        NEXT.get(from).isEmpty() ? EnumSet.noneOf(JobState.class) : NEXT.get(from));
  }

  /**
   * Checks a change.
   *
   * @throws MediaFlowException {@link #ILLEGAL_TRANSITION} naming the job and both states
   */
  public static void check(String jobId, JobState from, JobState to) {
    if (!allowed(from, to)) {
      throw new MediaFlowException(
          ILLEGAL_TRANSITION,
          "job " + jobId + " cannot go from " + from + " to " + to,
          from.isTerminal()
              ? "the job is " + from + " and can no longer change"
              : "from " + from + " a job can go to " + NEXT.get(from));
    }
  }
}
