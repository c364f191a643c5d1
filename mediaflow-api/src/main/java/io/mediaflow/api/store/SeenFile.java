package io.mediaflow.api.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of a file a watched folder found complete, as {@link FileStateStore#claim} takes it:
 * the same path with another size or modification time is another version.
 *
 * @param path the file's path, as the watcher names it (absolute, normalised); 1 to 4096 characters
 * @param size its size in bytes, 0 or more
 * @param modified its last modification time
 */
public record SeenFile(String path, long size, Instant modified) {

  public SeenFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(modified, "modified");
    if (size < 0) {
      throw new IllegalArgumentException("size must be 0 or more but was " + size);
    }
  }
}
