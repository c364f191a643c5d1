package io.mediaflow.internal.action.system;

import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionOutput;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * {@code system.wait}: a durable sleep, as the {@code delay} node's: the run yields and holds no
 * thread, survives a restart, and goes on at the same instant. A test run does not wait.
 */
public final class WaitAction implements Action {

  static final String NAME = "system.wait";

  /** The longest wait: 366 days. */
  static final long MAX_SECONDS = 366L * 24 * 3600;

  private static final ActionDescriptor DESCRIPTOR =
      ActionDescriptor.builder(NAME)
          .description("Waits a while without holding a thread (a durable sleep)")
          .category("system")
          .param(
              ParamSpec.builder("duration", ParamType.DURATION)
                  .required()
                  .range(0, MAX_SECONDS)
                  .description("how long: 90, \"10m\", \"PT1H\"; at most 366 days")
                  .build())
          .output(ActionOutput.of("until", "when the wait ended, ISO-8601", "1970-01-01T00:00:00Z"))
          .dryRun(DryRun.DESCRIBES_ITSELF)
          .build();

  @Override
  public ActionDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public ActionResult execute(ActionContext ctx, Params params) throws Exception {
    Duration duration = params.getDuration("duration").toDuration();
    if (ctx.dryRun()) {
      return ActionResult.of(Map.of("until", ctx.clock().instant().toString()))
          .withSummary("test run: would wait " + text(duration));
    }
    // the end is fixed once, so a run resumed later does not wait the whole time again
    String until =
        ctx.step("until", String.class, () -> ctx.clock().instant().plus(duration).toString());
    ctx.sleepUntil(Instant.parse(until));
    return ActionResult.of(Map.of("until", until)).withSummary("waited " + text(duration));
  }

  private static String text(Duration d) {
    return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }
}
