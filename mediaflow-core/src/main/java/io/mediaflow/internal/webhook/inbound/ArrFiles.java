package io.mediaflow.internal.webhook.inbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files of a payload ({@code WebhookMovieFile}, {@code WebhookEpisodeFile} and their renamed
 * forms) as event data: always {@code paths}; with one file also its {@code path} and details.
 */
final class ArrFiles {

  private ArrFiles() {}

  /**
   * Puts {@code paths} and, for one file, {@code path}, {@code fileId}, {@code relativePath},
   * {@code quality}, {@code qualityVersion}, {@code releaseGroup}, {@code sceneName}, {@code size}
   * and {@code sourcePath}; for several, {@code fileIds}, the total {@code size} and the first
   * file's {@code quality} and {@code releaseGroup}.
   *
   * @return the full paths, in payload order
   */
  static List<String> put(List<ArrNode> files, Optional<String> folder, Map<String, Object> data) {
    List<String> paths = new ArrayList<>(files.size());
    for (ArrNode file : files) {
      paths.add(fullPath(file, folder));
    }
    data.put("paths", paths);
    ArrNode first = files.get(0);
    if (files.size() == 1) {
      data.put("path", paths.get(0));
      ArrSubject.put(data, "fileId", first.number("id"));
      ArrSubject.put(data, "relativePath", first.text("relativePath"));
      ArrSubject.put(data, "qualityVersion", first.number("qualityVersion"));
      ArrSubject.put(data, "sceneName", first.text("sceneName"));
      ArrSubject.put(data, "size", first.number("size"));
      ArrSubject.put(data, "sourcePath", first.text("sourcePath"));
    } else {
      List<Object> ids = new ArrayList<>();
      long total = 0;
      for (ArrNode file : files) {
        ids.add(file.number("id"));
        Number size = file.number("size");
        total += size == null ? 0 : size.longValue();
      }
      data.put("fileIds", ids);
      data.put("size", total);
    }
    ArrSubject.put(data, "quality", first.text("quality"));
    ArrSubject.put(data, "releaseGroup", first.text("releaseGroup"));
    return paths;
  }

  /** As {@link #put}, and {@code previousPaths} (and {@code previousPath} for one file). */
  static List<String> putRenamed(
      List<ArrNode> files, Optional<String> folder, Map<String, Object> data) {
    List<String> paths = put(files, folder, data);
    List<String> previous = new ArrayList<>(files.size());
    for (ArrNode file : files) {
      String path = file.text("previousPath");
      previous.add(path == null ? "" : path);
    }
    data.put("previousPaths", previous);
    if (files.size() == 1) {
      ArrSubject.put(data, "previousPath", files.get(0).text("previousPath"));
    }
    return paths;
  }

  /** The old files a Download replaced ({@code deletedFiles}), as {@code deletedPaths}. */
  static void putReplaced(List<ArrNode> files, Optional<String> folder, Map<String, Object> data) {
    if (files.isEmpty()) {
      return;
    }
    List<String> paths = new ArrayList<>(files.size());
    for (ArrNode file : files) {
      paths.add(fullPath(file, folder));
    }
    data.put("deletedPaths", paths);
  }

  /**
   * The file's {@code path} (the senders write it in full), else the folder joined with {@code
   * relativePath} with the folder's own separator.
   */
  static String fullPath(ArrNode file, Optional<String> folder) {
    String path = file.text("path");
    if (path != null) {
      return path;
    }
    String relative = file.text("relativePath");
    if (relative == null || folder.isEmpty()) {
      throw file.missing("path");
    }
    String base = folder.get();
    String separator = base.contains("\\") && !base.contains("/") ? "\\" : "/";
    return base.endsWith(separator) ? base + relative : base + separator + relative;
  }
}
