package io.mediaflow.internal.action.organise;

import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.operator.Params;
import io.mediaflow.internal.action.organise.FilePlacer.Mode;

/**
 * {@code media.move}: moves a file to a folder or a new path, carrying its tags and collections.
 */
final class MoveAction implements Action {

  private static final ActionDescriptor DESCRIPTOR =
      Relocations.toDestination(
              "media.move",
              "Moves a file into a folder or to a new path inside the allowed roots, atomically"
                  + " where the file system allows; its tags and collections follow it")
          .build();

  @Override
  public ActionDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public ActionResult execute(ActionContext ctx, Params params) throws Exception {
    return Relocations.toDestination(ctx, params, Mode.MOVE, "move", false);
  }
}
