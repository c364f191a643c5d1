package io.mediaflow.api.workflow;

import java.util.Objects;
import java.util.Set;

/**
 * If/else: {@code {"id": "big", "type": "condition", "if": {...}}} leaves by port {@link #TRUE}
 * when its comparison holds, else by {@link #FALSE}. For a choice among several values see {@link
 * SwitchNode}.
 *
 * @param id the node's id
 * @param test the comparison
 */
public record ConditionNode(String id, Comparison test) implements Node {

  /** The port taken when the comparison holds. */
  public static final String TRUE = "true";

  /** The port taken when it does not. */
  public static final String FALSE = "false";

  public ConditionNode {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(test, "test");
  }

  @Override
  public String type() {
    return "condition";
  }

  @Override
  public Set<String> ports() {
    return Set.of(TRUE, FALSE);
  }
}
