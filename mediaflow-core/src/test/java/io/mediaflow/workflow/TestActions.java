package io.mediaflow.workflow;

import io.mediaflow.ActionRegistry;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionOutput;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.operator.ValidationContext;
import java.util.List;
import java.util.Map;

/** Actions the workflow tests and the documentation's examples use: descriptors, no real work. */
public final class TestActions {

  private TestActions() {}

  /** An action of this descriptor whose execution returns its placeholders. */
  public static Action of(ActionDescriptor descriptor) {
    return new Action() {
      @Override
      public ActionDescriptor descriptor() {
        return descriptor;
      }

      @Override
      public ActionResult execute(ActionContext ctx, Params params) {
        return ActionResult.empty();
      }
    };
  }

  /** {@code download.url}: url (string, required) → path, size. */
  public static final Action DOWNLOAD =
      of(
          ActionDescriptor.builder("download.url")
              .param(ParamSpec.builder("url", ParamType.STRING).required().build())
              .output(ActionOutput.of("path", "the file", "/placeholder/in.mp4"))
              .output(ActionOutput.of("size", "its size in bytes", 1_000))
              .build());

  /** {@code media.convert}: input (string, required), crf (int 0..51), preset (enum) → path. */
  public static final Action CONVERT =
      of(
          ActionDescriptor.builder("media.convert")
              .param(ParamSpec.builder("input", ParamType.STRING).required().build())
              .param(ParamSpec.builder("crf", ParamType.INT).range(0, 51).build())
              .param(ParamSpec.builder("preset", ParamType.ENUM).allowed("fast", "slow").build())
              .output(ActionOutput.of("path", "the converted file", "/placeholder/out.mp4"))
              .dryRun(DryRun.DESCRIBES_ITSELF)
              .build());

  /** {@code notify.email}: to (string, required), subject (string). */
  public static final Action EMAIL =
      of(
          ActionDescriptor.builder("notify.email")
              .param(ParamSpec.builder("to", ParamType.STRING).required().build())
              .param(ParamSpec.builder("subject", ParamType.STRING).build())
              .build());

  /** {@code file.list}: folder (string, required) → files. */
  public static final Action LIST =
      of(
          ActionDescriptor.builder("file.list")
              .param(ParamSpec.builder("folder", ParamType.STRING).required().build())
              .output(ActionOutput.of("files", "the files", List.of("/placeholder/a.mp4")))
              .build());

  /** {@code media.clip}: from and to (ints), from before to: a rule across parameters. */
  public static final Action CLIP =
      new Action() {
        private final ActionDescriptor d =
            ActionDescriptor.builder("media.clip")
                .param(ParamSpec.builder("from", ParamType.INT).required().build())
                .param(ParamSpec.builder("to", ParamType.INT).required().build())
                .build();

        @Override
        public ActionDescriptor descriptor() {
          return d;
        }

        @Override
        public List<Violation> validate(Params params, ValidationContext ctx) {
          if (params.getInt("from") >= params.getInt("to")) {
            return List.of(ctx.violation("to", ErrorCode.INVALID_VALUE, "to must be after from"));
          }
          return List.of();
        }

        @Override
        public ActionResult execute(ActionContext ctx, Params params) {
          return ActionResult.of(Map.of());
        }
      };

  /** Every action above. */
  public static ActionRegistry registry() {
    return ActionRegistry.of(DOWNLOAD, CONVERT, EMAIL, LIST, CLIP);
  }
}
