package io.mediaflow.testkit;

import io.mediaflow.api.action.MediaItem;
import io.mediaflow.api.action.MediaSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link MediaSource} for tests: playlists and channels given up front, items "fetched" by
 * writing their bytes to {@code <id>.<format>} in the folder asked for, no network. It records what
 * was listed and fetched, and can fail an item's fetch a number of times to test retries and
 * resumed runs.
 *
 * {@snippet :
 * FakeMediaSource source = FakeMediaSource.builder()
 *     .playlist("fake://playlist/1",
 *         MediaItem.of("a", "First", "fake://a"),
 *         MediaItem.of("b", "Second", "fake://b"))
 *     .failFetch("b", 1)
 *     .build();
 * MediaFlow flow = MediaFlow.builder().actionService(MediaSource.class, source).build();
 * }
 */
public final class FakeMediaSource implements MediaSource {

  private final String name;
  private final Map<String, List<MediaItem>> playlists;
  private final Map<String, List<MediaItem>> channels;
  private final Map<String, byte[]> contents;
  private final Map<String, AtomicInteger> failures;
  private final List<Listing> listings = new CopyOnWriteArrayList<>();
  private final List<String> fetched = new CopyOnWriteArrayList<>();

  private FakeMediaSource(Builder b) {
    this.name = b.name;
    // lists that can grow after the build: a playlist gets new items between two checks
    this.playlists = growable(b.playlists);
    this.channels = growable(b.channels);
    this.contents = Map.copyOf(b.contents);
    this.failures = new ConcurrentHashMap<>(b.failures);
  }

  /** A builder with no playlist, no channel and the name {@code fake}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The name given to the builder, {@code fake} by default. */
  @Override
  public String name() {
    return name;
  }

  /** Whether {@code url} is one of the playlists or channels given. */
  @Override
  public boolean supports(String url) {
    return playlists.containsKey(url) || channels.containsKey(url);
  }

  /**
   * A playlist's items in order, or a channel's newest first (items without a time last), those
   * before {@link Listing#since()} left out; at most {@link Listing#limit()}.
   *
   * @throws IOException when the URL is not one given as this kind
   */
  @Override
  public List<MediaItem> list(Listing listing) throws IOException {
    listings.add(listing);
    Map<String, List<MediaItem>> kind = listing.kind() == Kind.PLAYLIST ? playlists : channels;
    List<MediaItem> items = kind.get(listing.url());
    if (items == null) {
      throw new IOException(
          "fake source '" + name + "' has no " + listing.kind() + " " + listing.url());
    }
    List<MediaItem> out = new ArrayList<>(items);
    if (listing.kind() == Kind.CHANNEL) {
      out.removeIf(
          i ->
              listing.since() != null
                  && (i.publishedAt() == null || i.publishedAt().isBefore(listing.since())));
      out.sort(
          (x, y) ->
              x.publishedAt() == null
                  ? 1
                  : y.publishedAt() == null ? -1 : y.publishedAt().compareTo(x.publishedAt()));
    }
    return List.copyOf(out.subList(0, Math.min(out.size(), listing.limit())));
  }

  /**
   * Writes the item's bytes to {@code <id>.<format>} in the folder.
   *
   * @throws IOException while the item has failures left ({@link Builder#failFetch})
   */
  @Override
  public Path fetch(MediaItem item, Fetch fetch) throws IOException {
    AtomicInteger left = failures.get(item.id());
    if (left != null && left.getAndDecrement() > 0) {
      throw new IOException("fake source '" + name + "' fails item " + item.id() + " on purpose");
    }
    byte[] bytes =
        contents.getOrDefault(
            item.id(), ("fake media " + item.id()).getBytes(StandardCharsets.UTF_8));
    Path file = fetch.directory().resolve(item.id() + "." + fetch.format());
    Files.write(file, bytes);
    fetched.add(item.id());
    return file;
  }

  /**
   * Appends an item to a playlist, or publishes one on a channel, given to the builder: what a test
   * of update checks needs, a playlist that grows between two runs.
   *
   * @throws IllegalArgumentException when {@code url} is neither a playlist nor a channel given
   */
  public void add(String url, MediaItem item) {
    Objects.requireNonNull(item, "item");
    List<MediaItem> items = playlists.containsKey(url) ? playlists.get(url) : channels.get(url);
    if (items == null) {
      throw new IllegalArgumentException(
          "fake source '" + name + "' has no playlist or channel " + url);
    }
    items.add(item);
  }

  private static Map<String, List<MediaItem>> growable(Map<String, List<MediaItem>> given) {
    Map<String, List<MediaItem>> out = new LinkedHashMap<>();
    given.forEach((url, items) -> out.put(url, new CopyOnWriteArrayList<>(items)));
    return Collections.unmodifiableMap(out);
  }

  /** The listings asked for, in order. */
  public List<Listing> listings() {
    return Collections.unmodifiableList(listings);
  }

  /** The ids of the items fetched, in order (failed attempts not counted). */
  public List<String> fetched() {
    return Collections.unmodifiableList(fetched);
  }

  /** Builds a {@link FakeMediaSource}; its name is {@code fake} unless given. */
  public static final class Builder {
    private String name = "fake";
    private final Map<String, List<MediaItem>> playlists = new LinkedHashMap<>();
    private final Map<String, List<MediaItem>> channels = new LinkedHashMap<>();
    private final Map<String, byte[]> contents = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> failures = new LinkedHashMap<>();

    private Builder() {}

    /** The name nodes may pick the source by. */
    public Builder name(String value) {
      this.name = Objects.requireNonNull(value, "name");
      return this;
    }

    /** A playlist at {@code url} with these items, in order. */
    public Builder playlist(String url, MediaItem... items) {
      playlists.put(Objects.requireNonNull(url, "url"), List.of(items));
      return this;
    }

    /** A channel at {@code url} with these items (listed newest first). */
    public Builder channel(String url, MediaItem... items) {
      channels.put(Objects.requireNonNull(url, "url"), List.of(items));
      return this;
    }

    /** The bytes written for an item; by default the text {@code fake media <id>}. */
    public Builder content(String itemId, byte[] bytes) {
      contents.put(Objects.requireNonNull(itemId, "itemId"), bytes.clone());
      return this;
    }

    /** The first {@code times} fetches of an item fail with an {@link IOException}. */
    public Builder failFetch(String itemId, int times) {
      failures.put(Objects.requireNonNull(itemId, "itemId"), new AtomicInteger(times));
      return this;
    }

    /** The source, with what was given so far. */
    public FakeMediaSource build() {
      return new FakeMediaSource(this);
    }
  }
}
