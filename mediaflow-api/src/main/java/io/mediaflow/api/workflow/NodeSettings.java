package io.mediaflow.api.workflow;

import io.mediaflow.api.job.RetryPolicy;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How an action node runs: its time limit, its retries, which outputs become workflow variables,
 * and which error node handles its failure.
 *
 * @param timeout the longest one attempt may take; {@link Duration#ZERO} for no limit
 * @param retry attempts and backoff of the node before its error handling starts; {@link
 *     RetryPolicy#none()} (one attempt) by default
 * @param output workflow variable name → output name of the action: {@code {"file": "path"}} makes
 *     {@code ${vars.file}} the action's {@code path} output
 * @param onError the id of the {@link ErrorNode} that handles a failure; empty for the workflow's
 *     {@link Workflow#onError() policy}
 */
public record NodeSettings(
    Duration timeout, RetryPolicy retry, Map<String, String> output, String onError) {

  /** No time limit, one attempt, no output mapping, the workflow's error policy. */
  public static final NodeSettings DEFAULT =
      new NodeSettings(Duration.ZERO, RetryPolicy.none(), Map.of(), "");

  public NodeSettings {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(retry, "retry");
    output = Collections.unmodifiableMap(new LinkedHashMap<>(output));
    Objects.requireNonNull(onError, "onError");
  }

  /** Whether {@link #timeout()} limits an attempt. */
  public boolean hasTimeout() {
    return !timeout.isZero();
  }

  /** These settings with another time limit. */
  public NodeSettings withTimeout(Duration value) {
    return new NodeSettings(value, retry, output, onError);
  }

  /** These settings with another retry policy. */
  public NodeSettings withRetry(RetryPolicy value) {
    return new NodeSettings(timeout, value, output, onError);
  }

  /** These settings with one more output mapping: variable {@code var} gets output {@code name}. */
  public NodeSettings withOutput(String var, String name) {
    Map<String, String> copy = new LinkedHashMap<>(output);
    copy.put(Objects.requireNonNull(var, "var"), Objects.requireNonNull(name, "name"));
    return new NodeSettings(timeout, retry, copy, onError);
  }

  /** These settings with another error node. */
  public NodeSettings withOnError(String errorNodeId) {
    return new NodeSettings(timeout, retry, output, errorNodeId);
  }
}
