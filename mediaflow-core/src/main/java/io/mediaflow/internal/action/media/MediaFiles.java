package io.mediaflow.internal.action.media;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.storage.MediaStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the media actions share about files: the {@code input}, {@code output} and {@code overwrite}
 * parameters, the default destination next to the input, the checks made before a media job starts,
 * and the outputs that describe a file written.
 */
final class MediaFiles {

  static final String INPUT = "input";
  static final String OUTPUT = "output";
  static final String OVERWRITE = "overwrite";

  /** Containers that hold video (and audio). */
  static final List<String> VIDEO_FORMATS = List.of("mp4", "mkv", "webm", "mov");

  /** Containers for audio alone. */
  static final List<String> AUDIO_FORMATS = List.of("mp3", "m4a", "opus", "ogg", "flac", "wav");

  /** Still pictures. */
  static final List<String> IMAGE_FORMATS = List.of("jpg", "png");

  /** What a remote input's fetch fails with, kept as it is rather than called a probe failure. */
  private static final Set<ErrorCode> FETCH_FAILURES =
      Set.of(
          ErrorCode.INPUT_NOT_FOUND,
          ErrorCode.PERMISSION_DENIED,
          ErrorCode.NETWORK,
          ErrorCode.CANCELLED,
          ErrorCode.UNSUPPORTED_SOURCE,
          ErrorCode.INPUT_INVALID);

  private MediaFiles() {}

  /** A file inside the roots, or a location of a storage ({@code s3://bucket/key.mp4}). */
  static ParamSpec input() {
    return ParamSpec.builder(INPUT, ParamType.LOCATION)
        .required()
        .description(
            "the media file to read: inside the workspace's roots, or a location such as"
                + " s3://bucket/key.mp4 (fetched first)")
        .build();
  }

  /** A file inside the roots only: for actions that change the file itself. */
  static ParamSpec localInput() {
    return ParamSpec.builder(INPUT, ParamType.PATH)
        .required()
        .description("the media file to read, inside the workspace's roots")
        .build();
  }

  static ParamSpec output(String description) {
    return ParamSpec.builder(OUTPUT, ParamType.LOCATION)
        .description(
            description
                + "; a location such as s3://bucket/key.mp4 is uploaded once the file is verified")
        .build();
  }

  static ParamSpec localOutput(String description) {
    return ParamSpec.builder(OUTPUT, ParamType.PATH).description(description).build();
  }

  /** The {@code input} parameter. */
  static MediaPlace input(Params p) {
    return MediaPlace.of(p.optLocation(INPUT).orElseThrow());
  }

  /** The file name of the {@code output} parameter (the last segment of a key), if it is given. */
  static Optional<String> outputName(Params p) {
    return p.get(OUTPUT)
        .map(
            v ->
                v instanceof URI u
                    ? MediaPlace.of(u).name()
                    : v instanceof Path path ? path.getFileName().toString() : "");
  }

  /** The extension of the {@code output} parameter, if it is given. */
  static Optional<String> outputExtension(Params p) {
    return outputName(p).map(MediaFiles::extension);
  }

  static ParamSpec overwrite() {
    return ParamSpec.builder(OVERWRITE, ParamType.BOOL)
        .defaultValue(false)
        .description("replace a file that exists at the destination; without it such a file fails")
        .build();
  }

  static boolean overwrite(Params p) {
    return p.optBool(OVERWRITE).orElse(false);
  }

  /**
   * The {@code output} parameter, else the input's name with {@code extension} in the input's
   * folder; either way confined to the roots.
   */
  static MediaPlace destination(ActionContext ctx, Params p, MediaPlace input, String extension) {
    return p.optLocation(OUTPUT)
        .map(MediaPlace::of)
        .orElseGet(
            () ->
                input.sibling(
                    ctx,
                    input.stem() + "." + extension,
                    "nodes." + ctx.nodeId() + ".params." + OUTPUT));
  }

  /** A file name without its last extension. */
  static String stem(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** The last extension, lower case, without the dot; empty for none. */
  static String extension(Path file) {
    return extension(file.getFileName().toString());
  }

  /** The last extension of a file name, lower case, without the dot; empty for none. */
  static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
  }

  /** As {@link #check(ActionContext, String, MediaPlace, List, boolean)}, for local files. */
  static void check(
      ActionContext ctx, String action, Path input, List<Path> outputs, boolean overwrite)
      throws Exception {
    check(
        ctx,
        action,
        MediaPlace.of(input),
        outputs.stream().map(MediaPlace::of).toList(),
        overwrite);
  }

