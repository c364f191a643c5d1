package io.mediaflow.ffmpeg.internal.operators;

import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.VideoStream;
import java.util.function.Function;

/** What the operators that change the picture's size (crop, pad, scale) predict alike. */
final class FrameSize {

  private FrameSize() {}

  /**
   * The input with its primary video resized to {@code size} ({@code [width, height]}); media
   * without video comes back as it was, which the planner reports when a chain reads a video stream
   * the input does not have.
   */
  static MediaInfo resized(MediaInfo input, Function<VideoStream, int[]> size) {
    return input
        .primaryVideo()
        .map(
            v -> {
              int[] wh = size.apply(v);
              return input.withPrimaryVideo(v.withSize(wh[0], wh[1]));
            })
        .orElse(input.withDuration(input.duration()));
  }

  /** Pixels in one frame of the primary video, or 0 without video. */
  static long pixels(MediaInfo media) {
    return media.primaryVideo().map(v -> (long) v.width() * v.height()).orElse(0L);
  }
}
