package io.mediaflow.internal.template;

import java.util.List;
import java.util.Map;

/**
 * A template read once, rendered many times: immutable, shared between threads. A render reads the
 * scope's maps and lists and nothing else, takes at most {@link TemplateLimits#maxSteps} steps and
 * produces at most {@link TemplateLimits#maxOutputLength} characters; it raises nothing but a
 * {@code TEMPLATE_*} {@link io.mediaflow.api.MediaFlowException}.
 */
public final class CompiledTemplate {

  private final String source;
  private final Object[] parts;
  private final TemplateLimits limits;

  CompiledTemplate(String source, Object[] parts, TemplateLimits limits) {
    this.source = source;
    this.parts = parts;
    this.limits = limits;
  }

  /** The template as written. */
  public String source() {
    return source;
  }

  /**
   * The template's value: a template that is one expression alone keeps its value's type (a number
   * stays a number, a list a list); anything else is text.
   *
   * @param scope the roots references start from
   * @param where the place, for messages: {@code workflow 'w' run r at node 'n', params.url}
   */
  public Object evaluate(Map<String, ?> scope, String where) {
    Env env = new Env(scope, where, limits);
    if (parts.length == 1 && parts[0] instanceof Expr e) {
      return e.evaluate(env);
    }
    return text(env, false);
  }

  /** The template as text, whatever its values' types. */
  public String render(Map<String, ?> scope, String where) {
    return text(new Env(scope, where, limits), false);
  }

  /**
   * The template as a path: each value placed among text is made a safe piece of a path segment
   * ({@link PathSegments#sanitize}); a template that is one expression alone is the whole path (a
   * file an earlier node wrote, say) and is left as it is. Either way the caller still resolves the
   * result inside the allowed roots.
   */
  public String renderPath(Map<String, ?> scope, String where) {
    Env env = new Env(scope, where, limits);
    if (parts.length == 1 && parts[0] instanceof Expr e) {
      Object v = e.evaluate(env);
      if (v instanceof Map<?, ?> || v instanceof List<?>) {
        throw Failures.value(
            where,
            e.text(),
            (v instanceof Map<?, ?> ? "an object" : "a list") + " cannot be a path",
            "refer to one text value, such as nodes.dl.output.path");
      }
      return Texts.text(v, limits.maxOutputLength(), env);
    }
    return text(env, true);
  }

  private String text(Env env, boolean path) {
    int max = limits.maxOutputLength();
    StringBuilder b = new StringBuilder(Math.min(max, source.length() + 32));
    for (Object part : parts) {
      env.step();
      if (part instanceof String s) {
        b.append(s);
      } else {
        Expr e = (Expr) part;
        String t = Texts.text(e.evaluate(env), max - b.length(), env);
        b.append(path ? PathSegments.sanitize(t) : t);
      }
      if (b.length() > max) {
        throw Texts.tooLong(env);
      }
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return "CompiledTemplate" + Failures.quote(source);
  }
}
