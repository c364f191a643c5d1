package io.mediaflow.ffmpeg.internal;

import io.mediaflow.ffmpeg.internal.HardwareEncoders.Family;
import java.util.Optional;

/**
 * The video encoder chosen for one output, and why.
 *
 * @param encoder the FFmpeg encoder: {@code libx264}, {@code h264_nvenc}
 * @param family the hardware family; empty for a software encoder
 * @param auto whether {@code "hardware": "auto"} chose it (a device failure then falls back)
 * @param note for a person reading the plan; empty when hardware was not asked for
 */
public record EncoderChoice(String encoder, Optional<Family> family, boolean auto, String note) {

  /** A software encoder, with nothing to explain. */
  public static EncoderChoice software(String encoder) {
    return new EncoderChoice(encoder, Optional.empty(), false, "");
  }

  public boolean hardware() {
    return family.isPresent();
  }
}
