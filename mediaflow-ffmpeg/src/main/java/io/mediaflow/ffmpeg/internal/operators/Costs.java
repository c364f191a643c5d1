package io.mediaflow.ffmpeg.internal.operators;

import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.operator.Estimate;

/**
 * Rough cost model shared by the built-in operators: decoding and filtering scale with media time
 * and pixels. The constants are calibrated loosely against a 2-core machine handling 720p.
 */
final class Costs {

  /** Core-seconds to decode and filter one second of 1280x720 video. */
  static final double VIDEO_SECONDS_PER_720P_SECOND = 0.25;

  /** Core-seconds to decode and filter one second of audio. */
  static final double AUDIO_SECONDS_PER_SECOND = 0.01;

  private static final double PIXELS_720P = 1280.0 * 720.0;
  private static final long FRAME_BUFFERS = 8;
  private static final long BASE_MEMORY = 32L * 1024 * 1024;

  private Costs() {}

  /** Decoding {@code duration} of {@code media} and running a light filter over it. */
  static Estimate filtering(MediaInfo media, MediaDuration duration, double weight) {
    double seconds = duration.toSeconds();
    long pixels = FrameSize.pixels(media);
    double cpu =
        seconds * weight * VIDEO_SECONDS_PER_720P_SECOND * (pixels / PIXELS_720P)
            + (media.hasAudio() ? seconds * AUDIO_SECONDS_PER_SECOND : 0);
    // yuv420p frames are 1.5 bytes per pixel; a filter chain keeps a handful in flight
    long memory = BASE_MEMORY + (long) (pixels * 1.5) * FRAME_BUFFERS;
    return new Estimate(cpu, memory, 0, cpu);
  }
}
