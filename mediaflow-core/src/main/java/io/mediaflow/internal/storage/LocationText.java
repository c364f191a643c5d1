package io.mediaflow.internal.storage;

import java.net.URI;

/** A location's text as a spec writes it, from the URI its storage resolved it to. */
public final class LocationText {

  private LocationText() {}

  /**
   * {@code s3://bucket/a b.mp4} for the URI {@code s3://bucket/a%20b.mp4}: the scheme and the
   * decoded rest, which is what a storage reads again from a spec ({@code S3Location} takes the key
   * as written); a local file as {@code file:} and its path.
   */
  public static String of(URI location) {
    if ("file".equalsIgnoreCase(location.getScheme())) {
      return "file:" + java.nio.file.Path.of(location);
    }
    return location.getScheme()
        + ":"
        + location.getSchemeSpecificPart()
        + (location.getRawFragment() == null ? "" : "#" + location.getFragment());
  }
}
