package io.mediaflow;

import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.internal.media.MediaBackends;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The media backend the host named, or the first ServiceLoader finds, looked up once when asked.
 */
final class LazyMediaBackend implements Supplier<Optional<MediaBackend>> {

  private volatile Optional<MediaBackend> found;

  private LazyMediaBackend(Optional<MediaBackend> found) {
    this.found = found;
  }

  static Supplier<Optional<MediaBackend>> of(MediaBackend explicit) {
    return new LazyMediaBackend(explicit == null ? null : Optional.of(explicit));
  }

  @Override
  public Optional<MediaBackend> get() {
    Optional<MediaBackend> f = found;
    if (f == null) {
      f = MediaBackends.find(MediaFlow.class.getClassLoader());
      found = f;
    }
    return f;
  }
}
