package io.mediaflow.api.store;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.JobState;

/** A storage failure: the job it concerns, if any, is in the message. */
public class StorageException extends MediaFlowException {

  private static final long serialVersionUID = 1L;

  /** The job does not exist. */
  public static final ErrorCode JOB_NOT_FOUND =
      ErrorCode.of("JOB_NOT_FOUND", ErrorCode.Category.VALIDATION, false);

  /**
   * The caller's lease is gone (expired and taken over, or the job was cancelled): it must stop and
   * must not report a result.
   */
  public static final ErrorCode LEASE_LOST =
      ErrorCode.of("LEASE_LOST", ErrorCode.Category.PROCESSING, false);

  /** The store cannot be reached or failed; worth retrying. */
  public static final ErrorCode STORAGE_UNAVAILABLE =
      ErrorCode.of("STORAGE_UNAVAILABLE", ErrorCode.Category.CONFIGURATION, true);

  /**
   * The job cannot be deleted yet: it is pending, scheduled, processing or failed. Only a
   * completed, cancelled or dead job can be.
   */
  public static final ErrorCode JOB_ACTIVE =
      ErrorCode.of("JOB_ACTIVE", ErrorCode.Category.VALIDATION, false);

  /**
   * The job is over (completed, cancelled or dead) and takes no more signals: nothing was stored.
   */
  public static final ErrorCode JOB_FINISHED =
      ErrorCode.of("JOB_FINISHED", ErrorCode.Category.VALIDATION, false);

  /**
   * A workflow was saved over a revision that is not its latest (or created twice): another save
   * came first. Nothing was stored.
   */
  public static final ErrorCode WORKFLOW_CONFLICT =
      ErrorCode.of("WORKFLOW_CONFLICT", ErrorCode.Category.VALIDATION, false);

  /**
   * A rule was saved over a revision that is not its latest (or created twice): another save came
   * first. Nothing was stored.
   */
  public static final ErrorCode RULE_CONFLICT =
      ErrorCode.of("RULE_CONFLICT", ErrorCode.Category.VALIDATION, false);

  public StorageException(ErrorCode code, String message, String suggestion) {
    super(code, message, suggestion);
  }

  public StorageException(ErrorCode code, String message, String suggestion, Throwable cause) {
    super(code, message, suggestion, code.retryable(), cause);
  }

  public static StorageException notFound(String jobId) {
    return new StorageException(JOB_NOT_FOUND, "job " + jobId + " does not exist", "check the id");
  }

  /**
   * {@link #JOB_ACTIVE}: {@code jobId}, in {@code state}, cannot be deleted; the suggestion says
   * what to do first.
   */
  public static StorageException active(String jobId, JobState state) {
    String suggestion =
        state == JobState.FAILED
            ? "wait: its engine retries it or buries it at once; delete it once it is DEAD, or"
                + " cancel it while it is SCHEDULED and delete it then"
            : "cancel it first (flow.cancel(\"" + jobId + "\")), then delete it";
    return new StorageException(
        JOB_ACTIVE,
        "job "
            + jobId
            + " is "
            + state
            + ": only a COMPLETED, CANCELLED or DEAD job can be deleted",
        suggestion);
  }

  /** {@link #JOB_FINISHED}: {@code jobId}, in {@code state}, takes no signal named {@code name}. */
  public static StorageException finished(String jobId, JobState state, String name) {
    return new StorageException(
        JOB_FINISHED,
        "job " + jobId + " is " + state + ": signal '" + name + "' was not stored",
        "signal a job while it is pending, scheduled or processing");
  }

  public static StorageException leaseLost(String jobId) {
    return new StorageException(
        LEASE_LOST,
        "the lease on job " + jobId + " is no longer held by this worker",
        "another worker took the job over after the lease expired; drop this attempt's result");
  }
}
