package io.mediaflow.internal.action.web;

import io.mediaflow.api.MediaFlowException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The items a folder has received from media sources, for {@code onlyNew}: a hidden file in the
 * folder, one {@code <source>:<id>} a line, like yt-dlp's download archive. It lives with the
 * files, so it follows the folder and needs no store; an id is added after its fetch, so a crash in
 * between fetches that item again on the next run (at least once, never lost).
 */
final class FetchedIds {

  private FetchedIds() {}

  /** The listed items whose ids the folder has not received from {@code source}. */
  static List<Map<String, Object>> unseen(
      List<Map<String, Object>> listed, Path directory, String source) {
    Set<String> seen = read(directory);
    return listed.stream().filter(m -> !seen.contains(key(source, m.get("id")))).toList();
  }

  /** Records that the folder received {@code id} from {@code source}. */
  static void remember(Path directory, String source, String id) {
    String key = key(source, id);
    if (key.chars().anyMatch(Character::isISOControl)) {
      return; // cannot be one line: never recorded, so fetched again, which is the safe side
    }
    try {
      Files.writeString(
          directory.resolve(SourceDownloads.SEEN_FILE),
          key + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new MediaFlowException(
          WebActionErrors.MEDIA_SOURCE_FAILED,
          "cannot record fetched item " + id + " in " + directory + ": " + e.getMessage(),
          "check that the folder is writable",
          true,
          e);
    }
  }

  private static Set<String> read(Path directory) {
    Path file = directory.resolve(SourceDownloads.SEEN_FILE);
    if (!Files.isRegularFile(file)) {
      return Set.of();
    }
    try {
      return new HashSet<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new MediaFlowException(
          WebActionErrors.MEDIA_SOURCE_FAILED,
          "cannot read " + file + ": " + e.getMessage(),
          "check that the folder is readable",
          true,
          e);
    }
  }

  private static String key(String source, Object id) {
    return source + ":" + id;
  }
}
