package io.mediaflow.api.spec;

import io.mediaflow.api.media.StreamType;
import java.util.Objects;

/**
 * Picks tracks for an output. An output without selectors keeps every track the container can hold.
 *
 * @param type the kind of track
 * @param language ISO 639 language to match, or empty for any
 * @param index the n-th track of that type (0-based), or -1 for every match
 */
public record StreamSelector(StreamType type, String language, int index) {

  public StreamSelector {
    Objects.requireNonNull(type, "type");
    language = language == null ? "" : language;
    if (index < -1) {
      throw new IllegalArgumentException("index must be -1 (all) or at least 0 but was " + index);
    }
  }

  /** Every track of a type. */
  public static StreamSelector all(StreamType type) {
    return new StreamSelector(type, "", -1);
  }
}
