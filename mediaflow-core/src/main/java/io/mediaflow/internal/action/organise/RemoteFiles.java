package io.mediaflow.internal.action.organise;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.storage.MediaStorage;
import io.mediaflow.api.storage.MediaStorage.Operation;
import io.mediaflow.internal.DownloadFolders;
import io.mediaflow.internal.action.organise.FilePlacer.Mode;
import io.mediaflow.internal.storage.LocationText;
import io.mediaflow.internal.storage.MediaStorages;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code media.copy}, {@code media.move} and {@code media.delete} when the file or the destination
 * is a location of a storage ({@code s3://bucket/key}, a host's scheme): done through the {@link
 * MediaStorage}s that serve both ends, {@code file:} included. A copy is a fetch into a folder of
 * the run (for a remote file) and a {@linkplain MediaStorage#put put}, which appears whole or not
 * at all; a move deletes the file only after that put succeeded. An operation a scheme does not
 * offer is refused before anything is touched, with {@code UNSUPPORTED_SOURCE} at the parameter.
 */
final class RemoteFiles {

  /** The largest file fetched to be copied: 2 GiB, as for a media job's input. */
  static final long MAX_BYTES = 2L * 1024 * 1024 * 1024;

  private RemoteFiles() {}

  /** Whether {@code file} or {@code destination} names something other than a local file. */
  static boolean involved(URI file, String destination) {
    return !"file".equalsIgnoreCase(file.getScheme())
        || MediaStorages.isRemote(destination.strip());
  }

  /** Copies or moves the {@code file} parameter to the {@code destination} parameter. */
  static ActionResult toDestination(ActionContext ctx, Params params, Mode mode, String verb)
      throws Exception {
    URI file = params.optLocation(OrganiseParams.FILE).orElseThrow();
    String fileAt = OrganiseParams.at(ctx, OrganiseParams.FILE);
    String at = OrganiseParams.at(ctx, OrganiseParams.DESTINATION);
    URI target = target(ctx, params.getString(OrganiseParams.DESTINATION), name(file), at);
    Conflict conflict = OrganiseParams.conflict(params);
    if (conflict == Conflict.SUFFIX) {
      throw new MediaFlowException(
          ErrorCode.UNSUPPORTED_SOURCE,
          at
              + ": \"conflict\": \"suffix\" needs the names beside the destination, which a store"
              + " location does not list ("
              + LocationText.of(target)
              + ")",
          "use \"conflict\": \"fail\" or \"overwrite\" when the file or the destination is in a"
              + " store");
    }
    MediaStorage from = storage(ctx, file, Operation.FETCH, fileAt);
    if (mode == Mode.MOVE) {
      storage(ctx, file, Operation.DELETE, fileAt);
    }
    MediaStorage to = storage(ctx, target, Operation.PUT, at);
    if (file.normalize().equals(target.normalize())) {
      if (mode == Mode.MOVE) {
        return result(file, target, 0, "already at " + text(file) + ": nothing to " + verb);
      }
      throw new MediaFlowException(
          OrganiseErrors.SAME_FILE,
          at + ": " + text(target) + " is the file itself",
          "choose another destination");
    }
    if (ctx.dryRun()) {
      return result(
          file, target, 0, "test run: would " + verb + " " + text(file) + " to " + text(target));
    }
    long size =
        ctx.step(
            verb,
            Long.class,
            () -> {
              MediaStorage.Stored stored =
                  copy(ctx, from, file, fileAt, to, target, conflict == Conflict.OVERWRITE, at);
              if (mode == Mode.MOVE) {
                from.delete(file);
              }
              return stored.bytes();
            });
    String past = mode == Mode.MOVE ? "moved " : "copied ";
    return result(file, target, size, past + text(file) + " to " + text(target));
  }

  /** Deletes a remote file for good: a store has no trash folder. */
  static ActionResult delete(ActionContext ctx, URI file, boolean permanent) throws Exception {
    String at = OrganiseParams.at(ctx, OrganiseParams.FILE);
    MediaStorage storage = storage(ctx, file, Operation.DELETE, at);
    if (!permanent) {
      throw new MediaFlowException(
          ErrorCode.UNSUPPORTED_SOURCE,
          at + ": " + text(file) + " is in a store, which has no trash folder to move it to",
          "set \"permanent\": true to delete it for good");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("path", text(file));
    out.put("trashedTo", "");
    out.put("permanent", true);
    if (ctx.dryRun()) {
      return new ActionResult(out, "test run: would delete " + text(file) + " for good");
    }
    boolean existed = ctx.step("delete", Boolean.class, () -> storage.delete(file));
    if (!existed) {
      throw new MediaFlowException(
          OrganiseErrors.FILE_NOT_FOUND,
          at + ": " + text(file) + " does not exist",
          "check the location, or the output of the node that should have made it");
    }
    return new ActionResult(out, "deleted " + text(file) + " for good");
  }

  /**
   * Puts {@code file} at {@code target}; a remote file is fetched into a folder of the run first,
   * which is removed afterwards whatever happens.
   */
  private static MediaStorage.Stored copy(
      ActionContext ctx,
      MediaStorage from,
      URI file,
      String fileAt,
      MediaStorage to,
      URI target,
      boolean overwrite,
      String at)
      throws IOException {
    MediaStorage.PutRequest put = new MediaStorage.PutRequest(overwrite, ctx::isCancelled, at);
    if ("file".equalsIgnoreCase(file.getScheme())) {
      Path local = Path.of(file);
      OrganiseParams.requireExists(ctx, local);
      return to.put(local, target, put);
    }
    Path folder =
        DownloadFolders.create(
            Path.of(System.getProperty("java.io.tmpdir")),
            DownloadFolders.JOB_PREFIX + ctx.job().id() + ".");
    try {
      Path fetched =
          from.fetch(
              file, new MediaStorage.FetchRequest(folder, MAX_BYTES, ctx::isCancelled, fileAt));
      return to.put(fetched, target, put);
    } finally {
      DownloadFolders.delete(folder);
    }
  }

  /**
   * The location a copy of {@code name} to {@code destination} writes: {@code destination + name}
   * for a remote folder (ending in {@code /}), the destination itself otherwise; a local one as
   * {@link Destinations#target} resolves it.
   */
  private static URI target(ActionContext ctx, String destination, String name, String at) {
    String text = destination.strip();
    if (!MediaStorages.isRemote(text)) {
      return Destinations.target(ctx, text, name, at).toUri();
    }
    return ctx.paths().resolveLocation(text.endsWith("/") ? text + name : text, at);
  }

  /** The storage of a location's scheme ({@code file} included), which must offer {@code op}. */
  private static MediaStorage storage(ActionContext ctx, URI location, Operation op, String at) {
    return ctx.storage(location.getScheme().toLowerCase(Locale.ROOT))
        .filter(s -> s.operations().contains(op))
        .orElseThrow(() -> MediaStorage.unsupported(op, location, at));
  }

  private static String name(URI location) {
    String text = text(location);
    return text.substring(Math.max(text.lastIndexOf('/'), text.indexOf(':')) + 1);
  }

  private static String text(URI location) {
    return "file".equalsIgnoreCase(location.getScheme())
        ? Path.of(location).toString()
        : LocationText.of(location);
  }

  private static ActionResult result(URI from, URI to, long size, String summary) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("path", text(to));
    out.put("from", text(from));
    out.put("name", name(to));
    out.put("size", size);
    return ActionResult.of(out).withSummary(summary);
  }
}
