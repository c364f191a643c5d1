package io.mediaflow.internal.workflow.run;

import io.mediaflow.api.MediaFlowException;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Decides a condition node's comparison. The minimal evaluator here (eq ne gt gte lt lte contains
 * startsWith endsWith over strings, numbers and booleans) is what the conditions issue replaces
 * with the full language; the runner depends on this interface only.
 */
public interface ConditionEvaluator {

  /**
   * Compares two resolved values.
   *
   * @param where the node, for the message ("workflow 'w' run 1 at node 'big'")
   * @throws MediaFlowException {@link RunErrors#CONDITION_INVALID} for an unknown operator or
   *     values it cannot compare
   */
  boolean test(Object left, String op, Object right, String where);

  /** The comparison evaluator of this first part. */
  static ConditionEvaluator minimal() {
    return Minimal.INSTANCE;
  }

  /** Comparisons over strings, numbers and booleans; numbers compare by value (1 eq 1.0). */
  final class Minimal implements ConditionEvaluator {
    static final Minimal INSTANCE = new Minimal();

    private Minimal() {}

    @Override
    public boolean test(Object left, String op, Object right, String where) {
      Objects.requireNonNull(op, "op");
      switch (op) {
        case "eq":
          return same(left, right);
        case "ne":
          return !same(left, right);
        case "gt":
          return compare(left, right, op, where) > 0;
        case "gte":
          return compare(left, right, op, where) >= 0;
        case "lt":
          return compare(left, right, op, where) < 0;
        case "lte":
          return compare(left, right, op, where) <= 0;
        case "contains":
          if (left instanceof Collection<?> c) {
            return c.stream().anyMatch(x -> same(x, right));
          }
          if (left instanceof Map<?, ?> m) {
            return m.containsKey(text(right));
          }
          return text(left).contains(text(right));
        case "startsWith":
          return text(left).startsWith(text(right));
        case "endsWith":
          return text(left).endsWith(text(right));
        default:
          throw new MediaFlowException(
              RunErrors.CONDITION_INVALID,
              where + ": unknown comparison '" + op + "'",
              "use one of eq ne gt gte lt lte contains startsWith endsWith");
      }
    }

    private static boolean same(Object a, Object b) {
      BigDecimal x = number(a);
      BigDecimal y = number(b);
      if (x != null && y != null) {
        return x.compareTo(y) == 0;
      }
      if (a instanceof Boolean || b instanceof Boolean) {
        return text(a).toLowerCase(Locale.ROOT).equals(text(b).toLowerCase(Locale.ROOT));
      }
      return Objects.equals(a, b) || (a != null && b != null && text(a).equals(text(b)));
    }

    private static int compare(Object a, Object b, String op, String where) {
      BigDecimal x = number(a);
      BigDecimal y = number(b);
      if (x != null && y != null) {
        return x.compareTo(y);
      }
      if (a instanceof String s && b instanceof String t) {
        return s.compareTo(t);
      }
      throw new MediaFlowException(
          RunErrors.CONDITION_INVALID,
          where
              + ": cannot compare "
              + describe(a)
              + " "
              + op
              + " "
              + describe(b)
              + "; "
              + op
              + " needs two numbers or two strings",
          "check that both sides resolve to numbers (a number in text counts)");
    }

    /** The value as a number: a number, or text that reads as one; else null. */
    static BigDecimal number(Object v) {
      if (v instanceof Number n) {
        try {
          return new BigDecimal(n.toString());
        } catch (NumberFormatException e) {
          return null; // NaN, Infinity
        }
      }
      if (v instanceof String s && !s.isBlank()) {
        try {
          return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
          return null;
        }
      }
      return null;
    }

    private static String text(Object v) {
      return v == null ? "" : v.toString();
    }

    private static String describe(Object v) {
      if (v == null) {
        return "null";
      }
      return (v instanceof String ? "\"" + v + "\"" : v.toString())
          + " ("
          + v.getClass().getSimpleName().toLowerCase(Locale.ROOT)
          + ")";
    }
  }
}
