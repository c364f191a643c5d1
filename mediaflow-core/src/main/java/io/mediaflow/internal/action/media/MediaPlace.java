package io.mediaflow.internal.action.media;

import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.storage.MediaStorage;
import io.mediaflow.internal.storage.LocationText;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * A file a media action reads or writes: a local path inside the roots, or a location of a storage
 * ({@code s3://bucket/key.mp4}, a host's scheme). The action's media job names it in its spec
 * either way, and the media pipeline fetches a remote input and uploads a remote output after
 * verifying it, as it does for any job.
 *
 * @param uri as the parameter was resolved: a {@code file:} URI or the storage's
 * @param local the path, for a local file
 */
record MediaPlace(URI uri, Optional<Path> local) {

  static MediaPlace of(URI uri) {
    return "file".equalsIgnoreCase(uri.getScheme())
        ? new MediaPlace(uri, Optional.of(Path.of(uri)))
        : new MediaPlace(uri, Optional.empty());
  }

  static MediaPlace of(Path local) {
    return new MediaPlace(local.toUri(), Optional.of(local));
  }

  boolean remote() {
    return local.isEmpty();
  }

  /** How the action's media job names it: {@code file:/abs/a.mp4}, {@code s3://b/k.mp4}. */
  String spec() {
    return local.map(MediaJobs::file).orElseGet(() -> LocationText.of(uri));
  }

  /** The file's name: the last segment of its path or key. */
  String name() {
    if (local.isPresent()) {
      return local.get().getFileName().toString();
    }
    String text = LocationText.of(uri);
    return text.substring(cut(text));
  }

  /** Where the name starts in a location's text: after its last slash, or its scheme's colon. */
  private static int cut(String text) {
    return Math.max(text.lastIndexOf('/'), text.indexOf(':')) + 1;
  }

  /** The name without its last extension. */
  String stem() {
    return MediaFiles.stem(name());
  }

  /** The last extension, lower case, without the dot; empty for none. */
  String extension() {
    return MediaFiles.extension(name());
  }

  /**
   * The file {@code name} beside this one, confined as a parameter is: a local one inside the
   * roots, a remote one checked by its storage.
   */
  MediaPlace sibling(ActionContext ctx, String name, String jsonPath) {
    if (local.isPresent()) {
      return of(ctx.paths().resolve(local.get().resolveSibling(name).toString(), jsonPath));
    }
    String text = LocationText.of(uri);
    return of(ctx.paths().resolveLocation(text.substring(0, cut(text)) + name, jsonPath));
  }

  /** The storage of a remote place; empty for a local file (the workspace's). */
  Optional<MediaStorage> storage(ActionContext ctx) {
    return remote() ? ctx.storage(uri.getScheme().toLowerCase(Locale.ROOT)) : Optional.empty();
  }

  /**
   * Fails unless the storage of a remote place offers {@code op}: {@code UNSUPPORTED_SOURCE} at the
   * parameter, saying what the scheme can do. A local file can do everything.
   *
   * @return the storage, for a remote place
   */
  Optional<MediaStorage> require(ActionContext ctx, MediaStorage.Operation op, String jsonPath) {
    if (!remote()) {
      return Optional.empty();
    }
    MediaStorage s =
        storage(ctx)
            .filter(found -> found.operations().contains(op))
            .orElseThrow(() -> MediaStorage.unsupported(op, uri, jsonPath));
    return Optional.of(s);
  }

  /** The path, or the location as written. */
  @Override
  public String toString() {
    return local.map(Path::toString).orElseGet(() -> LocationText.of(uri));
  }
}
