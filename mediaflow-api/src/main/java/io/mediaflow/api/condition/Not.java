package io.mediaflow.api.condition;

import java.util.Objects;

/**
 * Holds when its condition does not.
 *
 * @param condition the condition negated
 */
public record Not(Condition condition) implements Condition {

  /** Checks that the condition is given. */
  public Not {
    Objects.requireNonNull(condition, "condition");
  }

  @Override
  public String type() {
    return "not";
  }
}
