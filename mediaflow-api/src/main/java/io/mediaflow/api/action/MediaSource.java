package io.mediaflow.api.action;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Where {@code download.playlist} and {@code download.channel} get media from: a playlist or a
 * channel of a site, listed and fetched by something the host provides (yt-dlp run as a process, a
 * site's API, a podcast feed). mediaflow ships none; the host registers one with {@code
 * MediaFlow.builder().actionService(MediaSource.class, source)}, several with {@code
 * actionService(MediaSources.class, MediaSources.of(a, b))}, or declares them in {@code
 * META-INF/services/io.mediaflow.api.action.MediaSource}. The testkit's {@code FakeMediaSource}
 * serves tests.
 *
 * <p>The action asks every source {@link #supports} in turn (host sources first) and uses the first
 * that says yes, or the one a node names by {@link #name()}. It lists once ({@link #list}), then
 * fetches each item in a step of its own, so a run resumed after a crash does not fetch an item
 * again. A source that reaches the network over HTTP should use {@link Fetch#http()}, the
 * SSRF-guarded client of the action; a source that runs a program is the host's to confine.
 *
 * {@snippet :
 * final class FeedSource implements MediaSource {
 *   public String name() { return "feed"; }
 *   public boolean supports(String url) { return url.endsWith(".rss"); }
 *   public List<MediaItem> list(Listing listing) { return parseFeed(listing.url()); }
 *   public Path fetch(MediaItem item, Fetch fetch) { return saveEnclosure(item, fetch); }
 * }
 * }
 */
public interface MediaSource {

  /** A short, stable name a node may pick the source by: {@code yt-dlp}, {@code feed}. */
  String name();

  /** Whether this source can list {@code url} (a playlist's or a channel's address). */
  boolean supports(String url);

  /**
   * Lists the items of a playlist or a channel, at most {@link Listing#limit()}, in the order they
   * should be fetched (a channel's newest first).
   *
   * @throws Exception when the listing cannot be had; a {@link io.mediaflow.api.MediaFlowException}
   *     keeps its code and retryable flag, any other fails the node with {@code
   *     MEDIA_SOURCE_FAILED} (retryable)
   */
  List<MediaItem> list(Listing listing) throws Exception;

  /**
   * Fetches one item into {@link Fetch#directory()} and returns the file written, which must lie in
   * that folder. It should stop soon once {@link Fetch#cancelled()} says so.
   *
   * @throws Exception as {@link #list}
   */
  Path fetch(MediaItem item, Fetch fetch) throws Exception;

  /** What {@link #list} lists. */
  enum Kind {
    /** A playlist: its items in the playlist's order. */
    PLAYLIST,
    /** A channel or an account: its uploads, newest first. */
    CHANNEL
  }

  /**
   * What to list.
   *
   * @param kind a playlist or a channel
   * @param url as the node gives it
   * @param limit the most items wanted
   * @param since only items published at or after this instant; {@code null} for all (a channel's
   *     {@code since} parameter)
   */
  record Listing(Kind kind, String url, int limit, Instant since) {
    public Listing {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(url, "url");
      if (limit < 1) {
        throw new IllegalArgumentException("limit must be at least 1 but was " + limit);
      }
    }
  }

  /**
   * How to fetch one item.
   *
   * @param directory the folder to write into, inside the host's allowed roots; it exists
   * @param quality {@code best}, {@code worst}, {@code 1080p}, {@code 720p} or {@code 480p}
   * @param format {@code mp4}, {@code mkv}, {@code webm}, {@code mp3} or {@code aac}
   * @param http the action's SSRF-guarded HTTP client
   * @param cancelled true once the run or the node is stopped (thread-safe)
   */
  record Fetch(
      Path directory, String quality, String format, ActionHttp http, BooleanSupplier cancelled) {
    public Fetch {
      Objects.requireNonNull(directory, "directory");
      Objects.requireNonNull(quality, "quality");
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(http, "http");
      Objects.requireNonNull(cancelled, "cancelled");
    }
  }
}
