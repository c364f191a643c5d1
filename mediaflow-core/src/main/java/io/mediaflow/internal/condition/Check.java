package io.mediaflow.internal.condition;

/** One compiled node of a condition tree. Immutable: shared by every thread that evaluates it. */
interface Check {

  /** Whether it holds; throws only a {@code MediaFlowException} with a {@code CONDITION_*} code. */
  boolean test(EvalContext ctx);
}
