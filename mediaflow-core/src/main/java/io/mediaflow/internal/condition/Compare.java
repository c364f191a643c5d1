package io.mediaflow.internal.condition;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.condition.ConditionErrors;
import io.mediaflow.api.condition.Operator;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * The comparison operators over two resolved values, with the coercion rules of {@code
 * docs/conditions.md}: both numbers → numbers; a duration on either side → durations (numbers are
 * seconds); a size → sizes (numbers are bytes); an instant or date → instants; a boolean →
 * booleans; two texts → texts (case-sensitive unless {@code ignoreCase}). A missing value (null)
 * equals only null and is never ordered: {@code gt}, ... are false.
 */
final class Compare {

  private Compare() {}

  /** Evaluates {@code a op b}; {@code where} names the condition in a type-mismatch message. */
  static boolean test(Operator op, Object a, Object b, boolean ignoreCase, String where) {
    switch (op) {
      case EQ:
        return equal(a, b, ignoreCase);
      case NE:
        return !equal(a, b, ignoreCase);
      case GT:
        return a != null && b != null && order(a, b, ignoreCase, op, where) > 0;
      case GTE:
        return a != null && b != null && order(a, b, ignoreCase, op, where) >= 0;
      case LT:
        return a != null && b != null && order(a, b, ignoreCase, op, where) < 0;
      case LTE:
        return a != null && b != null && order(a, b, ignoreCase, op, where) <= 0;
      case CONTAINS:
        return contains(a, b, ignoreCase);
      case STARTS_WITH:
        return a != null && b != null && startsWith(a, b, ignoreCase);
      case ENDS_WITH:
        return a != null && b != null && endsWith(a, b, ignoreCase);
      case IN:
        return in(a, b, ignoreCase, where);
      case EXISTS:
        Boolean wanted = Coercion.bool(b);
        return (a != null) == (wanted == null || wanted);
      default:
        throw new IllegalStateException("operator " + op);
    }
  }

