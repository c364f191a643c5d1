package io.mediaflow.internal.template;

/** Where an expression's value comes from: a reference, a literal or the trigger time. */
interface Source {

  /** The value, or {@link Env#MISSING} for a reference to nothing. */
  Object get(Env env, Expr expr);

  /** A literal value. */
  record Const(Object value) implements Source {
    @Override
    public Object get(Env env, Expr expr) {
      return value;
    }
  }

  /**
   * {@code {{date:YYYY-MM}}}: the run's trigger time ({@code run.startedAt}, stable across resumes)
   * in UTC, formatted. A run renders the same trigger time again and again: the last answer is
   * kept, so those renders format nothing.
   */
  final class TriggerDate implements Source {

    private final DateFormat format;

    /** The last trigger time formatted and its text; replaced whole, so threads may share it. */
    private volatile Formatted last = new Formatted(null, null);

    private record Formatted(Object at, String text) {}

    TriggerDate(DateFormat format) {
      this.format = format;
    }

    @Override
    public Object get(Env env, Expr expr) {
      env.step();
      Object run = env.scope.get("run");
      Object at = run instanceof java.util.Map<?, ?> m ? m.get("startedAt") : null;
      if (at == null) {
        throw Failures.unresolved(
            env.where, expr.text(), "the trigger time (run.startedAt) is not known here");
      }
      Formatted f = last;
      if (at.equals(f.at())) {
        return f.text();
      }
      String text = format.format(Dates.instant(at, env, expr), java.time.ZoneOffset.UTC);
      last = new Formatted(at, text);
      return text;
    }
  }
}
