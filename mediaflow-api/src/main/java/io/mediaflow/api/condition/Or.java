package io.mediaflow.api.condition;

import java.util.List;

/**
 * Holds when at least one of its conditions holds; evaluated left to right, stopping at the first
 * that does. An empty list does not hold.
 *
 * @param conditions the conditions, in order
 */
public record Or(List<Condition> conditions) implements Condition {

  /** Copies the list; it holds no null. */
  public Or {
    conditions = List.copyOf(conditions);
  }

  @Override
  public String type() {
    return "or";
  }
}
