package io.mediaflow.internal.action.web;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionOutput;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.api.action.MediaItem;
import io.mediaflow.api.action.MediaSource;
import io.mediaflow.api.job.StepType;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code download.playlist} and {@code download.channel} share: their parameters, and the run:
 * choose a {@link MediaSource}, list once (a step, so a resumed run fetches the same items), then
 * fetch each item in a step of its own (a resumed run does not fetch a finished item again), and
 * check that every file the source returns lies in the folder it was given.
 */
final class SourceDownloads {

  /** The most items one node fetches. */
  static final int MAX_LIMIT = 1000;

  /** A name in the folder, resolved to find the folder; never created. */
  private static final String PROBE_NAME = ".mediaflow-download";

  /** The ids fetched into a folder, one {@code <source>:<id>} a line, for {@code onlyNew}. */
  static final String SEEN_FILE = ".mediaflow-fetched";

  private static final StepType<List<Map<String, Object>>> LISTING = new StepType<>() {};

  private SourceDownloads() {}

  /** The descriptor's common part; {@code download.channel} adds {@code since}. */
  static ActionDescriptor.Builder descriptor(String name, String what) {
    return ActionDescriptor.builder(name)
        .description(
            "Downloads the items of a " + what + " through the host's MediaSource (yt-dlp, an API)")
        .category("download")
        .param(
            ParamSpec.builder("url", ParamType.STRING)
                .required()
                .description("the " + what + "'s address")
                .build())
        .param(
            ParamSpec.builder("directory", ParamType.STRING)
                .description(
                    "the folder to write into, inside the allowed roots (created); default the"
                        + " workspace base")
                .build())
        .param(
            ParamSpec.builder("source", ParamType.STRING)
                .description("the name of the media source to use; default the first that fits")
                .build())
        .param(
            ParamSpec.builder("quality", ParamType.ENUM)
                .allowed("best", "worst", "1080p", "720p", "480p")
                .defaultValue("best")
                .build())
        .param(
            ParamSpec.builder("format", ParamType.ENUM)
                .allowed("mp4", "mkv", "webm", "mp3", "aac")
                .defaultValue("mp4")
                .build())
        .param(
            ParamSpec.builder("limit", ParamType.INT)
                .defaultValue(25)
                .range(1, MAX_LIMIT)
                .description("the most items fetched")
                .build())
        .param(
            ParamSpec.builder("onlyNew", ParamType.BOOL)
                .defaultValue(false)
                .description(
                    "skip the items an earlier run fetched into this folder (their ids are kept"
                        + " in its "
                        + SEEN_FILE
                        + ")")
                .build())
        .output(ActionOutput.of("files", "the files written, in order", List.of()))
        .output(
            ActionOutput.of(
                "items", "each item: id, title, url, publishedAt, path", List.of(Map.of())))
        .output(ActionOutput.of("count", "how many files were written", 0))
        .output(ActionOutput.of("source", "the media source used", "placeholder"))
        .dryRun(DryRun.DESCRIBES_ITSELF)
        .error(WebActionErrors.NO_MEDIA_SOURCE)
        .error(WebActionErrors.MEDIA_SOURCE_FAILED)
        .error(ErrorCode.PATH_NOT_ALLOWED)
        .error(ErrorCode.INVALID_VALUE)
        .error(ErrorCode.CANCELLED);
  }

  /** The {@code since} violation of a channel, if its text is no instant or date. */
  static Optional<Violation> checkSince(Params params, String path) {
    Optional<String> since = params.optString("since");
    if (since.isEmpty() || parseSince(since.get()).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(
            path,
            ErrorCode.INVALID_VALUE,
            "since " + ParamType.describe(since.get()) + " is neither an instant nor a date",
            "give \"2026-01-31\" or \"2026-01-31T08:00:00Z\""));
  }

