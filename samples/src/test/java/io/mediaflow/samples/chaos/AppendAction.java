package io.mediaflow.samples.chaos;

import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@code test.append}: appends its {@code value} to {@link #values} once per run. */
final class AppendAction implements Action {

  final List<String> values = new CopyOnWriteArrayList<>();

  @Override
  public ActionDescriptor descriptor() {
    return ActionDescriptor.builder("test.append")
        .param(ParamSpec.builder("value", ParamType.STRING).required().build())
        .build();
  }

  @Override
  public ActionResult execute(ActionContext ctx, Params params) throws Exception {
    String value = params.getString("value");
    ctx.step(
        "append",
        String.class,
        () -> {
          values.add(value);
          return value;
        });
    return ActionResult.of(Map.of());
  }
}
