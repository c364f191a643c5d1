package io.mediaflow.ffmpeg.internal;

import io.mediaflow.api.backend.Progress;
import io.mediaflow.api.media.MediaDuration;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads FFmpeg's {@code -progress} output: {@code key=value} lines in blocks that end with {@code
 * progress=continue} or {@code progress=end}. Any value may be {@code N/A}. Each block becomes one
 * {@link Progress}; the percent never goes down.
 */
final class ProgressParser {

  private final MediaDuration expected;
  private long outTimeMicros = -1;
  private double speed;
  private double lastPercent;

  /**
   * @param expected the media time the run processes; zero when unknown (percent then stays at 0
   *     until the end)
   */
  ProgressParser(MediaDuration expected) {
    this.expected = expected;
  }

  /** Feeds one line; returns a progress when the line ends a block. */
  Optional<Progress> line(String line) {
    int eq = line.indexOf('=');
    if (eq <= 0) {
      return Optional.empty();
    }
    String key = line.substring(0, eq).trim();
    String value = line.substring(eq + 1).trim();
    switch (key) {
      case "out_time_us", "out_time_ms" -> {
        // out_time_ms is microseconds too, despite its name
        long micros = parseLong(value);
        if (micros >= 0) {
          outTimeMicros = micros;
        }
      }
      case "speed" -> speed = parseSpeed(value);
      case "progress" -> {
        return Optional.of(block(value.equals("end")));
      }
      default -> {
        // frame, fps, bitrate, total_size, out_time, dup_frames, ...: not needed
      }
    }
    return Optional.empty();
  }

  private Progress block(boolean end) {
    MediaDuration position = MediaDuration.ofMicros(Math.max(0, outTimeMicros));
    double percent;
    if (end) {
      percent = 100;
    } else if (expected.isZero()) {
      percent = 0;
    } else {
      percent = Math.min(99.9, 100.0 * position.micros() / expected.micros());
    }
    lastPercent = Math.max(lastPercent, percent);
    Optional<Duration> eta = Optional.empty();
    if (end) {
      eta = Optional.of(Duration.ZERO);
    } else if (speed > 0 && !expected.isZero()) {
      long leftMicros = Math.max(0, expected.micros() - position.micros());
      eta = Optional.of(Duration.ofNanos((long) (leftMicros * 1000 / speed)));
    }
    if (end && !expected.isZero()) {
      position = position.max(expected);
    }
    return new Progress(lastPercent, position, speed, eta);
  }

  private static long parseLong(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return -1; // N/A, or a value this version does not know
    }
  }

  private static double parseSpeed(String value) {
    String v = value.endsWith("x") ? value.substring(0, value.length() - 1) : value;
    try {
      double d = Double.parseDouble(v.trim());
      return Double.isFinite(d) && d > 0 ? d : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
