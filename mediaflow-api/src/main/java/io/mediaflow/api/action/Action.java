package io.mediaflow.api.action;

import io.mediaflow.api.Violation;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.operator.ValidationContext;
import java.util.List;

/**
 * A workflow action: one small class per operation ({@code media.convert}, {@code notify.webhook},
 * {@code organise.move}), found through {@link java.util.ServiceLoader} (declare it in {@code
 * META-INF/services/io.mediaflow.api.action.Action}) or registered by the host with {@code
 * MediaFlow.builder().action(...)}.
 *
 * <p>The workflow validator checks a node's parameters against {@link #descriptor()} before the
 * workflow is stored, and the engine converts them before calling {@link #execute}: the {@link
 * Params} passed in are of the declared types, within the declared rules, with every {@code PATH}
 * resolved inside the host's roots.
 *
 * {@snippet :
 * public final class TagAction implements Action {
 *   public ActionDescriptor descriptor() {
 *     return ActionDescriptor.builder("media.tag")
 *         .param(ParamSpec.builder("file", ParamType.PATH).required().build())
 *         .param(ParamSpec.builder("tag", ParamType.STRING).required().build())
 *         .output(ActionOutput.of("file", "the tagged file", "/placeholder/file.mp4"))
 *         .dryRun(DryRun.DESCRIBES_ITSELF)
 *         .build();
 *   }
 *
 *   public ActionResult execute(ActionContext ctx, Params params) throws Exception {
 *     Path file = params.optPath("file").orElseThrow();
 *     if (!ctx.dryRun()) {
 *       ctx.step("tag", Void.class, () -> { tag(file, params.getString("tag")); return null; });
 *     }
 *     return ActionResult.of(Map.of("file", file.toString())).withSummary("tagged " + file);
 *   }
 * }
 * }
 */
public interface Action {

  /** The stable id workflows use, such as {@code media.convert}; the descriptor's name. */
  default String name() {
    return descriptor().name();
  }

  /**
   * Parameters, outputs, test-run behaviour and error codes. The same description every time: the
   * engine reads it once per action instance and keeps it.
   */
  ActionDescriptor descriptor();

  /**
   * Rules across parameters the descriptor cannot express. Return every problem, each with its path
   * from {@code ctx}. Values that come from templates ({@code ${trigger.path}}) are not known yet
   * at validation and are left out of {@code params}.
   */
  default List<Violation> validate(Params params, ValidationContext ctx) {
    return List.of();
  }

  /**
   * Does the work. An exception fails the node: a {@link io.mediaflow.api.MediaFlowException} keeps
   * its code and retryable flag (declare the codes in the descriptor), any other is {@code
   * ACTION_FAILED}, retryable; the node's error handling decides what happens next.
   */
  ActionResult execute(ActionContext ctx, Params params) throws Exception;
}
