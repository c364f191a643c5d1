package io.mediaflow.internal.action.media;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

  private MediaFiles() {}

  static ParamSpec input() {
    return ParamSpec.builder(INPUT, ParamType.PATH)
        .required()
        .description("the media file to read, inside the workspace's roots")
        .build();
  }

  static ParamSpec output(String description) {
    return ParamSpec.builder(OUTPUT, ParamType.PATH).description(description).build();
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
  static Path destination(ActionContext ctx, Params p, Path input, String extension) {
    return p.optPath(OUTPUT)
        .orElseGet(
            () ->
                ctx.paths()
                    .resolve(
                        input.resolveSibling(stem(input) + "." + extension).toString(),
                        "nodes." + ctx.nodeId() + ".params." + OUTPUT));
  }

  /** The file name without its last extension. */
  static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** The last extension, lower case, without the dot; empty for none. */
  static String extension(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
  }

  /**
   * Checks, once per attempt of the node (a step: a run resumed after its media job wrote the
   * output must not find that output in the way), that the input exists, that no destination is the
   * input, and that none exists unless {@code overwrite}. A test run checks nothing on disk.
   */
  static void check(
      ActionContext ctx, String action, Path input, List<Path> outputs, boolean overwrite)
      throws Exception {
    if (ctx.dryRun()) {
      return;
    }
    ctx.step(
        "check",
        Boolean.class,
        () -> {
          requireInput(action, input);
          for (Path out : outputs) {
            if (out.toAbsolutePath().normalize().equals(input.toAbsolutePath().normalize())) {
              throw MediaActionErrors.at(
                  action,
                  MediaActionErrors.SAME_FILE,
                  "the destination " + out + " is the input itself",
                  "write to another file (\"output\"), or use media.metadata to change tags in"
                      + " place");
            }
            if (!overwrite && Files.exists(out)) {
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

  /** Probes the input; a file the backend cannot read is {@code MEDIA_PROBE_FAILED}. */
  static MediaInfo probe(ActionContext ctx, String action, Path input) {
    try {
      return ctx.probe(input);
    } catch (MediaFlowException e) {
      throw new MediaFlowException(
          MediaActionErrors.PROBE_FAILED,
          action + ": cannot read " + input + " as media (" + e.code().code() + "): " + e.detail(),
          "check that the file is a complete audio or video file",
          e.retryable(),
          e);
    }
  }

  /** {@code path}, {@code size}, {@code duration} and {@code container} of a file written. */
  static Map<String, Object> written(ActionContext ctx, String action, Path file) {
    MediaInfo info = probe(ctx, action, file);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("path", file.toString());
    out.put("size", size(file));
    out.put("duration", info.duration().toSeconds());
    out.put("container", extension(file));
    return out;
  }

  /** The same outputs for a file a test run would write: its path and format, no size. */
  static Map<String, Object> planned(Path file) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("path", file.toString());
    out.put("size", 0L);
    out.put("duration", 0.0);
    out.put("container", extension(file));
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
