package io.mediaflow.internal.plan;

import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.VideoStream;
import io.mediaflow.api.operator.Estimate;

/**
 * Rough costs of encoding an output, measured on a 2-core machine with libx264 veryfast: about 0.5
 * core-seconds per second of 720p, scaling with the pixel count.
 */
final class Estimates {

  private static final double PIXELS_720P = 1280.0 * 720.0;
  private static final double VIDEO_CPU_PER_SECOND_720P = 0.5;
  private static final double AUDIO_CPU_PER_SECOND = 0.02;
  private static final long VIDEO_BITS_PER_SECOND_720P = 2_500_000L;
  private static final long AUDIO_BITS_PER_SECOND = 128_000L;
  private static final long VIDEO_MEMORY = 200L << 20;
  private static final long AUDIO_MEMORY = 30L << 20;

  private Estimates() {}

  static Estimate encode(MediaInfo media, Containers container) {
    double seconds = media.duration().toSeconds();
    boolean image = container != null && container.isImage();
    double cpu = 0;
    long disk = 0;
    long memory = AUDIO_MEMORY;
    if (media.hasVideo() && (container == null || container.holdsVideo())) {
      VideoStream v = media.primaryVideo().orElseThrow();
      double scale = Math.max(1, (double) v.width() * v.height()) / PIXELS_720P;
      memory = VIDEO_MEMORY;
      if (image) {
        cpu += 0.05 * scale;
        disk += (long) (200_000 * scale);
      } else {
        cpu += seconds * VIDEO_CPU_PER_SECOND_720P * scale;
        disk += (long) (seconds * VIDEO_BITS_PER_SECOND_720P * scale / 8);
      }
    }
    if (media.hasAudio() && !image && (container == null || container.holdsAudio())) {
      cpu += seconds * AUDIO_CPU_PER_SECOND;
      disk += (long) (seconds * AUDIO_BITS_PER_SECOND / 8);
    }
    return new Estimate(cpu, memory, disk, cpu);
  }
}
