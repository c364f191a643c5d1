package io.mediaflow.internal.condition;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.condition.Condition;
import io.mediaflow.api.condition.ConditionErrors;
import java.util.ArrayList;
import java.util.List;

/** What other packages use of the condition language besides compiling. */
public final class ConditionOps {

  private ConditionOps() {}

  /** {@code a eq b} with the coercion rules of conditions: what a switch's cases match by. */
  public static boolean equal(Object a, Object b) {
    return Compare.equal(a, b, false);
  }

  /**
   * Reads a condition from JSON.
   *
   * @throws ValidationException every problem at its JSON path below {@code path}
   */
  public static Condition read(com.fasterxml.jackson.databind.JsonNode node, String path) {
    List<Violation> out = new ArrayList<>();
    Condition c = new ConditionReader(out).read(node, path);
    if (!out.isEmpty() || c == null) {
      throw new ValidationException(
          out.isEmpty()
              ? List.of(
                  new Violation(path, ConditionErrors.CONDITION_INVALID, "not a condition", ""))
              : out);
    }
    return c;
  }

  /** A failure of a condition, placed: same code, {@code where} before its message. */
  public static MediaFlowException placed(MediaFlowException e, String where) {
    return new MediaFlowException(
        e.code(), where + ": " + e.detail(), e.suggestion(), e.retryable(), e);
  }
}
