package io.mediaflow.internal.action.organise;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.api.operator.Params;
import io.mediaflow.internal.action.organise.FilePlacer.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code media.move}, {@code media.rename} and {@code media.copy} share once their target is
 * known: the same-file cases, the test run (which only looks), and the real run as one durable step
 * (a run resumed after it does not move the file again) that makes the folders, places the file and
 * brings the library along.
 */
final class Relocations {

  private Relocations() {}

  /** One relocation, as the action's parameters ask it. */
  record Request(
      Mode mode,
      Path source,
      Path target,
      Conflict conflict,
      boolean createFolders,
      boolean copyTags,
      String jsonPath) {}

  /**
   * The descriptor of an action that moves or copies {@code file} to {@code destination}: those
   * parameters, the conflict policy and folder creation, the four outputs and the errors they
   * share.
   */
  static ActionDescriptor.Builder toDestination(String name, String description) {
    return ActionDescriptor.builder(name)
        .description(description)
        .category("organise")
        .param(OrganiseParams.LOCATION_SPEC)
        .param(OrganiseParams.DESTINATION_SPEC)
        .param(OrganiseParams.CONFLICT_SPEC)
        .param(OrganiseParams.CREATE_FOLDERS_SPEC)
        .output(OrganiseParams.PATH_OUT)
        .output(OrganiseParams.FROM_OUT)
        .output(OrganiseParams.NAME_OUT)
        .output(OrganiseParams.SIZE_OUT)
        .dryRun(DryRun.DESCRIBES_ITSELF)
        .error(ErrorCode.PATH_NOT_ALLOWED)
        .error(ErrorCode.UNSUPPORTED_SOURCE)
        .error(OrganiseErrors.FILE_NOT_FOUND)
        .error(OrganiseErrors.DESTINATION_EXISTS)
        .error(OrganiseErrors.INVALID_DESTINATION)
        .error(OrganiseErrors.NO_FREE_NAME)
        .error(OrganiseErrors.IO_FAILED);
  }

  /** Moves or copies the {@code file} parameter to the {@code destination} parameter. */
  static ActionResult toDestination(
      ActionContext ctx, Params params, Mode mode, String verb, boolean copyTags) throws Exception {
    if (RemoteFiles.involved(
        params.optLocation(OrganiseParams.FILE).orElseThrow(),
        params.getString(OrganiseParams.DESTINATION))) {
      return RemoteFiles.toDestination(ctx, params, mode, verb);
    }
    Path source = OrganiseParams.file(params);
    String at = OrganiseParams.at(ctx, OrganiseParams.DESTINATION);
    Path target =
        Destinations.target(
            ctx, params.getString(OrganiseParams.DESTINATION), source.getFileName().toString(), at);
    return run(
        ctx,
        verb,
        new Request(
            mode,
            source,
            target,
            OrganiseParams.conflict(params),
            OrganiseParams.createFolders(params),
            copyTags,
            at));
  }

  static ActionResult run(ActionContext ctx, String verb, Request r) throws Exception {
    if (r.target().equals(r.source())) {
      if (r.mode() == Mode.MOVE) {
        return result(r.source(), r.source(), "already at " + r.source() + ": nothing to " + verb);
      }
      if (r.conflict() == Conflict.OVERWRITE) {
        throw new MediaFlowException(
            OrganiseErrors.SAME_FILE,
            r.jsonPath() + ": " + r.target() + " is the file itself; it cannot overwrite itself",
            "choose another destination, or \"conflict\": \"suffix\" to copy it beside itself");
      }
    }
    if (ctx.dryRun()) {
      if (!r.createFolders() && !Files.isDirectory(r.target().getParent())) {
        Destinations.prepareFolder(ctx, r.target(), false, r.jsonPath()); // throws, as a run would
      }
      Path planned = FilePlacer.plan(r.mode(), r.source(), r.target(), r.conflict(), r.jsonPath());
      return result(
          r.source(),
          planned,
          "test run: would "
              + verb
              + " "
              + r.source()
              + " to "
              + planned
              + OrganiseParams.missingInTestRun(r.source()));
    }
    String[] library = {""};
    String placed =
        ctx.step(
            verb,
            String.class,
            () -> {
              OrganiseParams.requireExists(ctx, r.source());
              Path p;
              try {
                Destinations.prepareFolder(ctx, r.target(), r.createFolders(), r.jsonPath());
                p = FilePlacer.place(r.mode(), r.source(), r.target(), r.conflict(), r.jsonPath());
              } catch (IOException e) {
                throw OrganiseErrors.io(verb + " of", r.source(), e);
              }
              library[0] = carryLibrary(ctx, r, p).orElse("");
              return p.toString();
            });
    Path now = Path.of(placed);
    String past =
        r.mode() == Mode.MOVE ? (verb.equals("rename") ? "renamed " : "moved ") : "copied ";
    return result(r.source(), now, past + r.source() + " to " + now + library[0]);
  }

  /** The library after the file's move or copy: tags (and, for a move, collections) follow it. */
  private static Optional<String> carryLibrary(ActionContext ctx, Request r, Path placed) {
    String from = r.source().toString();
    String to = placed.toString();
    return LibraryAccess.follow(
        ctx,
        library -> {
          if (r.mode() == Mode.MOVE) {
            library.moveFile(from, to);
            return;
          }
          if (r.conflict() == Conflict.OVERWRITE) {
            library.forgetFile(to); // the file it replaced is gone
          }
          if (r.copyTags()) {
            library.copyTags(from, to);
          }
        });
  }

  private static ActionResult result(Path from, Path to, String summary) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("path", to.toString());
    out.put("from", from.toString());
    out.put("name", to.getFileName().toString());
    out.put("size", size(Files.exists(to) ? to : from));
    return ActionResult.of(out).withSummary(summary);
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0; // gone meanwhile: the size is for people
    }
  }
}
