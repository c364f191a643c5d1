package io.mediaflow.api.workflow;

import java.util.Objects;
import java.util.Optional;

/**
 * The test of a {@link ConditionNode}: {@code {"left": "${nodes.dl.output.size}", "op": "gt",
 * "right": 1000000}}. Each side is a literal (string, number, boolean, null) or a template.
 *
 * @param left the left side; may be null (JSON {@code null})
 * @param op how the sides are compared
 * @param right the right side; may be null (JSON {@code null})
 */
public record Comparison(Object left, Op op, Object right) {

  /** How a comparison compares its sides. */
  public enum Op {
    EQ("eq"),
    NE("ne"),
    GT("gt"),
    GTE("gte"),
    LT("lt"),
    LTE("lte"),
    CONTAINS("contains"),
    STARTS_WITH("startsWith"),
    ENDS_WITH("endsWith");

    private final String jsonName;

    Op(String jsonName) {
      this.jsonName = jsonName;
    }

    /** The JSON name, such as {@code startsWith}. */
    public String jsonName() {
      return jsonName;
    }

    /** The operator with this JSON name (exact case), if any. */
    public static Optional<Op> ofJsonName(String name) {
      for (Op op : values()) {
        if (op.jsonName.equals(name)) {
          return Optional.of(op);
        }
      }
      return Optional.empty();
    }
  }

  public Comparison {
    Objects.requireNonNull(op, "op");
  }

  /** {@code left op right}. */
  public static Comparison of(Object left, Op op, Object right) {
    return new Comparison(left, op, right);
  }
}
