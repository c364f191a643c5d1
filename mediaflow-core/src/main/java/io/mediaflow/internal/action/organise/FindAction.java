package io.mediaflow.internal.action.organise;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
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
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;

/**
 * {@code media.find}: the files of a folder inside the roots, optionally only those last modified
 * more than a number of days before a given moment; what a loop of organise actions then works on
 * (the archive template moves each one). Hidden names (a leading {@code .}: the trash, a download's
 * {@code .part}) are skipped, and so are symbolic links, which could lead outside the roots.
 */
final class FindAction implements Action {

  /** The most files one node lists; a loop takes at most the engine's loop limit anyway. */
  static final int MAX_LIMIT = 100_000;

  private static final String PROBE_NAME = ".mediaflow-find";

  private static final ActionDescriptor DESCRIPTOR =
      ActionDescriptor.builder("media.find")
          .description("Lists the files of a folder, optionally those older than a number of days")
          .category("organise")
          .param(
              ParamSpec.builder("directory", ParamType.STRING)
                  .required()
                  .description("the folder to list, inside the allowed roots")
                  .build())
          .param(
              ParamSpec.builder("pattern", ParamType.STRING)
                  .defaultValue("*")
                  .description("a glob on the file name, such as *.mp4 or *.{mp4,mkv}")
                  .build())
          .param(
              ParamSpec.builder("recursive", ParamType.BOOL)
                  .defaultValue(true)
                  .description("look into sub-folders too")
                  .build())
          .param(
              ParamSpec.builder("olderThanDays", ParamType.INT)
                  .range(0, 36_500)
                  .description("only files last modified more than this many days before 'now'")
                  .build())
          .param(
              ParamSpec.builder("now", ParamType.STRING)
                  .description(
                      "the moment ages count from, an ISO-8601 instant; usually"
                          + " ${trigger.scheduledTime} of a schedule rule; required with olderThanDays")
                  .build())
          .param(
              ParamSpec.builder("limit", ParamType.INT)
                  .defaultValue(1000)
                  .range(1, MAX_LIMIT)
                  .description("the most files listed (the oldest first)")
                  .build())
          .output(ActionOutput.of("files", "the files found, oldest first", List.of("/a.mp4")))
          .output(ActionOutput.of("count", "how many", 0))
          .output(ActionOutput.of("truncated", "whether more files matched than the limit", false))
          .dryRun(DryRun.DESCRIBES_ITSELF)
          .error(ErrorCode.PATH_NOT_ALLOWED)
          .error(ErrorCode.INVALID_VALUE)
          .error(OrganiseErrors.FILE_NOT_FOUND)
          .error(OrganiseErrors.IO_FAILED)
          .build();

  @Override
  public ActionDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Violation> validate(Params params, ValidationContext ctx) {
    List<Violation> found = new ArrayList<>();
    params
        .optString("pattern")
        .flatMap(p -> badPattern(p, ctx.path("pattern")))
        .ifPresent(found::add);
    params.optString("now").flatMap(n -> badInstant(n, ctx.path("now"))).ifPresent(found::add);
    return found;
  }

  /**
   * Told when the node runs: a template value ({@code ${trigger.scheduledTime}}) is left out of the
   * parameters checked with the workflow, so {@code now} looks missing there.
   */
  private static List<Violation> nowMissing(Params params, String at) {
    List<Violation> found = new ArrayList<>();
    if (params.has("olderThanDays") && !params.has("now")) {
      found.add(
          new Violation(
              at,
              ErrorCode.MISSING_FIELD,
              "olderThanDays needs the moment ages count from",
              "add \"now\": \"${trigger.scheduledTime}\" (a schedule's slot) or an instant"));
    }
    return found;
  }

