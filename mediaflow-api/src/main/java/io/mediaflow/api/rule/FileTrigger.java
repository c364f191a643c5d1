package io.mediaflow.api.rule;

import java.nio.file.FileSystems;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.PatternSyntaxException;

/**
 * Fires once per file that arrives in a folder and is complete: its size and modification time
 * unchanged for {@code debounce}. A file renamed into the folder counts; files that arrived while
 * no engine ran fire when one starts; a file handled once never fires again, after a restart or on
 * another engine watching the same folder, unless it changes (another size or modification time is
 * another version). The file reaches the run as {@code ${trigger.file.path}}, {@code name}, {@code
 * relativePath}, {@code folder}, {@code size} and {@code modifiedAt}.
 *
 * {@snippet :
 * Rule.builder("incoming")
 *     .trigger(FileTrigger.folder("in").glob("*.mkv").recursive(true))
 *     .workflow("transcode")
 *     .build();
 * }
 *
 * @param path the folder: relative to the workspace's base directory, or absolute; inside the
 *     workspace's allowed roots
 * @param glob which files: a glob ({@code *.mkv}, {@code *.{mp4,mkv}}) on the file's name, or on
 *     its path below the folder when it holds a {@code /} ({@code shows/*.mkv})
 * @param recursive whether files in sub-folders count
 * @param debounce how long size and modification time must stay the same; 0 to 1 hour
 * @param rescan how often the whole folder is listed again, beside change notices (which miss
 *     changes on network file systems); 1 second to 1 day
 */
public record FileTrigger(
    String path, String glob, boolean recursive, Duration debounce, Duration rescan)
    implements Trigger {

  /** The glob of every file. */
  public static final String ANY_FILE = "*";

  /** The default debounce window. */
  public static final Duration DEFAULT_DEBOUNCE = Duration.ofSeconds(5);

  /** The longest debounce window. */
  public static final Duration MAX_DEBOUNCE = Duration.ofHours(1);

  /** The default time between two full listings of the folder. */
  public static final Duration DEFAULT_RESCAN = Duration.ofMinutes(1);

  /** The shortest time between two full listings. */
  public static final Duration MIN_RESCAN = Duration.ofSeconds(1);

  /** The longest time between two full listings. */
  public static final Duration MAX_RESCAN = Duration.ofDays(1);

  public FileTrigger {
    Objects.requireNonNull(path, "path");
    if (path.isBlank()) {
      throw new IllegalArgumentException("a watched folder's path must not be blank");
    }
    glob = glob == null ? ANY_FILE : glob;
    checkGlob(glob);
    debounce = debounce == null ? DEFAULT_DEBOUNCE : debounce;
    rescan = rescan == null ? DEFAULT_RESCAN : rescan;
    if (debounce.isNegative() || debounce.compareTo(MAX_DEBOUNCE) > 0) {
      throw new IllegalArgumentException(
          "debounce must be between PT0S and " + MAX_DEBOUNCE + " but was " + debounce);
    }
    if (rescan.compareTo(MIN_RESCAN) < 0 || rescan.compareTo(MAX_RESCAN) > 0) {
      throw new IllegalArgumentException(
          "rescan must be between " + MIN_RESCAN + " and " + MAX_RESCAN + " but was " + rescan);
    }
  }

  /** Every file directly in {@code path}, with the default debounce and rescan. */
  public static FileTrigger folder(String path) {
    return new FileTrigger(path, ANY_FILE, false, null, null);
  }

  /** This trigger with another glob. */
  public FileTrigger glob(String value) {
    return new FileTrigger(path, value, recursive, debounce, rescan);
  }

  /** This trigger, counting files in sub-folders or not. */
  public FileTrigger recursive(boolean value) {
    return new FileTrigger(path, glob, value, debounce, rescan);
  }

  /** This trigger with another debounce window. */
  public FileTrigger debounce(Duration value) {
    return new FileTrigger(path, glob, recursive, value, rescan);
  }

  /** This trigger with another time between full listings. */
  public FileTrigger rescan(Duration value) {
    return new FileTrigger(path, glob, recursive, debounce, value);
  }

  /**
   * Checks a glob's syntax.
   *
   * @throws IllegalArgumentException saying where it breaks
   */
  public static void checkGlob(String glob) {
    Objects.requireNonNull(glob, "glob");
    if (glob.isEmpty()) {
      throw new IllegalArgumentException("a glob must not be empty");
    }
    try {
      FileSystems.getDefault().getPathMatcher("glob:" + glob);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "\""
              + glob
              + "\" is not a valid glob: "
              + e.getDescription()
              + " at index "
              + e.getIndex(),
          e);
    }
  }

  @Override
  public String type() {
    return "file";
  }
}
