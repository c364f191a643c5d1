package io.mediaflow.internal.media;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.backend.MediaBackend;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Finds the media backend on the class path through {@link ServiceLoader}. */
public final class MediaBackends {

  private MediaBackends() {}

  /** The first backend visible to {@code loader}, if any. */
  public static Optional<MediaBackend> find(ClassLoader loader) {
    Objects.requireNonNull(loader, "loader");
    try {
      return ServiceLoader.load(MediaBackend.class, loader).findFirst();
    } catch (ServiceConfigurationError e) {
      throw new MediaFlowException(
          ErrorCode.PLUGIN_LOAD_FAILED,
          "the media backend could not be loaded: " + e.getMessage(),
          "check that mediaflow-ffmpeg matches this mediaflow version",
          false,
          e);
    }
  }

  /**
   * The backend, or a clear error saying how to add one.
   *
   * @throws MediaFlowException {@code NO_MEDIA_BACKEND}
   */
  public static MediaBackend require(ClassLoader loader) {
    return find(loader)
        .orElseThrow(
            () ->
                new MediaFlowException(
                    ErrorCode.NO_MEDIA_BACKEND,
                    "no media backend on the class path",
                    "add the io.mediaflow:mediaflow-ffmpeg dependency"));
  }
}
