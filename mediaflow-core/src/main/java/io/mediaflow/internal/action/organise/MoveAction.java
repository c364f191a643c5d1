package io.mediaflow.internal.action.organise;

import static io.mediaflow.internal.action.organise.OrganiseParams.DESTINATION;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.api.operator.Params;
import io.mediaflow.internal.action.organise.FilePlacer.Mode;
import java.nio.file.Path;

/**
 * {@code media.move}: moves a file to a folder or a new path, carrying its tags and collections.
 */
final class MoveAction implements Action {

  private static final ActionDescriptor DESCRIPTOR =
      ActionDescriptor.builder("media.move")
          .description(
              "Moves a file into a folder or to a new path inside the allowed roots, atomically"
                  + " where the file system allows; its tags and collections follow it")
          .category("organise")
          .param(OrganiseParams.FILE_SPEC)
          .param(OrganiseParams.DESTINATION_SPEC)
          .param(OrganiseParams.CONFLICT_SPEC)
          .param(OrganiseParams.CREATE_FOLDERS_SPEC)
          .output(OrganiseParams.PATH_OUT)
          .output(OrganiseParams.FROM_OUT)
          .output(OrganiseParams.NAME_OUT)
          .output(OrganiseParams.SIZE_OUT)
          .dryRun(DryRun.DESCRIBES_ITSELF)
          .error(ErrorCode.PATH_NOT_ALLOWED)
          .error(OrganiseErrors.FILE_NOT_FOUND)
          .error(OrganiseErrors.DESTINATION_EXISTS)
          .error(OrganiseErrors.INVALID_DESTINATION)
          .error(OrganiseErrors.NO_FREE_NAME)
          .error(OrganiseErrors.IO_FAILED)
          .build();

  @Override
  public ActionDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public ActionResult execute(ActionContext ctx, Params params) throws Exception {
    Path source = OrganiseParams.file(params);
    String at = OrganiseParams.at(ctx, DESTINATION);
    Path target =
        Destinations.target(
            ctx, params.getString(DESTINATION), source.getFileName().toString(), at);
    return Relocations.run(
        ctx,
        "move",
        new Relocations.Request(
            Mode.MOVE,
            source,
            target,
            OrganiseParams.conflict(params),
            OrganiseParams.createFolders(params),
            false,
            at));
  }
}
