package io.mediaflow.internal.action.organise;

import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.internal.action.organise.FilePlacer.Mode;

/** {@code media.copy}: copies a file to a folder or a new path; the copy gets the file's tags. */
final class CopyAction implements Action {

  static final String COPY_TAGS = "copyTags";

  private static final ActionDescriptor DESCRIPTOR =
      Relocations.toDestination(
              "media.copy",
              "Copies a file into a folder or to a new path inside the allowed roots; the copy"
                  + " appears whole or not at all, with the file's tags")
          .param(
              ParamSpec.builder(COPY_TAGS, ParamType.BOOL)
                  .defaultValue(true)
                  .description("give the copy the file's tags (collections stay with the file)")
                  .build())
          .error(OrganiseErrors.SAME_FILE)
          .build();

  @Override
  public ActionDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public ActionResult execute(ActionContext ctx, Params params) throws Exception {
    return Relocations.toDestination(
        ctx, params, Mode.COPY, "copy", params.optBool(COPY_TAGS).orElse(true));
  }
}
