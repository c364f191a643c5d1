package io.mediaflow.api.workflow;

import io.mediaflow.api.condition.Condition;
import java.util.Objects;
import java.util.Set;

/**
 * If/else: {@code {"id": "big", "type": "condition", "if": {...}}} leaves by port {@link #TRUE}
 * when its condition holds, else by {@link #FALSE}. The {@code if} is any {@link Condition}: the
 * short comparison {@code {"left": ..., "op": "gt", "right": ...}} or a whole tree ({@code
 * docs/conditions.md}). For a choice among several values see {@link SwitchNode}.
 *
 * @param id the node's id
 * @param test the condition
 */
public record ConditionNode(String id, Condition test) implements Node {

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
