package io.mediaflow.api.condition;

import java.util.Optional;

/** A fact of a media file a {@link MediaCondition} tests, from one probe per run. */
public enum MediaProperty {
  /** Playing time, in seconds (a number), compared with numbers or durations ({@code "30m"}). */
  DURATION("duration"),
  /** File size in bytes, compared with numbers or sizes ({@code "500MB"}). */
  SIZE("size"),
  /** The container's names ({@code mov,mp4,m4a,...}); {@code eq "mp4"} holds when one is. */
  FORMAT("format"),
  /** The same as {@link #FORMAT}. */
  CONTAINER("container"),
  /** The first video track's {@code WxH}; ordered by height ({@code "1080p"}) or pixels. */
  RESOLUTION("resolution"),
  /** The first video track's width in pixels. */
  WIDTH("width"),
  /** The first video track's height in pixels. */
  HEIGHT("height"),
  /** The first video track's codec, else the first audio track's ({@code h264}, {@code aac}). */
  CODEC("codec"),
  /** The first video track's codec. */
  VIDEO_CODEC("videoCodec"),
  /** The first audio track's codec. */
  AUDIO_CODEC("audioCodec"),
  /** The overall bit rate in bits per second; {@code "192k"} and {@code "5M"} read as numbers. */
  BITRATE("bitrate");

  private final String jsonName;

  MediaProperty(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The JSON name, such as {@code videoCodec}. */
  public String jsonName() {
    return jsonName;
  }

  /** The property with this JSON name, if any. */
  public static Optional<MediaProperty> ofJsonName(String name) {
    for (MediaProperty p : values()) {
      if (p.jsonName.equals(name)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
