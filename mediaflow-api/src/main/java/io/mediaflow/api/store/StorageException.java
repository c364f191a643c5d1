package io.mediaflow.api.store;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;

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

  public StorageException(ErrorCode code, String message, String suggestion) {
    super(code, message, suggestion);
  }

  public StorageException(ErrorCode code, String message, String suggestion, Throwable cause) {
    super(code, message, suggestion, code.retryable(), cause);
  }

  public static StorageException notFound(String jobId) {
    return new StorageException(JOB_NOT_FOUND, "job " + jobId + " does not exist", "check the id");
  }

  public static StorageException leaseLost(String jobId) {
    return new StorageException(
        LEASE_LOST,
        "the lease on job " + jobId + " is no longer held by this worker",
        "another worker took the job over after the lease expired; drop this attempt's result");
  }
}
