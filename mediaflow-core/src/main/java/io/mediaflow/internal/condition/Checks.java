package io.mediaflow.internal.condition;

import com.google.re2j.Pattern;
import io.mediaflow.api.condition.Operator;
import java.util.List;

/** The logical checks, comparisons and regular expressions. */
final class Checks {

  /** The longest text a regex condition searches: with the pattern's size, bounds its time. */
  static final int MAX_REGEX_TEXT = 1 << 20;

  private Checks() {}

  static Check all(List<Check> parts) {
    Check[] a = parts.toArray(new Check[0]);
    if (a.length == 2) {
      Check x = a[0];
      Check y = a[1];
      return ctx -> x.test(ctx) && y.test(ctx);
    }
    return ctx -> {
      for (Check c : a) {
        if (!c.test(ctx)) {
          return false;
        }
      }
      return true;
    };
  }

  static Check any(List<Check> parts) {
    Check[] a = parts.toArray(new Check[0]);
    return ctx -> {
      for (Check c : a) {
        if (c.test(ctx)) {
          return true;
        }
      }
      return false;
    };
  }

  static Check not(Check c) {
    return ctx -> !c.test(ctx);
  }

  /** {@code left op right}, with fast paths for a constant right side. */
  static Check compare(Operand left, Operator op, Operand right, boolean ignoreCase, String where) {
    if (right.isConstant()) {
      Object r = right.constant();
      if (r instanceof Number n && op != Operator.CONTAINS && op != Operator.IN) {
        return new NumberConstant(left, op, n, ignoreCase, where);
      }
      if (r instanceof String s && op.orders() && Coercion.number(s) == null) {
        // "30m" or "500MB" against a number: read the constant once, not at every evaluation
        Long millis = Coercion.durationMillis(s, false);
        Double bytes = millis == null ? Coercion.sizeBytes(s, false) : null;
        if (millis != null || bytes != null) {
          double scaled = millis != null ? millis / 1000.0 : bytes;
          return ctx -> {
            Object l = left.get(ctx, where);
            return l instanceof Number n
                ? ordered(op, Double.compare(n.doubleValue(), scaled))
                : Compare.test(op, l, s, ignoreCase, where);
          };
        }
      }
      if (r instanceof String s
          && !ignoreCase
          && (op == Operator.STARTS_WITH || op == Operator.ENDS_WITH)) {
        boolean starts = op == Operator.STARTS_WITH;
        return ctx -> {
          Object l = left.get(ctx, where);
          if (l instanceof String ls) {
            return starts ? ls.startsWith(s) : ls.endsWith(s);
          }
          return Compare.test(op, l, s, false, where);
        };
      }
      if (r instanceof Boolean b && (op == Operator.EQ || op == Operator.NE)) {
        boolean eq = op == Operator.EQ;
        return ctx -> {
          Object l = left.get(ctx, where);
          if (l instanceof Boolean lb) {
            return lb.equals(b) == eq;
          }
          return Compare.equal(l, b, ignoreCase) == eq;
        };
      }
      if (!ignoreCase) {
        Check fast = plainTextConstant(left, op, r, where);
        if (fast != null) {
          return fast;
        }
      }
      if (r instanceof String s && (op == Operator.EQ || op == Operator.NE) && !ignoreCase) {
        if (plainText(s)) {
          // a text that coerces to nothing else equals only the same text (or a value whose text
          // it is, which the general rule decides)
          boolean eq = op == Operator.EQ;
          return ctx -> {
            Object l = left.get(ctx, where);
            if (l instanceof String ls) {
              return ls.equals(s) == eq;
            }
            return Compare.equal(l, s, false) == eq;
          };
        }
      }
    }
    return ctx -> Compare.test(op, left.get(ctx, where), right.get(ctx, where), ignoreCase, where);
  }

