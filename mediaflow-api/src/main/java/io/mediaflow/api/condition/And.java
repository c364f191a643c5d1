package io.mediaflow.api.condition;

import java.util.List;

/**
 * Holds when every one of its conditions holds; evaluated left to right, stopping at the first that
 * does not. An empty list holds.
 *
 * @param conditions the conditions, in order
 */
public record And(List<Condition> conditions) implements Condition {

  /** Copies the list; it holds no null. */
  public And {
    conditions = List.copyOf(conditions);
  }

  @Override
  public String type() {
    return "and";
  }
}