  /** An ISO instant, or a date taken as its start in UTC. */
  static Optional<Instant> parseSince(String text) {
    try {
      return Optional.of(Instant.parse(text.trim()));
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(LocalDate.parse(text.trim()).atStartOfDay(ZoneOffset.UTC).toInstant());
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }

  /** Lists and fetches. */
  static ActionResult run(ActionContext ctx, Params params, MediaSource.Kind kind)
      throws Exception {
    String where = "nodes[" + ctx.nodeId() + "].params";
    String url = params.getString("url");
    MediaSource source = MediaSourceFinder.find(ctx, url, params.optString("source"), where);
    // a file in the folder goes through the host's rule, which refuses folders themselves
    Path directory =
        ctx.paths()
            .resolve(
                params.optString("directory").orElse(".") + "/" + PROBE_NAME, where + ".directory")
            .getParent();
    int limit = params.getInt("limit");
    Instant since = params.optString("since").flatMap(SourceDownloads::parseSince).orElse(null);
    String quality = params.optString("quality").orElse("best");
    String format = params.optString("format").orElse("mp4");
    String what = kind.name().toLowerCase(java.util.Locale.ROOT);
    boolean onlyNew = params.optBool("onlyNew").orElse(false);
    if (ctx.dryRun()) {
      return ActionResult.of(outputs(List.of(), List.of(), source.name()))
          .withSummary(
              "would list "
                  + what
                  + " "
                  + WebText.display(url)
                  + " with media source '"
                  + source.name()
                  + "' and fetch up to "
                  + limit
                  + " items as "
                  + format
                  + " ("
                  + quality
                  + ") into "
                  + directory);
    }
    MediaSource.Listing listing = new MediaSource.Listing(kind, url, limit, since);
    // what this run listed and fetched of this URL so far: a retry of the node (or a run resumed
    // after a crash) goes on with the same items and does not fetch a finished one again
    String key = what + " " + url;
    @SuppressWarnings("unchecked")
    Map<String, Object> progress = ctx.loadState(key, Map.class).orElse(null);
    List<Map<String, Object>> listed;
    Map<String, Object> done;
    if (progress == null) {
      listed =
          ctx.step(
              "list " + what,
              LISTING,
              () ->
                  onlyNew
                      ? FetchedIds.unseen(listed(source, listing), directory, source.name())
                      : listed(source, listing));
      done = new LinkedHashMap<>();
      ctx.saveState(key, Map.of("items", listed, "done", done));
    } else {
      listed = listOfMaps(progress.get("items"));
      done = new LinkedHashMap<>(mapOf(progress.get("done")));
    }
    Files.createDirectories(directory);
    MediaSource.Fetch fetch =
        new MediaSource.Fetch(directory, quality, format, ctx.http(), ctx::isCancelled);
    List<String> files = new ArrayList<>();
    List<Map<String, Object>> items = new ArrayList<>();
    for (int i = 0; i < listed.size(); i++) {
      if (ctx.isCancelled()) {
        throw new MediaFlowException(
            ErrorCode.CANCELLED,
            "download." + what + ": stopped after " + i + " of " + listed.size() + " items",
            "");
      }
      Map<String, Object> entry = listed.get(i);
      MediaItem item = item(entry);
      ctx.progress(100.0 * i / listed.size(), "item " + (i + 1) + "/" + listed.size());
      Object earlier = done.get(item.id());
      String file;
      if (earlier != null && Files.isRegularFile(Path.of(earlier.toString()))) {
        file = earlier.toString();
      } else {
        file =
            ctx.step(
                "fetch " + item.id(),
                String.class,
                () -> fetched(source, item, fetch, directory, ctx).toString());
        done.put(item.id(), file);
        if (onlyNew) {
          FetchedIds.remember(directory, source.name(), item.id());
        }
        ctx.saveState(key, Map.of("items", listed, "done", done));
      }
      files.add(file);
      Map<String, Object> withPath = new LinkedHashMap<>(entry);
      withPath.put("path", file);
      items.add(withPath);
    }
    return ActionResult.of(outputs(files, items, source.name()))
        .withSummary(
            "fetched "
                + files.size()
                + " of "
                + what
                + " "
                + WebText.display(url)
                + " with media source '"
                + source.name()
                + "' into "
                + directory);
  }

  private static List<Map<String, Object>> listed(MediaSource source, MediaSource.Listing listing) {
    List<MediaItem> items =
        call(
            source,
            "list " + WebText.display(listing.url()),
            () -> {
              List<MediaItem> l = source.list(listing);
              return l == null ? List.of() : l;
            });
    List<Map<String, Object>> out = new ArrayList<>();
    for (MediaItem item : items.subList(0, Math.min(items.size(), listing.limit()))) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", item.id());
      m.put("title", item.title());
      m.put("url", item.url());
      m.put("publishedAt", item.publishedAt() == null ? null : item.publishedAt().toString());
      out.add(m);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> listOfMaps(Object value) {
    return value instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mapOf(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static MediaItem item(Map<String, Object> m) {
    Object at = m.get("publishedAt");
    return new MediaItem(
        String.valueOf(m.get("id")),
        String.valueOf(m.get("title")),
        String.valueOf(m.get("url")),
        at == null ? null : Instant.parse(at.toString()));
  }

  /** Fetches one item and checks what the source returned. */
  private static Path fetched(
      MediaSource source, MediaItem item, MediaSource.Fetch fetch, Path dir, ActionContext ctx) {
    Path file = call(source, "fetch item " + item.id(), () -> source.fetch(item, fetch));
    if (file == null) {
      throw misbehaved(source, item, "returned no file");
    }
    Path abs = dir.resolve(file).normalize();
    if (!abs.getParent().equals(dir.normalize())) {
      throw misbehaved(source, item, "returned " + file + ", which is not in " + dir);
    }
    // and through the host's rule, which also follows a link the source may have left
    Path real = ctx.paths().resolve(abs.toString(), "nodes[" + ctx.nodeId() + "].source");
    if (!Files.isRegularFile(real)) {
      throw misbehaved(source, item, "returned " + file + ", which is not a regular file");
    }
    return real;
  }

  private static MediaFlowException misbehaved(MediaSource source, MediaItem item, String what) {
    return new MediaFlowException(
        WebActionErrors.MEDIA_SOURCE_FAILED,
        "media source '" + source.name() + "' fetching item " + item.id() + " " + what,
        "fix the media source: it must write one regular file into the folder it is given",
        false,
        null);
  }

  /** Calls the source; its own exceptions become {@code MEDIA_SOURCE_FAILED} (retryable). */
  private static <T> T call(MediaSource source, String what, java.util.concurrent.Callable<T> c) {
    try {
      return c.call();
    } catch (MediaFlowException e) {
      throw e;
    } catch (Exception e) {
      throw new MediaFlowException(
          WebActionErrors.MEDIA_SOURCE_FAILED,
          "media source '" + source.name() + "' failed to " + what + ": " + e,
          "see the source's log; the node's retry policy decides whether it is tried again",
          true,
          e);
    }
  }

  private static Map<String, Object> outputs(
      List<String> files, List<Map<String, Object>> items, String source) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("files", files);
    out.put("items", items);
    out.put("count", files.size());
    out.put("source", source);
    return out;
  }
}
