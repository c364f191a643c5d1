package io.mediaflow;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionOutput;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Real actions for workflow tests: each counts its side effects by a name. */
final class WorkflowTestActions {

  /** Side effects done, by name. */
  final Map<String, AtomicInteger> effects = new ConcurrentHashMap<>();

  /** Calls (an attempt each), by action name and name param. */
  final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  /** Failures left before an action named so succeeds. */
  final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

  /** Runs in the middle of {@code test.count} for a name, after its side effect. */
  final Map<String, Consumer<ActionContext>> during = new ConcurrentHashMap<>();

  static final ErrorCode FLAKY = ErrorCode.of("TEST_FLAKY", ErrorCode.Category.PROCESSING, true);

  int effects(String name) {
    AtomicInteger n = effects.get(name);
    return n == null ? 0 : n.get();
  }

  int calls(String name) {
    AtomicInteger n = calls.get(name);
    return n == null ? 0 : n.get();
  }

  MediaFlow.Builder register(MediaFlow.Builder b) {
    return b.action(count()).action(echo()).action(flaky()).action(download()).action(describe());
  }

  /** {@code test.count}: one durable step whose body is the side effect; output n = its count. */
  Action count() {
    return new Action() {
      public ActionDescriptor descriptor() {
        return ActionDescriptor.builder("test.count")
            .param(ParamSpec.builder("name", ParamType.STRING).required().build())
            .output(ActionOutput.of("n", "how many times it was done", 0))
            .dryRun(DryRun.PLACEHOLDERS)
            .build();
      }

      public ActionResult execute(ActionContext ctx, Params params) throws Exception {
        String name = params.getString("name");
        calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        Integer n =
            ctx.step(
                "effect",
                Integer.class,
                () -> effects.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet());
        Consumer<ActionContext> hook = during.get(name);
        if (hook != null) {
          hook.accept(ctx);
        }
        return ActionResult.of(Map.of("n", n)).withSummary("counted " + name);
      }
    };
  }

  /** {@code test.echo}: outputs its {@code value}. */
  Action echo() {
    return new Action() {
      public ActionDescriptor descriptor() {
        return ActionDescriptor.builder("test.echo")
            .param(ParamSpec.builder("value", ParamType.STRING).required().build())
            .output(ActionOutput.of("value", "the value", "placeholder"))
            .dryRun(DryRun.DESCRIBES_ITSELF)
            .build();
      }

      public ActionResult execute(ActionContext ctx, Params params) {
        String v = params.getString("value");
        calls.computeIfAbsent("echo", k -> new AtomicInteger()).incrementAndGet();
        return ActionResult.of(Map.of("value", v)).withSummary("echo " + v);
      }
    };
  }

  /** {@code test.flaky}: fails (retryable) while failures are left for its name. */
  Action flaky() {
    return new Action() {
      public ActionDescriptor descriptor() {
        return ActionDescriptor.builder("test.flaky")
            .param(ParamSpec.builder("name", ParamType.STRING).required().build())
            .output(ActionOutput.of("ok", "true", true))
            .build();
      }

      public ActionResult execute(ActionContext ctx, Params params) {
        String name = params.getString("name");
        calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        AtomicInteger left = failuresLeft.get(name);
        if (left != null && left.getAndDecrement() > 0) {
          throw new MediaFlowException(FLAKY, "flaky " + name + " failed", "try again");
        }
        effects.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        return ActionResult.of(Map.of("ok", true));
      }
    };
  }

  /** {@code test.download}: a placeholder action (not called in a test run). */
  Action download() {
    return new Action() {
      public ActionDescriptor descriptor() {
        return ActionDescriptor.builder("test.download")
            .param(ParamSpec.builder("url", ParamType.STRING).required().build())
            .output(ActionOutput.of("path", "the file", "/placeholder/file.mp4"))
            .dryRun(DryRun.PLACEHOLDERS)
            .build();
      }

      public ActionResult execute(ActionContext ctx, Params params) {
        effects.computeIfAbsent("download", k -> new AtomicInteger()).incrementAndGet();
        return ActionResult.of(Map.of("path", "/real/file.mp4"));
      }
    };
  }

  /** {@code test.describe}: touches a counter unless dry; says what it would do when dry. */
  Action describe() {
    return new Action() {
      public ActionDescriptor descriptor() {
        return ActionDescriptor.builder("test.describe")
            .param(ParamSpec.builder("file", ParamType.STRING).required().build())
            .output(ActionOutput.of("file", "the file", "/placeholder"))
            .dryRun(DryRun.DESCRIBES_ITSELF)
            .build();
      }

      public ActionResult execute(ActionContext ctx, Params params) {
        String file = params.getString("file");
        if (ctx.dryRun()) {
          return ActionResult.of(Map.of("file", file)).withSummary("would tag " + file);
        }
        effects.computeIfAbsent("describe", k -> new AtomicInteger()).incrementAndGet();
        return ActionResult.of(Map.of("file", file)).withSummary("tagged " + file);
      }
    };
  }
}
