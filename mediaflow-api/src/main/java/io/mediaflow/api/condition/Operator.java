package io.mediaflow.api.condition;

import java.util.Optional;

/** How a {@link Comparison} (or a {@link MediaCondition}) compares its sides. */
public enum Operator {
  /** Equal after coercion ({@code 1 eq "1.0"}, {@code "10m" eq "PT10M"}). */
  EQ("eq"),
  /** Not equal. */
  NE("ne"),
  /** Greater than. */
  GT("gt"),
  /** Greater than or equal. */
  GTE("gte"),
  /** Less than. */
  LT("lt"),
  /** Less than or equal. */
  LTE("lte"),
  /** A text holds a text, a list holds an element, a map holds a key. */
  CONTAINS("contains"),
  /** A text starts with a text. */
  STARTS_WITH("startsWith"),
  /** A text ends with a text. */
  ENDS_WITH("endsWith"),
  /** The left side is an element of the right-hand list (a key of a map, a part of a text). */
  IN("in"),
  /**
   * The left side has a value (not missing, not null); the right side, if any, is true or false.
   */
  EXISTS("exists");

  private final String jsonName;

  Operator(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The JSON name, such as {@code startsWith}. */
  public String jsonName() {
    return jsonName;
  }

  /** Whether it orders its sides ({@code gt gte lt lte}). */
  public boolean orders() {
    return this == GT || this == GTE || this == LT || this == LTE;
  }

  /** The operator with this JSON name (exact case), if any. */
  public static Optional<Operator> ofJsonName(String name) {
    for (Operator op : values()) {
      if (op.jsonName.equals(name)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }
}
