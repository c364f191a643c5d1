package io.mediaflow.api.action;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One entry a {@link MediaSource} listed: a video of a playlist, an upload of a channel.
 *
 * @param id the source's stable id of the item; it names the item's step in the run's history, so
 *     the same item must keep the same id (letters, digits, {@code . _ -}, at most 128 characters)
 * @param title for people and templates; may be empty
 * @param url the item's own address
 * @param publishedAt when it was published; {@code null} when the source does not say
 */
public record MediaItem(String id, String title, String url, Instant publishedAt) {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  public MediaItem {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "a media item id is 1 to 128 letters, digits, '.', '_' or '-' but was \"" + id + "\"");
    }
    title = title == null ? "" : title;
    url = url == null ? "" : url;
  }

  /** An item without a publication time. */
  public static MediaItem of(String id, String title, String url) {
    return new MediaItem(id, title, url, null);
  }
}
