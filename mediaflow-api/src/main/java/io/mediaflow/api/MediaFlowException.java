package io.mediaflow.api;

import java.util.Objects;

/**
 * The root of every error mediaflow raises: unchecked, with a stable {@link ErrorCode}, a retryable
 * flag and a suggestion a person can act on.
 */
public class MediaFlowException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final boolean retryable;
  private final String suggestion;

  public MediaFlowException(ErrorCode code, String message, String suggestion) {
    this(code, message, suggestion, code.retryable(), null);
  }

  public MediaFlowException(
      ErrorCode code, String message, String suggestion, boolean retryable, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.code = Objects.requireNonNull(code, "code");
    this.retryable = retryable;
    this.suggestion = suggestion == null ? "" : suggestion;
  }

  /** The stable code of this failure. */
  public ErrorCode code() {
    return code;
  }

  /** Whether trying again may succeed. */
  public boolean retryable() {
    return retryable;
  }

  /** What a person can do about it; empty when there is nothing useful to say. */
  public String suggestion() {
    return suggestion;
  }

  @Override
  public String getMessage() {
    String base = code.code() + ": " + super.getMessage();
    return suggestion.isEmpty() ? base : base + " (" + suggestion + ")";
  }

  /** The message without the code and the suggestion. */
  public String detail() {
    return super.getMessage();
  }
}
