package io.mediaflow.internal.condition;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.condition.Condition;
import io.mediaflow.api.condition.ConditionErrors;

/**
 * A compiled condition: evaluated over any {@link EvalContext}, on any number of threads, throwing
 * nothing but a {@code MediaFlowException} with a {@code CONDITION_*} code.
 */
public final class CompiledCheck {

  private final Condition condition;
  private final Check root;

  CompiledCheck(Condition condition, Check root) {
    this.condition = condition;
    this.root = root;
  }

  /** The condition it was compiled from. */
  public Condition condition() {
    return condition;
  }

  /** Whether the condition holds over {@code ctx}. */
  public boolean test(EvalContext ctx) {
    try {
      return root.test(ctx);
    } catch (MediaFlowException e) {
      if (e.code().code().startsWith("CONDITION_")) {
        throw e;
      }
      throw new MediaFlowException(
          e.code().category() == io.mediaflow.api.ErrorCode.Category.INPUT
              ? ConditionErrors.CONDITION_MEDIA_UNAVAILABLE
              : ConditionErrors.CONDITION_EVALUATION_FAILED,
          "the condition failed: " + e.getMessage(),
          e.suggestion(),
          false,
          e);
    } catch (RuntimeException | StackOverflowError e) {
      throw new MediaFlowException(
          ConditionErrors.CONDITION_EVALUATION_FAILED,
          "the condition failed unexpectedly: " + e,
          "report it with the condition's JSON",
          false,
          e);
    }
  }
}