  /** Equality after coercion. */
  static boolean equal(Object a, Object b, boolean ignoreCase) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof String s && b instanceof String t) {
      // the common case first: two texts that are the same, or plainly not numbers
      if (ignoreCase ? s.equalsIgnoreCase(t) : s.equals(t)) {
        return true;
      }
    }
    Kind k = kind(a, b);
    switch (k) {
      case NUMBER:
        return numberCompare(a, b) == 0;
      case DURATION:
        return Coercion.durationMillis(a, true).equals(Coercion.durationMillis(b, true));
      case SIZE:
        return Coercion.sizeBytes(a, true).equals(Coercion.sizeBytes(b, true));
      case INSTANT:
        return Coercion.instant(a).equals(Coercion.instant(b));
      case BOOLEAN:
        return Coercion.bool(a).equals(Coercion.bool(b));
      case TEXT:
        String x = Coercion.text(a);
        String y = Coercion.text(b);
        return ignoreCase ? x.equalsIgnoreCase(y) : x.equals(y);
      default:
        return Objects.equals(a, b);
    }
  }

  /** The order of two values of one kind; a mismatch is {@code CONDITION_TYPE_MISMATCH}. */
  static int order(Object a, Object b, boolean ignoreCase, Operator op, String where) {
    switch (kind(a, b)) {
      case NUMBER:
        return numberCompare(a, b);
      case DURATION:
        return Long.compare(Coercion.durationMillis(a, true), Coercion.durationMillis(b, true));
      case SIZE:
        return Double.compare(Coercion.sizeBytes(a, true), Coercion.sizeBytes(b, true));
      case INSTANT:
        Instant x = Coercion.instant(a);
        return x.compareTo(Coercion.instant(b));
      case TEXT:
        if (!(a instanceof CharSequence && b instanceof CharSequence)) {
          throw mismatch(a, b, op, where);
        }
        String s = Coercion.text(a);
        String t = Coercion.text(b);
        return ignoreCase ? s.compareToIgnoreCase(t) : s.compareTo(t);
      default:
        throw mismatch(a, b, op, where);
    }
  }

  static MediaFlowException mismatch(Object a, Object b, Operator op, String where) {
    return new MediaFlowException(
        ConditionErrors.CONDITION_TYPE_MISMATCH,
        where
            + ": cannot order "
            + Coercion.describe(a)
            + " "
            + op.jsonName()
            + " "
            + Coercion.describe(b)
            + "; "
            + op.jsonName()
            + " needs two numbers, durations, sizes, instants or texts",
        "make both sides the same kind (docs/conditions.md, \"Coercion\")");
  }

  private static int numberCompare(Object a, Object b) {
    if (isWhole(a) && isWhole(b)) {
      return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
    }
    return Double.compare(Coercion.number(a), Coercion.number(b));
  }

  private static boolean isWhole(Object v) {
    return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte;
  }

  /** The kinds two values are compared as. */
  enum Kind {
    NUMBER,
    DURATION,
    SIZE,
    INSTANT,
    BOOLEAN,
    TEXT,
    OTHER
  }

  /** Which rule of coercion two non-null values fall under, in the documented order. */
  static Kind kind(Object a, Object b) {
    if (a instanceof Number && b instanceof Number) {
      return Kind.NUMBER;
    }
    if (a instanceof Boolean || b instanceof Boolean) {
      return Coercion.bool(a) != null && Coercion.bool(b) != null ? Kind.BOOLEAN : Kind.OTHER;
    }
    boolean numA = Coercion.number(a) != null;
    boolean numB = Coercion.number(b) != null;
    if (numA && numB) {
      return Kind.NUMBER;
    }
    if (isDuration(a) || isDuration(b)) {
      return (numA || isDuration(a)) && (numB || isDuration(b)) ? Kind.DURATION : fallback(a, b);
    }
    if (Coercion.isSizeText(a) || Coercion.isSizeText(b)) {
      return (numA || Coercion.isSizeText(a)) && (numB || Coercion.isSizeText(b))
          ? Kind.SIZE
          : fallback(a, b);
    }
    if (Coercion.isTemporal(a) || Coercion.isTemporal(b)) {
      return Coercion.instant(a) != null && Coercion.instant(b) != null ? Kind.INSTANT : Kind.OTHER;
    }
    if (a instanceof CharSequence && b instanceof CharSequence) {
      if (Coercion.instant(a) != null && Coercion.instant(b) != null) {
        return Kind.INSTANT;
      }
      return Kind.TEXT;
    }
    if (isScalar(a) && isScalar(b) && (a instanceof CharSequence || b instanceof CharSequence)) {
      return Kind.TEXT; // a number and a text that is not one: compared as texts only for eq
    }
    return Kind.OTHER;
  }

  private static boolean isDuration(Object v) {
    return v instanceof java.time.Duration
        || v instanceof io.mediaflow.api.media.MediaDuration
        || Coercion.isDurationText(v);
  }

  private static Kind fallback(Object a, Object b) {
    return a instanceof CharSequence && b instanceof CharSequence ? Kind.TEXT : Kind.OTHER;
  }

  private static boolean isScalar(Object v) {
    return v instanceof CharSequence || v instanceof Number || v instanceof Character;
  }

  // ---------------------------------------------------------------- texts and collections

  static boolean contains(Object a, Object b, boolean ignoreCase) {
    if (a == null || b == null) {
      return false;
    }
    if (a instanceof Collection<?> c) {
      for (Object x : c) {
        if (equal(x, b, ignoreCase)) {
          return true;
        }
      }
      return false;
    }
    if (a instanceof Map<?, ?> m) {
      return containsKey(m, b, ignoreCase);
    }
    String s = Coercion.text(a);
    String t = Coercion.text(b);
    if (!ignoreCase) {
      return s.contains(t);
    }
    return indexOfIgnoreCase(s, t) >= 0;
  }

  private static boolean containsKey(Map<?, ?> m, Object key, boolean ignoreCase) {
    String k = Coercion.text(key);
    if (m.containsKey(k)) {
      return true;
    }
    if (ignoreCase) {
      for (Object x : m.keySet()) {
        if (String.valueOf(x).equalsIgnoreCase(k)) {
          return true;
        }
      }
    }
    return false;
  }

  private static int indexOfIgnoreCase(String s, String t) {
    for (int i = 0; i + t.length() <= s.length(); i++) {
      if (s.regionMatches(true, i, t, 0, t.length())) {
        return i;
      }
    }
    return -1;
  }

  static boolean startsWith(Object a, Object b, boolean ignoreCase) {
    if (a instanceof java.util.List<?> l) {
      return !l.isEmpty() && equal(l.get(0), b, ignoreCase);
    }
    String s = Coercion.text(a);
    String t = Coercion.text(b);
    return s.regionMatches(ignoreCase, 0, t, 0, t.length());
  }

  static boolean endsWith(Object a, Object b, boolean ignoreCase) {
    if (a instanceof java.util.List<?> l) {
      return !l.isEmpty() && equal(l.get(l.size() - 1), b, ignoreCase);
    }
    String s = Coercion.text(a);
    String t = Coercion.text(b);
    return s.length() >= t.length()
        && s.regionMatches(ignoreCase, s.length() - t.length(), t, 0, t.length());
  }

  static boolean in(Object a, Object b, boolean ignoreCase, String where) {
    if (a == null || b == null) {
      return false;
    }
    if (b instanceof Collection<?> || b instanceof Map<?, ?>) {
      return contains(b, a, ignoreCase);
    }
    if (b instanceof CharSequence) {
      return contains(b, a, ignoreCase);
    }
    throw new MediaFlowException(
        ConditionErrors.CONDITION_TYPE_MISMATCH,
        where
            + ": \"in\" needs a list, an object or a text on the right but got "
            + Coercion.describe(b),
        "make the right side a list such as [\"mp4\", \"mkv\"]");
  }
}
