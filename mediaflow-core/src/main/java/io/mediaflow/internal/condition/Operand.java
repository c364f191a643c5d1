package io.mediaflow.internal.condition;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.condition.ConditionErrors;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A compiled side of a comparison: what it reads when the condition is evaluated. */
abstract class Operand {

  /** A template that is one dotted reference and nothing else: read as a reference. */
  private static final Pattern WHOLE_REF =
      Pattern.compile(
          "\\$\\{\\s*([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_-]+)+)\\s*}"
              + "|\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_-]+)+)\\s*}}");

  abstract Object get(EvalContext ctx, String where);

  /** The literal value, when the operand is one (a compiled constant). */
  Object constant() {
    return null;
  }

  boolean isConstant() {
    return false;
  }

  static Operand literal(Object value) {
    return new Constant(value);
  }

  static Operand ref(String source, String path) {
    return new Ref(source, path.isEmpty() ? new String[0] : path.split("\\."));
  }

  static Operand template(String text) {
    Matcher m = WHOLE_REF.matcher(text.trim());
    if (m.matches()) {
      String path = m.group(1) != null ? m.group(1) : m.group(2);
      int dot = path.indexOf('.');
      return ref(path.substring(0, dot), path.substring(dot + 1));
    }
    return new Template(text);
  }

  /** A value known when compiled. */
  static final class Constant extends Operand {
    private final Object value;

    Constant(Object value) {
      this.value = value;
    }

    @Override
    Object get(EvalContext ctx, String where) {
      return value;
    }

    @Override
    Object constant() {
      return value;
    }

    @Override
    boolean isConstant() {
      return true;
    }
  }

  /** The value at a dotted path of a root; a step that finds nothing makes it missing (null). */
  static final class Ref extends Operand {
    private final String source;
    private final String[] steps;

    Ref(String source, String[] steps) {
      this.source = source;
      this.steps = steps;
    }

    @Override
    Object get(EvalContext ctx, String where) {
      Object v = ctx.root(source);
      for (int i = 0; i < steps.length && v != null; i++) {
        v = step(v, steps[i]);
      }
      return v;
    }

    static Object step(Object v, String name) {
      if (v instanceof Map<?, ?> m) {
        return m.get(name);
      }
      if (v instanceof List<?> l) {
        int i = index(name);
        return i >= 0 && i < l.size() ? l.get(i) : null;
      }
      return null;
    }

    private static int index(String name) {
      if (name.isEmpty() || name.length() > 9) {
        return -1;
      }
      int n = 0;
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (c < '0' || c > '9') {
          return -1;
        }
        n = n * 10 + (c - '0');
      }
      return n;
    }
  }

  /** Text with references in it, rendered by the context. */
  static final class Template extends Operand {
    private final String text;

    Template(String text) {
      this.text = text;
    }

    @Override
    Object get(EvalContext ctx, String where) {
      try {
        return ctx.render(text);
      } catch (MediaFlowException e) {
        if (e.code().code().startsWith("CONDITION_")) {
          throw e;
        }
        throw new MediaFlowException(
            ConditionErrors.CONDITION_TEMPLATE_FAILED,
            where
                + ": the template \""
                + Coercion.abbreviate(text)
                + "\" failed: "
                + e.getMessage(),
            "check that the template names values the data holds",
            false,
            e);
      }
    }
  }
}
