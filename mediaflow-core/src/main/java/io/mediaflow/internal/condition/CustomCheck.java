package io.mediaflow.internal.condition;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.condition.ConditionErrors;
import io.mediaflow.api.condition.ConditionInput;
import io.mediaflow.api.condition.ConditionType;
import io.mediaflow.api.media.MediaInfo;
import java.time.Clock;

/** A custom condition's compiled test, called with the evaluation's data. */
final class CustomCheck implements Check {

  private final String name;
  private final ConditionType.Test test;
  private final String where;

  CustomCheck(String name, ConditionType.Test test, String where) {
    this.name = name;
    this.test = test;
    this.where = where;
  }

  @Override
  public boolean test(EvalContext ctx) {
    ConditionInput input =
        new ConditionInput() {
          @Override
          public Object value(String source, String path) {
            return Operand.ref(source, path).get(ctx, where);
          }

          @Override
          public Clock clock() {
            return ctx.clock();
          }

          @Override
          public MediaInfo media() {
            return ctx.media(null);
          }
        };
    try {
      return test.test(input);
    } catch (MediaFlowException e) {
      if (e.code().code().startsWith("CONDITION_")) {
        throw e;
      }
      throw failed(e);
    } catch (Exception e) {
      throw failed(e);
    }
  }

  private MediaFlowException failed(Exception e) {
    return new MediaFlowException(
        ConditionErrors.CONDITION_CUSTOM_FAILED,
        where + ": custom condition \"" + name + "\" failed: " + e,
        "see the custom condition's own documentation",
        false,
        e);
  }
}
