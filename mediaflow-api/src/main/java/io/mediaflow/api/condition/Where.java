package io.mediaflow.api.condition;

import java.util.List;
import java.util.Objects;

/**
 * The left side of a comparison being built: {@code Condition.where("trigger",
 * "size").gt("500MB")}. Each method ends it with an operator and a right side (a {@link Value}, a
 * literal or a template).
 */
public final class Where {

  private final Value left;

  Where(Value left) {
    this.left = Objects.requireNonNull(left, "left");
  }

  private Comparison op(Operator op, Object right) {
    return new Comparison(left, op, Value.of(right), false);
  }

  /** Equal after coercion. */
  public Comparison eq(Object right) {
    return op(Operator.EQ, right);
  }

  /** Not equal after coercion. */
  public Comparison ne(Object right) {
    return op(Operator.NE, right);
  }

  /** Greater than. */
  public Comparison gt(Object right) {
    return op(Operator.GT, right);
  }

  /** Greater than or equal. */
  public Comparison gte(Object right) {
    return op(Operator.GTE, right);
  }

  /** Less than. */
  public Comparison lt(Object right) {
    return op(Operator.LT, right);
  }

  /** Less than or equal. */
  public Comparison lte(Object right) {
    return op(Operator.LTE, right);
  }

  /** Holds a text, an element or a key. */
  public Comparison contains(Object right) {
    return op(Operator.CONTAINS, right);
  }

  /** Starts with a text. */
  public Comparison startsWith(Object right) {
    return op(Operator.STARTS_WITH, right);
  }

  /** Ends with a text. */
  public Comparison endsWith(Object right) {
    return op(Operator.ENDS_WITH, right);
  }

  /** Is one of {@code values}. */
  public Comparison in(Object... values) {
    return new Comparison(left, Operator.IN, Value.literal(List.of(values)), false);
  }

  /** Is one of the elements of the list {@code right} (a reference or a literal list). */
  public Comparison inList(Object right) {
    return op(Operator.IN, right);
  }

  /** Has a value. */
  public Comparison exists() {
    return new Comparison(left, Operator.EXISTS, Value.literal(true), false);
  }

  /** Has no value (missing or null). */
  public Comparison missing() {
    return new Comparison(left, Operator.EXISTS, Value.literal(false), false);
  }

  /**
   * Finds {@code pattern} (RE2 syntax) in the text, with {@code flags} ({@code i}, {@code m},
   * {@code s}).
   */
  public RegexCondition matches(String pattern, String flags) {
    return new RegexCondition(left, pattern, flags);
  }
}
