package io.mediaflow.api.job;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import java.time.Duration;
import java.util.Objects;

/**
 * A retryable failure whose next attempt must come no sooner than {@link #retryAfter()}: what a
 * handler throws when a server answered {@code 429 Too Many Requests} or {@code 503} with {@code
 * Retry-After}. The engine waits the longer of this and the delay of the job's {@link RetryPolicy},
 * the hint capped at {@link #MAX_RETRY_AFTER}; the policy's attempts still count, so a job out of
 * attempts is buried all the same.
 *
 * {@snippet :
 * if (response.status() == 429) {
 *   throw new RetryAfterException(
 *       ErrorCode.NETWORK, "the API is rate-limited", "", Duration.ofSeconds(120));
 * }
 * }
 *
 * <p>The hint applies to the retry recorded by the engine that ran the attempt. A failure found
 * stranded at start (its engine stopped before recording the retry) is retried after the policy's
 * delay alone: the store keeps the error, not the hint.
 */
public class RetryAfterException extends MediaFlowException {

  private static final long serialVersionUID = 1L;

  /** The longest wait a hint can ask for: a longer one is cut to this. */
  public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

  private final Duration retryAfter;

  /**
   * @param retryAfter the least wait before the next attempt; zero or positive
   * @throws IllegalArgumentException when {@code retryAfter} is negative
   */
  public RetryAfterException(
      ErrorCode code, String message, String suggestion, Duration retryAfter) {
    this(code, message, suggestion, retryAfter, null);
  }

  /** As the other constructor, with the failure's cause. */
  public RetryAfterException(
      ErrorCode code, String message, String suggestion, Duration retryAfter, Throwable cause) {
    super(code, message, suggestion, true, cause);
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException(
          "retryAfter must be zero or positive but was " + retryAfter);
    }
    this.retryAfter = retryAfter;
  }

  /** The least wait before the next attempt, as asked (before the cap). */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** The wait the engine honours: {@link #retryAfter()} cut to {@link #MAX_RETRY_AFTER}. */
  public Duration cappedRetryAfter() {
    return retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
  }
}