  /** Whether a text coerces to nothing but itself: then only the same text equals it. */
  static boolean plainText(Object v) {
    return v instanceof String s
        && Coercion.number(s) == null
        && !Coercion.isDurationText(s)
        && !Coercion.isSizeText(s)
        && Coercion.instant(s) == null
        && Coercion.bool(s) == null;
  }

  /**
   * {@code contains} a plain text and {@code in} a list of plain texts, decided without coercion
   * when the left side is a text or a list of texts (the general rule gives the same answer); null
   * when the constant is not of that shape.
   */
  private static Check plainTextConstant(Operand left, Operator op, Object r, String where) {
    if (op == Operator.CONTAINS && plainText(r)) {
      String s = (String) r;
      return ctx -> {
        Object l = left.get(ctx, where);
        if (l instanceof String ls) {
          return ls.contains(s);
        }
        if (l instanceof List<?> list) {
          for (Object x : list) {
            if (x instanceof String xs ? xs.equals(s) : Compare.equal(x, s, false)) {
              return true;
            }
          }
          return false;
        }
        return Compare.test(op, l, s, false, where);
      };
    }
    if (op == Operator.IN
        && r instanceof List<?> list
        && list.stream().allMatch(Checks::plainText)) {
      java.util.Set<Object> set = new java.util.HashSet<>(list);
      return ctx -> {
        Object l = left.get(ctx, where);
        return l instanceof String ? set.contains(l) : Compare.test(op, l, r, false, where);
      };
    }
    return null;
  }

  /** Whether an ordering holds, given the sign of the comparison of its sides. */
  static boolean ordered(Operator op, int c) {
    switch (op) {
      case GT:
        return c > 0;
      case GTE:
        return c >= 0;
      case LT:
        return c < 0;
      default:
        return c <= 0;
    }
  }

  /** A comparison with a number: a number on the left is compared without any coercion. */
  private static final class NumberConstant implements Check {
    private final Operand left;
    private final Operator op;
    private final Number right;
    private final double rightDouble;
    private final boolean rightWhole;
    private final boolean ignoreCase;
    private final String where;

    NumberConstant(Operand left, Operator op, Number right, boolean ignoreCase, String where) {
      this.left = left;
      this.op = op;
      this.right = right;
      this.rightDouble = right.doubleValue();
      this.rightWhole = right instanceof Integer || right instanceof Long;
      this.ignoreCase = ignoreCase;
      this.where = where;
    }

    @Override
    public boolean test(EvalContext ctx) {
      Object l = left.get(ctx, where);
      int c;
      if ((l instanceof Integer || l instanceof Long) && rightWhole) {
        c = Long.compare(((Number) l).longValue(), right.longValue());
      } else if (l instanceof Double
          || l instanceof Float
          || l instanceof Integer
          || l instanceof Long) {
        c = Double.compare(((Number) l).doubleValue(), rightDouble);
      } else {
        return Compare.test(op, l, right, ignoreCase, where);
      }
      switch (op) {
        case EQ:
          return c == 0;
        case NE:
          return c != 0;
        case GT:
          return c > 0;
        case GTE:
          return c >= 0;
        case LT:
          return c < 0;
        case LTE:
          return c <= 0;
        default:
          return Compare.test(op, l, right, ignoreCase, where);
      }
    }
  }

  /** A regular expression found in the text of a value; a missing value never matches. */
  static Check regex(Operand field, Pattern pattern, String where) {
    return ctx -> {
      Object v = field.get(ctx, where);
      if (v == null) {
        return false;
      }
      String text = Coercion.text(v);
      if (text.length() > MAX_REGEX_TEXT) {
        throw new io.mediaflow.api.MediaFlowException(
            io.mediaflow.api.condition.ConditionErrors.CONDITION_REGEX_LIMIT,
            where
                + ": the text is "
                + text.length()
                + " characters; a regex condition searches at most "
                + MAX_REGEX_TEXT,
            "test a shorter value, such as a file name rather than a file's content");
      }
      return pattern.matcher(text).find();
    };
  }
}
