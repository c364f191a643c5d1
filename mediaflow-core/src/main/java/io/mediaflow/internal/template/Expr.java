package io.mediaflow.internal.template;

/**
 * One {@code {{...}}} or {@code ${...}}: its value's source, then its filters in order.
 *
 * @param source where the value comes from
 * @param filters applied left to right
 * @param text the expression as written, delimiters included, for messages
 */
record Expr(Source source, Filter[] filters, String text) {

  /** The expression's value: never {@link Env#MISSING} (a reference to nothing fails). */
  Object evaluate(Env env) {
    env.step();
    Object v = source.get(env, this);
    for (Filter f : filters) {
      env.step();
      if (v == Env.MISSING && !f.acceptsMissing()) {
        continue; // on to a default further on, if there is one
      }
      v = f.apply(v, env, this);
    }
    if (v == Env.MISSING) {
      throw Failures.unresolved(env.where, text, ((Ref) source).missing(env));
    }
    return v;
  }
}
