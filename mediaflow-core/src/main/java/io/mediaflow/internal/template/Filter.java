package io.mediaflow.internal.template;

/** One filter of an expression, its arguments checked and compiled when the template is. */
interface Filter {

  /** The filtered value; {@code v} is {@link Env#MISSING} only for a filter that accepts it. */
  Object apply(Object v, Env env, Expr expr);

  /** Whether the filter takes a reference to nothing ({@code default} does). */
  default boolean acceptsMissing() {
    return false;
  }
}
