package io.mediaflow.internal.action.media;

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
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.api.spec.JobSpec;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code media.metadata}: writes container tags (title, artist, comment, ...) without re-encoding:
 * the media job copies every stream ({@code copy} codecs) and sets the tags; a tag given an empty
 * value is removed. Without {@code output} the input itself is replaced: the job writes a hidden
 * file beside it, which is then moved over the input (atomically where the file system allows).
 */
final class MetadataAction implements Action {

  static final String NAME = "media.metadata";
  static final String TAGS = "tags";
  static final int MAX_TAGS = 64;
  static final int MAX_VALUE_CHARS = 4096;

  private static final ActionDescriptor DESCRIPTOR =
      ActionDescriptor.builder(NAME)
          .description("Sets or removes a media file's tags without re-encoding it.")
          .category("media")
          .param(MediaFiles.localInput())
          .param(
              ParamSpec.builder(TAGS, ParamType.OBJECT)
                  .required()
                  .description(
                      "tag name to text, such as {\"title\": \"Episode 1\"}; an empty text removes"
                          + " the tag")
                  .build())
          .param(
              MediaFiles.localOutput(
                  "the file to write, of the input's format; default: the input is replaced"))
          .param(MediaFiles.overwrite())
          .output(ActionOutput.of("path", "the file with the tags", "/placeholder/tagged.mp4"))
          .output(ActionOutput.of("size", "its size in bytes", 0))
          .output(ActionOutput.of("tags", "the tags written", Map.of()))
          .dryRun(DryRun.DESCRIBES_ITSELF)
          .error(MediaActionErrors.TAG_INVALID)
          .error(MediaActionErrors.INPUT_MISSING)
          .error(MediaActionErrors.SAME_FILE)
          .error(MediaActionErrors.OUTPUT_EXISTS)
          .error(MediaActionErrors.SPEC_INVALID)
          .error(MediaActionErrors.JOB_FAILED)
          .error(MediaActionErrors.JOB_CANCELLED)
          .build();

  @Override
  public ActionDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Violation> validate(Params params, ValidationContext ctx) {
    List<Violation> found = new ArrayList<>();
    if (params.get(TAGS).orElse(null) instanceof Map<?, ?> tags) {
      if (tags.isEmpty() || tags.size() > MAX_TAGS) {
        found.add(
            ctx.violation(
                TAGS,
                MediaActionErrors.TAG_INVALID,
                "give between 1 and " + MAX_TAGS + " tags, not " + tags.size()));
      }
      for (Map.Entry<?, ?> e : tags.entrySet()) {
        String problem = problem(String.valueOf(e.getKey()), e.getValue());
        if (problem != null) {
          found.add(ctx.violation(TAGS + "." + e.getKey(), MediaActionErrors.TAG_INVALID, problem));
        }
      }
    }
    return found;
  }

  /** What is wrong with one tag; null when nothing is. */
  private static String problem(String key, Object value) {
    if (key.isEmpty() || key.indexOf('=') >= 0 || key.chars().anyMatch(Character::isISOControl)) {
      return "tag name \"" + key + "\" is empty or has '=' or a control character";
    }
    if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
      return "tag \"" + key + "\" must be text, a number or a boolean, not " + describe(value);
    }
    String text = value.toString();
    if (text.length() > MAX_VALUE_CHARS) {
      return "tag \"" + key + "\" is longer than " + MAX_VALUE_CHARS + " characters";
    }
    if (text.indexOf('\0') >= 0) {
      return "tag \"" + key + "\" contains a NUL character";
    }
    return null;
  }

  private static String describe(Object value) {
    return value == null
        ? "null"
        : value instanceof Map
            ? "an object"
            : value instanceof List ? "a list" : value.getClass().getSimpleName();
  }

  @Override
  public ActionResult execute(ActionContext ctx, Params params) throws Exception {
    Path input = params.optPath(MediaFiles.INPUT).orElseThrow();
    Map<String, String> tags = new LinkedHashMap<>();
    ((Map<?, ?>) params.get(TAGS).orElseThrow())
        .forEach((k, v) -> tags.put(String.valueOf(k), String.valueOf(v)));
    boolean inPlace = params.optPath(MediaFiles.OUTPUT).isEmpty();
    Path output = inPlace ? input : params.optPath(MediaFiles.OUTPUT).orElseThrow();
    // in place: the job writes a hidden file beside the input, of its format (the extension)
    Path written =
        inPlace
            ? input.resolveSibling(
                "." + input.getFileName() + ".tags." + MediaFiles.extension(input))
            : output;
    MediaFiles.check(
        ctx, NAME, input, inPlace ? List.of() : List.of(output), MediaFiles.overwrite(params));
    JobSpec.OutputStep o =
        JobSpec.builder()
            .input("main", MediaJobs.file(input))
            .output("main", MediaJobs.file(written))
            .codec(CodecSpec.builder().video("copy").audio("copy").build());
    tags.forEach(o::metadata);
    if (inPlace || MediaFiles.overwrite(params)) {
      o.overwrite(); // in place: a hidden file a failed attempt left is ours to replace
    }
    MediaJobs.run(ctx, NAME, o.build());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("path", output.toString());
    if (ctx.dryRun()) {
      out.put("size", 0L);
      out.put("tags", tags);
      return new ActionResult(
          out,
          "test run: would set " + tags.keySet() + " on " + output + (inPlace ? " in place" : ""));
    }
    if (inPlace) {
      ctx.step(
          "replace",
          Boolean.class,
          () -> {
            // a run resumed after the move finds no hidden file: the move was done
            if (Files.exists(written)) {
              replace(written, input);
            }
            return true;
          });
    }
    out.put("size", MediaFiles.size(output));
    out.put("tags", tags);
    return new ActionResult(out, "set " + tags.keySet() + " on " + output.getFileName());
  }

  private static void replace(Path from, Path to) throws java.io.IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
