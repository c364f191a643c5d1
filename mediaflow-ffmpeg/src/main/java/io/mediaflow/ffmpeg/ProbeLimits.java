package io.mediaflow.ffmpeg;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.VideoStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The largest input a job accepts: frame size, playing time and file size. The file size is checked
 * before ffprobe runs, the rest on what it reports; an input over a limit fails with {@code
 * INPUT_INVALID}, naming the limit and the value.
 *
 * {@snippet :
 * FfmpegBackend backend = FfmpegBackend.builder()
 *     .probeLimits(ProbeLimits.custom().maxDuration(Duration.ofHours(2)).build())
 *     .build();
 * }
 *
 * @param maxWidth the widest video frame, in pixels
 * @param maxHeight the tallest video frame, in pixels
 * @param maxDuration the longest playing time
 * @param maxFileBytes the largest file
 */
public record ProbeLimits(int maxWidth, int maxHeight, Duration maxDuration, long maxFileBytes) {

  /** 8192 pixels: above 8K UHD (7680×4320). */
  public static final int DEFAULT_MAX_WIDTH = 8192;

  public static final int DEFAULT_MAX_HEIGHT = 8192;
  public static final Duration DEFAULT_MAX_DURATION = Duration.ofHours(24);
  public static final long DEFAULT_MAX_FILE_BYTES = 50L * 1024 * 1024 * 1024;

  private static final ProbeLimits DEFAULTS =
      new ProbeLimits(
          DEFAULT_MAX_WIDTH, DEFAULT_MAX_HEIGHT, DEFAULT_MAX_DURATION, DEFAULT_MAX_FILE_BYTES);

  public ProbeLimits {
    positive("maxWidth", maxWidth);
    positive("maxHeight", maxHeight);
    Objects.requireNonNull(maxDuration, "maxDuration");
    if (maxDuration.isNegative() || maxDuration.isZero()) {
      throw new IllegalArgumentException("maxDuration must be positive but was " + maxDuration);
    }
    positive("maxFileBytes", maxFileBytes);
  }

  /** 8192×8192 pixels, 24 hours, 50 GiB. */
  public static ProbeLimits ofDefaults() {
    return DEFAULTS;
  }

  /** Starts from the defaults. */
  public static Builder custom() {
    return new Builder(DEFAULTS);
  }

  /** Starts from {@code base}. */
  public static Builder from(ProbeLimits base) {
    return new Builder(Objects.requireNonNull(base, "base"));
  }

  /**
   * Checks the size of a file before it is probed.
   *
   * @throws MediaFlowException {@code INPUT_INVALID} when it is larger than {@link #maxFileBytes}
   */
  public void checkFileSize(Path file, long bytes) {
    if (bytes > maxFileBytes) {
      throw tooLarge(file, "file size", bytes + " bytes", maxFileBytes + " bytes", "maxFileBytes");
    }
  }

  /**
   * Checks what probing found.
   *
   * @throws MediaFlowException {@code INPUT_INVALID} naming the first limit exceeded and the value
   */
  public void check(Path file, MediaInfo info) {
    checkFileSize(file, info.sizeBytes());
    for (VideoStream v : info.video()) {
      if (v.width() > maxWidth) {
        throw tooLarge(file, "video width", v.width() + " px", maxWidth + " px", "maxWidth");
      }
      if (v.height() > maxHeight) {
        throw tooLarge(file, "video height", v.height() + " px", maxHeight + " px", "maxHeight");
      }
    }
    Duration d = info.duration().toDuration();
    if (d.compareTo(maxDuration) > 0) {
      throw tooLarge(file, "duration", d.toString(), maxDuration.toString(), "maxDuration");
    }
  }

  private static MediaFlowException tooLarge(
      Path file, String what, String value, String limit, String option) {
    return new MediaFlowException(
        ErrorCode.INPUT_INVALID,
        "input " + file + " is over the " + what + " limit: " + value + " > " + limit,
        "give a smaller input, or raise the limit (ProbeLimits."
            + option
            + ") if it is legitimate");
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive but was " + value);
    }
  }

  /** Builds {@link ProbeLimits}; each option may be set once. */
  public static final class Builder {
    private int maxWidth;
    private int maxHeight;
    private Duration maxDuration;
    private long maxFileBytes;
    private final java.util.Set<String> set = new java.util.HashSet<>();

    private Builder(ProbeLimits base) {
      this.maxWidth = base.maxWidth();
      this.maxHeight = base.maxHeight();
      this.maxDuration = base.maxDuration();
      this.maxFileBytes = base.maxFileBytes();
    }

    public Builder maxWidth(int pixels) {
      once("maxWidth");
      positive("maxWidth", pixels);
      this.maxWidth = pixels;
      return this;
    }

    public Builder maxHeight(int pixels) {
      once("maxHeight");
      positive("maxHeight", pixels);
      this.maxHeight = pixels;
      return this;
    }

    public Builder maxDuration(Duration duration) {
      once("maxDuration");
      this.maxDuration = Objects.requireNonNull(duration, "duration");
      return this;
    }

    public Builder maxFileBytes(long bytes) {
      once("maxFileBytes");
      positive("maxFileBytes", bytes);
      this.maxFileBytes = bytes;
      return this;
    }

    public ProbeLimits build() {
      return new ProbeLimits(maxWidth, maxHeight, maxDuration, maxFileBytes);
    }

    private void once(String option) {
      if (!set.add(option)) {
        throw new IllegalStateException(option + " was already set; set it once");
      }
    }
  }
}