  @Override
  public ActionResult execute(ActionContext ctx, Params params) throws Exception {
    String where = "nodes[" + ctx.nodeId() + "].params";
    List<Violation> problems = new ArrayList<>(validate(params, new ValidationContext(where)));
    problems.addAll(nowMissing(params, where + ".now"));
    io.mediaflow.api.ValidationException.throwIfAny(problems);
    Path directory =
        ctx.paths()
            .resolve(params.getString("directory") + "/" + PROBE_NAME, where + ".directory")
            .getParent();
    if (!Files.isDirectory(directory)) {
      if (ctx.dryRun()) {
        return ActionResult.of(outputs(List.of(), false))
            .withSummary("test run: folder " + directory + " is not there now");
      }
      throw new MediaFlowException(
          OrganiseErrors.FILE_NOT_FOUND,
          where + ".directory: folder " + directory + " does not exist",
          "create it, or name a folder inside the allowed roots",
          false,
          null);
    }
    Optional<Instant> cutoff =
        params
            .optLong("olderThanDays")
            .map(
                days ->
                    Instant.parse(params.getString("now").strip()).minus(Duration.ofDays(days)));
    PathMatcher matcher =
        FileSystems.getDefault().getPathMatcher("glob:" + params.optString("pattern").orElse("*"));
    boolean recursive = params.optBool("recursive").orElse(true);
    List<Found> found = new ArrayList<>();
    try {
      Files.walkFileTree(
          directory,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              if (dir.equals(directory)) {
                return FileVisitResult.CONTINUE;
              }
              return recursive && !hidden(dir)
                  ? FileVisitResult.CONTINUE
                  : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              Instant modified = attrs.lastModifiedTime().toInstant();
              if (attrs.isRegularFile()
                  && !hidden(file)
                  && matcher.matches(file.getFileName())
                  && cutoff.map(modified::isBefore).orElse(true)) {
                found.add(new Found(file, modified));
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new MediaFlowException(
          OrganiseErrors.IO_FAILED,
          where + ".directory: listing " + directory + " failed: " + e.getMessage(),
          "check the folder's permissions",
          true,
          e);
    }
    found.sort((a, b) -> a.modified.compareTo(b.modified));
    int limit = params.getInt("limit");
    List<String> files = found.stream().limit(limit).map(f -> f.path.toString()).toList();
    return ActionResult.of(outputs(files, found.size() > limit))
        .withSummary(
            (ctx.dryRun() ? "test run: found " : "found ")
                + files.size()
                + (found.size() > limit ? " (of " + found.size() + ")" : "")
                + " file(s) in "
                + directory
                + cutoff.map(c -> " modified before " + c).orElse(""));
  }

  private record Found(Path path, Instant modified) {}

  private static boolean hidden(Path p) {
    return p.getFileName().toString().startsWith(".");
  }

  private static Map<String, Object> outputs(List<String> files, boolean truncated) {
    return Map.of("files", files, "count", files.size(), "truncated", truncated);
  }

  private static Optional<Violation> badPattern(String pattern, String at) {
    if (pattern.contains("${") || pattern.contains("{{")) {
      return Optional.empty(); // known when the node runs
    }
    try {
      FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      return Optional.empty();
    } catch (PatternSyntaxException e) {
      return Optional.of(
          new Violation(
              at,
              ErrorCode.INVALID_VALUE,
              "pattern '" + pattern + "' is not a glob: " + e.getDescription(),
              "write a glob such as *.mp4 or *.{mp4,mkv}"));
    }
  }

  private static Optional<Violation> badInstant(String text, String at) {
    if (text.contains("${") || text.contains("{{")) {
      return Optional.empty();
    }
    try {
      Instant.parse(text.strip());
      return Optional.empty();
    } catch (DateTimeParseException e) {
      return Optional.of(
          new Violation(
              at,
              ErrorCode.INVALID_VALUE,
              "now '" + text + "' is not an ISO-8601 instant",
              "write \"${trigger.scheduledTime}\" or an instant such as \"2026-12-04T02:00:00Z\""));
    }
  }
}
