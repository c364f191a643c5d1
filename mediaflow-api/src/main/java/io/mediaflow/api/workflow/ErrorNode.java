package io.mediaflow.api.workflow;

import java.util.Objects;
import java.util.Set;

/**
 * Handles the failure of the nodes that name it in their {@link NodeSettings#onError()}: {@code
 * {"id": "fail1", "type": "error", "retry": {"maxAttempts": 3}, "then": "fallback"}}. With {@link
 * ErrorPolicy.Then#FALLBACK} the run follows its {@link #FALLBACK} port.
 *
 * @param id the node's id
 * @param policy retries, then what
 */
public record ErrorNode(String id, ErrorPolicy policy) implements Node {

  /** The port followed when the policy ends in {@link ErrorPolicy.Then#FALLBACK}. */
  public static final String FALLBACK = "fallback";

  public ErrorNode {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(policy, "policy");
  }

  @Override
  public String type() {
    return "error";
  }

  @Override
  public Set<String> ports() {
    return Set.of(FALLBACK);
  }
}
