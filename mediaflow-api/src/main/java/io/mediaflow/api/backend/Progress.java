package io.mediaflow.api.backend;

import io.mediaflow.api.media.MediaDuration;
import java.time.Duration;
import java.util.Optional;

/**
 * How far a run has come.
 *
 * @param percent 0 to 100
 * @param position media time processed so far
 * @param speed media seconds per wall second (1.0 is real time); 0 when unknown
 * @param eta time left, when it can be told
 */
public record Progress(
    double percent, MediaDuration position, double speed, Optional<Duration> eta) {

  public Progress {
    if (!(percent >= 0 && percent <= 100)) {
      throw new IllegalArgumentException("percent must be between 0 and 100 but was " + percent);
    }
  }
}