  /**
   * Checks that the storage of each remote place offers what the action asks of it (reading the
   * input, writing the outputs), then, once per attempt of the node (a step: a run resumed after
   * its media job wrote the output must not find that output in the way), that the input exists,
   * that no destination is the input, and that none exists unless {@code overwrite}. A test run
   * checks nothing on disk or in a store.
   */
  static void check(
      ActionContext ctx,
      String action,
      MediaPlace input,
      List<MediaPlace> outputs,
      boolean overwrite)
      throws Exception {
    String at = "nodes." + ctx.nodeId() + ".params.";
    input.require(ctx, MediaStorage.Operation.FETCH, at + INPUT);
    for (MediaPlace out : outputs) {
      out.require(ctx, MediaStorage.Operation.PUT, at + OUTPUT);
    }
    if (ctx.dryRun()) {
      return;
    }
    ctx.step(
        "check",
        Boolean.class,
        () -> {
          requireInput(ctx, action, input);
          for (MediaPlace out : outputs) {
            if (out.uri().normalize().equals(input.uri().normalize())) {
              throw MediaActionErrors.at(
                  action,
                  MediaActionErrors.SAME_FILE,
                  "the destination " + out + " is the input itself",
                  "write to another file (\"output\"), or use media.metadata to change tags in"
                      + " place");
            }
            if (!overwrite && exists(ctx, out)) {
              throw MediaActionErrors.at(
                  action,
                  MediaActionErrors.OUTPUT_EXISTS,
                  "the destination " + out + " exists",
                  "set \"overwrite\": true to replace it, or choose another \"output\"");
            }
          }
          return true;
        });
  }

  /** Whether something is at a place; a storage that cannot tell is asked nothing (false). */
  private static boolean exists(ActionContext ctx, MediaPlace place) {
    if (place.local().isPresent()) {
      return Files.exists(place.local().get());
    }
    return place
        .storage(ctx)
        .filter(s -> s.operations().contains(MediaStorage.Operation.EXISTS))
        .map(s -> s.exists(place.uri()))
        .orElse(false);
  }

  private static void requireInput(ActionContext ctx, String action, MediaPlace input) {
    if (input.local().isPresent()) {
      requireInput(action, input.local().get());
    } else if (!exists(ctx, input)
        && input.storage(ctx).orElseThrow().operations().contains(MediaStorage.Operation.EXISTS)) {
      throw MediaActionErrors.at(
          action,
          MediaActionErrors.INPUT_MISSING,
          "the input " + input + " does not exist",
          "check the \"input\" parameter (a template such as {{trigger.path}} may name another"
              + " object)");
    }
  }

  static void requireInput(String action, Path input) {
    if (!Files.isRegularFile(input)) {
      throw MediaActionErrors.at(
          action,
          MediaActionErrors.INPUT_MISSING,
          "the input " + input + " does not exist or is not a file",
          "check the \"input\" parameter (a template such as {{trigger.path}} may name another"
              + " file)");
    }
  }

  /** Probes a local file; one the backend cannot read is {@code MEDIA_PROBE_FAILED}. */
  static MediaInfo probe(ActionContext ctx, String action, Path input) {
    return probe(ctx, action, MediaPlace.of(input));
  }

  /**
   * Probes a file or a remote location (fetched into a temporary folder first); one the backend
   * cannot read is {@code MEDIA_PROBE_FAILED}. A remote one's fetch errors keep their codes.
   */
  static MediaInfo probe(ActionContext ctx, String action, MediaPlace input) {
    try {
      return input.local().isPresent() ? ctx.probe(input.local().get()) : ctx.probe(input.uri());
    } catch (MediaFlowException e) {
      if (input.remote() && FETCH_FAILURES.contains(e.code())) {
        throw e; // the fetch's: not found, refused credentials, the network
      }
      throw new MediaFlowException(
          MediaActionErrors.PROBE_FAILED,
          action + ": cannot read " + input + " as media (" + e.code().code() + "): " + e.detail(),
          "check that the file is a complete audio or video file",
          e.retryable(),
          e);
    }
  }

  /**
   * {@code path}, {@code size}, {@code duration} and {@code container} of a file written. A remote
   * destination is not fetched back to be measured: its size and duration are 0, as in a test run.
   */
  static Map<String, Object> written(ActionContext ctx, String action, MediaPlace file) {
    if (file.remote()) {
      return planned(file);
    }
    Path local = file.local().get();
    MediaInfo info = probe(ctx, action, local);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("path", local.toString());
    out.put("size", size(local));
    out.put("duration", info.duration().toSeconds());
    out.put("container", extension(local));
    return out;
  }

  /** The same outputs for a file a test run would write: its path and format, no size. */
  static Map<String, Object> planned(MediaPlace file) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("path", file.toString());
    out.put("size", 0L);
    out.put("duration", 0.0);
    out.put("container", file.extension());
    return out;
  }

  static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of " + file, e);
    }
  }

  /** {@code 4.2 MB}, for summaries. */
  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double kb = bytes / 1024.0;
    if (kb < 1024) {
      return String.format(Locale.ROOT, "%.1f KB", kb);
    }
    return String.format(Locale.ROOT, "%.1f MB", kb / 1024.0);
  }
}
