package io.mediaflow.samples.rules;

import io.mediaflow.api.action.MediaItem;
import io.mediaflow.api.action.MediaSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A sample {@link MediaSource}: "channels" that are folders on disk, so the favourite-channels rule
 * runs for real without a network. {@code folder://talks} lists the files of {@code <root>/talks/},
 * newest first by modification time (a file's publication time); fetching one copies it into the
 * folder the action gives. A host's real source (yt-dlp, a site's API, a feed) has the same shape.
 */
public final class FolderChannelSource implements MediaSource {

  /** The scheme of the channels this source serves. */
  public static final String SCHEME = "folder://";

  private final Path root;

  /** Channels are the sub-folders of {@code root}. */
  public FolderChannelSource(Path root) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  @Override
  public String name() {
    return "folder";
  }

  @Override
  public boolean supports(String url) {
    return url.startsWith(SCHEME) && channel(url) != null;
  }

  @Override
  public List<MediaItem> list(Listing listing) throws IOException {
    Path folder = channel(listing.url());
    if (folder == null || !Files.isDirectory(folder)) {
      throw new IOException("no channel folder for " + listing.url());
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .map(this::item)
          .filter(i -> listing.since() == null || !i.publishedAt().isBefore(listing.since()))
          .sorted(Comparator.comparing(MediaItem::publishedAt).reversed())
          .limit(listing.limit())
          .toList();
    }
  }

  @Override
  public Path fetch(MediaItem item, Fetch fetch) throws IOException {
    Path from = channel(item.url());
    if (from == null || !Files.isRegularFile(from)) {
      throw new IOException("no file for item " + item.id());
    }
    return Files.copy(
        from,
        fetch.directory().resolve(from.getFileName().toString()),
        StandardCopyOption.REPLACE_EXISTING);
  }

  /** The path a {@code folder://} address names under the root; null when it leaves the root. */
  private Path channel(String url) {
    Path p = root.resolve(url.substring(SCHEME.length())).normalize();
    return p.startsWith(root) && !p.equals(root) ? p : null;
  }

  private MediaItem item(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    Instant published;
    try {
      published = Files.getLastModifiedTime(file).toInstant();
    } catch (IOException e) {
      published = Instant.EPOCH;
    }
    return new MediaItem(
        dot > 0 ? name.substring(0, dot) : name,
        name,
        SCHEME + root.relativize(file).toString().replace('\\', '/'),
        published);
  }
}
