package io.mediaflow.api.job;

import java.util.Objects;

/**
 * Why an attempt failed.
 *
 * @param code the error code, such as {@code PROCESSING_FAILED}
 * @param message what went wrong
 * @param retryable whether another attempt may succeed
 * @param suggestion what a person can do; may be empty
 */
public record JobError(String code, String message, boolean retryable, String suggestion) {

  public JobError {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    suggestion = suggestion == null ? "" : suggestion;
  }
}
