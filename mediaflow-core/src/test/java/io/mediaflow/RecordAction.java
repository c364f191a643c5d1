package io.mediaflow;

import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@code test.record}: appends its {@code value} to the list of its {@code key}, once per run. */
final class RecordAction implements Action {

  final Map<String, List<String>> values = new ConcurrentHashMap<>();

  List<String> values(String key) {
    return values.getOrDefault(key, List.of());
  }

  @Override
  public ActionDescriptor descriptor() {
    return ActionDescriptor.builder("test.record")
        .param(ParamSpec.builder("key", ParamType.STRING).required().build())
        .param(ParamSpec.builder("value", ParamType.STRING).required().build())
        .dryRun(DryRun.PLACEHOLDERS)
        .build();
  }

  @Override
  public ActionResult execute(ActionContext ctx, Params params) throws Exception {
    String key = params.getString("key");
    String value = params.getString("value");
    ctx.log("DEBUG", "about to record " + value);
    ctx.log("INFO", "recording " + value);
    ctx.step(
        "record",
        String.class,
        () -> {
          values.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(value);
          return value;
        });
    return ActionResult.of(Map.of()).withSummary("recorded " + value);
  }
}
