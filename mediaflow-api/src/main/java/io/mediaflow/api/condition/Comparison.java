package io.mediaflow.api.condition;

import java.util.Objects;

/**
 * {@code left operator right}, with the coercion rules of {@code docs/conditions.md}: {@code
 * {"left": "${trigger.size}", "op": "gt", "right": "500MB"}} or, as the specification writes it,
 * {@code {"type": "comparison", "left": {"source": "media", "path": "duration"}, "operator": "gt",
 * "right": {"value": 1800}}}.
 *
 * @param left the left side
 * @param operator how the sides compare
 * @param right the right side ({@code exists}: true, or false for "does not exist")
 * @param ignoreCase whether texts compare without regard to case
 */
public record Comparison(Value left, Operator operator, Value right, boolean ignoreCase)
    implements Condition {

  /** Checks that every part is given. */
  public Comparison {
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(right, "right");
  }

  /** {@code left op right}, case-sensitive; each side a {@link Value}, a literal or a template. */
  public static Comparison of(Object left, Operator operator, Object right) {
    return new Comparison(Value.of(left), operator, Value.of(right), false);
  }

  /** The same comparison, ignoring case when it compares texts. */
  public Comparison ignoringCase() {
    return new Comparison(left, operator, right, true);
  }

  @Override
  public String type() {
    return "comparison";
  }
}
