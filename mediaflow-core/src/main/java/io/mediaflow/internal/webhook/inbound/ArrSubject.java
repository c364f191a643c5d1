package io.mediaflow.internal.webhook.inbound;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a payload is about, in each application's words: Radarr's {@code movie} ({@code
 * WebhookMovie}), Sonarr's {@code series} ({@code WebhookSeries}) and {@code episodes} ({@code
 * WebhookEpisode}), and the names of their file fields.
 */
final class ArrSubject {

  private ArrSubject() {}

  /** The field of the one file of a Download or a file delete. */
  static String fileField(ArrKind kind) {
    return kind == ArrKind.RADARR ? "movieFile" : "episodeFile";
  }

  /** The field of the renamed files of a Rename. */
  static String renamedField(ArrKind kind) {
    return kind == ArrKind.RADARR ? "renamedMovieFiles" : "renamedEpisodeFiles";
  }

  /**
   * Puts the movie's or the series' ids, title, year and folder into {@code data}.
   *
   * @param required whether the payload must have it ({@code INBOUND_FIELD_MISSING} otherwise)
   * @return the folder, to make full paths from relative ones; empty when unknown
   */
  static Optional<String> read(
      ArrKind kind, ArrNode root, Map<String, Object> data, boolean required) {
    String field = kind == ArrKind.RADARR ? "movie" : "series";
    Optional<ArrNode> subject =
        required ? Optional.of(root.object(field)) : root.optionalObject(field);
    if (subject.isEmpty()) {
      return Optional.empty();
    }
    ArrNode node = subject.get();
    String folder;
    if (kind == ArrKind.RADARR) {
      put(data, "movieId", node.number("id"));
      folder = node.text("folderPath");
    } else {
      put(data, "seriesId", node.number("id"));
      put(data, "tvdbId", node.number("tvdbId"));
      put(data, "seriesType", node.text("type"));
      folder = node.text("path");
    }
    put(data, "tmdbId", node.number("tmdbId"));
    put(data, "imdbId", node.text("imdbId"));
    put(data, "title", node.text("title"));
    put(data, "year", node.number("year"));
    put(data, "folderPath", folder);
    if (kind == ArrKind.SONARR) {
      readEpisodes(root, data);
    }
    return Optional.ofNullable(folder);
  }

  private static void readEpisodes(ArrNode root, Map<String, Object> data) {
    List<ArrNode> episodes = root.objects("episodes");
    if (episodes.isEmpty()) {
      return;
    }
    List<Object> ids = new ArrayList<>();
    List<Object> summaries = new ArrayList<>();
    for (ArrNode episode : episodes) {
      ids.add(episode.number("id"));
      Map<String, Object> summary = new LinkedHashMap<>();
      put(summary, "id", episode.number("id"));
      put(summary, "seasonNumber", episode.number("seasonNumber"));
      put(summary, "episodeNumber", episode.number("episodeNumber"));
      put(summary, "title", episode.text("title"));
      put(summary, "airDate", episode.text("airDate"));
      summaries.add(summary);
    }
    data.put("episodeIds", ids);
    data.put("episodes", summaries);
  }

  /** Puts {@code value} unless it is null: the senders leave out nulls, and so do events. */
  static void put(Map<String, Object> data, String key, Object value) {
    if (value != null) {
      data.put(key, value);
    }
  }
}
