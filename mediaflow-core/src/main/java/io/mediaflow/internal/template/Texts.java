package io.mediaflow.internal.template;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * How values are written as text: numbers without a needless {@code .0}, lists and maps as JSON.
 */
final class Texts {

  private Texts() {}

  /** The text of a value, at most {@code max} characters long or a {@code TEMPLATE_LIMIT} error. */
  static String text(Object v, int max, Env env) {
    String s;
    if (v instanceof String str) {
      s = str;
    } else if (v == null) {
      s = "";
    } else if (v instanceof Double || v instanceof Float) {
      s = number(((Number) v).doubleValue());
    } else if (v instanceof BigDecimal d) {
      s = d.abs().compareTo(BigDecimal.valueOf(1, -30)) > 0 ? d.toString() : d.toPlainString();
    } else if (v instanceof Map<?, ?> || v instanceof List<?>) {
      s = json(v, max, env);
    } else {
      s = String.valueOf(v);
    }
    if (s.length() > max) {
      throw tooLong(env);
    }
    return s;
  }

  /**
   * The text a filter works on: text as it is (the scope holds it already, whatever its length),
   * other values written out within the output bound.
   */
  static String input(Object v, Env env) {
    return v instanceof String s ? s : text(v, env.limits.maxOutputLength(), env);
  }

  static String number(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return Double.toString(d);
  }

  /**
   * Lists and maps as JSON, written here rather than by a data binder so that no getter of an
   * object the host put in the scope is ever called; stops at the bound (a map that holds itself
   * stops there too).
   */
  private static String json(Object v, int max, Env env) {
    StringBuilder b = new StringBuilder();
    write(b, v, max, env, 0);
    return b.toString();
  }

  /** How deep lists and maps may nest when written: deeper is no data anyone means to print. */
  static final int MAX_DEPTH = 256;

  private static void write(StringBuilder b, Object v, int max, Env env, int depth) {
    if (b.length() > max) {
      throw tooLong(env);
    }
    if (depth > MAX_DEPTH) {
      throw Failures.limit(
          env.where,
          "a value is nested more than " + MAX_DEPTH + " levels deep",
          "refer to a part of it: {{nodes.x.output.items[0].name}}");
    }
    if (v instanceof Map<?, ?> m) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        b.append(first ? "" : ",");
        first = false;
        quote(b, String.valueOf(e.getKey()));
        b.append(':');
        write(b, e.getValue(), max, env, depth + 1);
      }
      b.append('}');
    } else if (v instanceof List<?> l) {
      b.append('[');
      for (int i = 0; i < l.size(); i++) {
        b.append(i == 0 ? "" : ",");
        write(b, l.get(i), max, env, depth + 1);
      }
      b.append(']');
    } else if (v == null || v instanceof Boolean || v instanceof Number) {
      b.append(v instanceof Double || v instanceof Float ? number(((Number) v).doubleValue()) : v);
    } else {
      quote(b, String.valueOf(v));
    }
  }

  private static void quote(StringBuilder b, String s) {
    b.append('"');
    JsonStringEncoder.getInstance().quoteAsString(s, b);
    b.append('"');
  }

  static io.mediaflow.api.MediaFlowException tooLong(Env env) {
    return Failures.limit(
        env.where,
        "the template's result is longer than " + env.limits.maxOutputLength() + " characters",
        "shorten it with truncate(n), or refer to less of the data");
  }

  /** A short rendering of a value for messages. */
  static String describe(Object v) {
    return io.mediaflow.api.operator.ParamType.describe(v);
  }
}
