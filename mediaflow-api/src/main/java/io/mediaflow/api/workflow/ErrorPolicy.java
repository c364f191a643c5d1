package io.mediaflow.api.workflow;

import io.mediaflow.api.job.RetryPolicy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What happens when a node fails: retry it, then {@link Then fall back, skip, abort or pause}. An
 * {@link ErrorNode} holds one for the nodes that name it; {@link Workflow#onError()} holds the one
 * for every other node.
 *
 * {@snippet :
 * ErrorPolicy diskFull = ErrorPolicy.pause("notify.email", Map.of("to", "ops@example.com"))
 *     .withRetry(RetryPolicy.builder().maxAttempts(3).build());
 * }
 *
 * @param retry how often the failed node is tried again (with backoff) before {@code then}; {@link
 *     RetryPolicy#none()} for no retry
 * @param then what happens when the retries are spent
 * @param notifyAction for {@link Then#PAUSE}: the action told that the run paused (such as {@code
 *     notify.email}); empty for none
 * @param notifyParams the parameters of {@code notifyAction}
 */
public record ErrorPolicy(
    RetryPolicy retry, Then then, String notifyAction, Map<String, Object> notifyParams) {

  /** What happens after the retries. */
  public enum Then {
    /** Follow the error node's {@code fallback} port. Only in an {@link ErrorNode}. */
    FALLBACK,
    /** Go on after the failed node as if it succeeded with an empty output. */
    SKIP,
    /** The run fails. */
    ABORT,
    /**
     * Publish {@code workflow.paused}, call the {@code notify} action if any, wait for the signal
     * {@code resume}, then try the node again.
     */
    PAUSE;

    /** The JSON name, such as {@code fallback}. */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The default of a workflow: no retry, the run fails. */
  public static final ErrorPolicy ABORT =
      new ErrorPolicy(RetryPolicy.none(), Then.ABORT, "", Map.of());

  public ErrorPolicy {
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(then, "then");
    Objects.requireNonNull(notifyAction, "notifyAction");
    notifyParams = Collections.unmodifiableMap(new LinkedHashMap<>(notifyParams));
  }

  /** No retry, then follow the {@code fallback} port. */
  public static ErrorPolicy fallback() {
    return new ErrorPolicy(RetryPolicy.none(), Then.FALLBACK, "", Map.of());
  }

  /** No retry, then go on with an empty output. */
  public static ErrorPolicy skip() {
    return new ErrorPolicy(RetryPolicy.none(), Then.SKIP, "", Map.of());
  }

  /** No retry, then the run fails. */
  public static ErrorPolicy abort() {
    return ABORT;
  }

  /** No retry, then pause (without notifying anyone) until the signal {@code resume}. */
  public static ErrorPolicy pause() {
    return new ErrorPolicy(RetryPolicy.none(), Then.PAUSE, "", Map.of());
  }

  /**
   * No retry, then call the action {@code notifyAction} and pause until the signal {@code resume}.
   */
  public static ErrorPolicy pause(String notifyAction, Map<String, Object> notifyParams) {
    return new ErrorPolicy(RetryPolicy.none(), Then.PAUSE, notifyAction, notifyParams);
  }

  /** This policy with retries first. */
  public ErrorPolicy withRetry(RetryPolicy value) {
    return new ErrorPolicy(value, then, notifyAction, notifyParams);
  }
}
