package io.mediaflow.internal.rule;

import static io.mediaflow.internal.spec.JsonPaths.field;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.rule.FileTrigger;
import io.mediaflow.internal.spec.JsonValues;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Reads a watched-folder trigger, {@code {"type": "file", "path": "in", "glob": "*.mkv",
 * "recursive": true, "debounce": "PT5S", "rescan": "PT1M"}}: the folder must be inside the
 * workspace's allowed roots, the glob must compile, and the two durations must be in range.
 */
final class FileTriggerReader {

  private final RuleValues values;
  private final BiFunction<String, String, List<Violation>> folderProblems;

  FileTriggerReader(RuleValues values, BiFunction<String, String, List<Violation>> folderProblems) {
    this.values = values;
    this.folderProblems = folderProblems;
  }

  /** The trigger at {@code path}; null (with its problems added) when it cannot be read. */
  FileTrigger read(JsonNode node, String path) {
    int before = values.violations.size();
    String folder =
        values.json.requiredString(
            node, path, "path", "the folder to watch, such as \"incoming\" or \"/srv/in\"");
    if (folder != null) {
      if (folder.isBlank()) {
        values.violations.add(
            new Violation(
                field(path, "path"),
                ErrorCode.INVALID_VALUE,
                "a watched folder's path must not be blank",
                "name the folder, relative to the workspace's base directory or absolute"));
      } else {
        values.violations.addAll(folderProblems.apply(folder, field(path, "path")));
      }
    }
    String glob = glob(node, path);
    boolean recursive = values.bool(node, path, "recursive", false);
    Duration debounce =
        limited(node, path, "debounce", Duration.ZERO, FileTrigger.MAX_DEBOUNCE, null);
    Duration rescan =
        limited(node, path, "rescan", FileTrigger.MIN_RESCAN, FileTrigger.MAX_RESCAN, null);
    if (values.violations.size() > before) {
      return null;
    }
    return new FileTrigger(folder, glob, recursive, debounce, rescan);
  }

  private String glob(JsonNode node, String path) {
    String glob = values.json.optionalString(node, path, "glob");
    if (glob == null) {
      return FileTrigger.ANY_FILE;
    }
    try {
      FileTrigger.checkGlob(glob);
      return glob;
    } catch (IllegalArgumentException e) {
      values.violations.add(
          new Violation(
              field(path, "glob"),
              ErrorCode.INVALID_VALUE,
              JsonValues.abbreviate(e.getMessage()),
              "write a glob such as \"*.mkv\", \"*.{mp4,mkv}\" or \"shows/**\" (braces and"
                  + " brackets must close)"));
      return null;
    }
  }

  /** A duration between {@code min} and {@code max}; null when absent (default) or broken. */
  private Duration limited(
      JsonNode node, String path, String name, Duration min, Duration max, Duration otherwise) {
    Duration d = values.duration(node, path, name, min, otherwise);
    if (d != null && d.compareTo(max) > 0) {
      values.violations.add(
          new Violation(
              field(path, name),
              ErrorCode.OUT_OF_RANGE,
              name + " must be at most " + max + " but was " + d,
              "write " + max + " or less"));
      return null;
    }
    return d;
  }
}
