package io.mediaflow.internal.template;

import java.util.Map;

/** One render: the scope it reads, where it is (for messages) and the steps it has taken. */
final class Env {

  /** What a reference to nothing evaluates to: only {@code default} accepts it. */
  static final Object MISSING = new Object();

  final Map<String, ?> scope;
  final String where;
  final TemplateLimits limits;
  private int steps;

  Env(Map<String, ?> scope, String where, TemplateLimits limits) {
    this.scope = scope;
    this.where = where;
    this.limits = limits;
  }

  /** Counts one step; past the bound the render stops with {@code TEMPLATE_LIMIT}. */
  void step() {
    if (++steps > limits.maxSteps()) {
      throw Failures.limit(
          where,
          "the template takes more than " + limits.maxSteps() + " evaluation steps",
          "split it into several parameters, or use fewer references and filters");
    }
  }
}
