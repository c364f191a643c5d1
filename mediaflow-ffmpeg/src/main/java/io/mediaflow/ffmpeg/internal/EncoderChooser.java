package io.mediaflow.ffmpeg.internal;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.ffmpeg.internal.HardwareEncoders.Family;
import io.mediaflow.ffmpeg.internal.HardwareEncoders.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Chooses an output's video encoder from its {@code codec.hardware}: {@code off} (or absent) the
 * software encoder; {@code auto} the first hardware encoder of the codec that works here, in the
 * order of {@link Family}, else the software one; a family or an encoder name that one, or {@code
 * HARDWARE_UNAVAILABLE}. The hardware is only looked at (and, the first time, tried) when an output
 * asks for it.
 */
public final class EncoderChooser {

  private static final String CHECK =
      "use \"hardware\": \"auto\" (hardware when it works, software otherwise) or \"off\"; on a"
          + " GPU host, check the driver (docs/hardware.md)";

  private final Supplier<HardwareEncoders> hardware;

  /**
   * @param hardware what this machine has; asked only when an output wants hardware
   */
  public EncoderChooser(Supplier<HardwareEncoders> hardware) {
    this.hardware = Objects.requireNonNull(hardware, "hardware");
  }

  /** What this machine has (tried the first time it is asked). */
  public HardwareEncoders hardware() {
    return hardware.get();
  }

  /** Software only: {@code auto} finds no hardware. */
  public static EncoderChooser softwareOnly() {
    HardwareEncoders none = HardwareEncoders.none();
    return new EncoderChooser(() -> none);
  }

  /**
   * The encoder for video {@code codec} ({@code h264}) of output {@code where}.
   *
   * @param setting the output's {@code codec.hardware}; null for off
   * @param filtered whether the stream leaves a filter graph (VAAPI would need its frames uploaded
   *     inside the graph, which mediaflow does not do yet)
   * @throws MediaFlowException {@code HARDWARE_UNAVAILABLE} when a named family or encoder does not
   *     work here
   */
  public EncoderChoice choose(String codec, String setting, boolean filtered, String where) {
    if (codec.equals("copy")) {
      return EncoderChoice.software("copy"); // nothing is encoded
    }
    String software = Formats.videoEncoder(codec, where);
    if (setting == null || setting.equals("off")) {
      return EncoderChoice.software(software);
    }
    HardwareEncoders hw = hardware.get();
    if (setting.equals("auto")) {
      return auto(hw, codec, software, filtered, where);
    }
    String encoder = Family.of(setting).map(f -> codec + "_" + f.id()).orElse(setting);
    if (!encoder.startsWith(codec + "_")) {
      throw unavailable(
          where, encoder + " does not encode " + codec + ", the video of this output");
    }
    Optional<Status> status = hw.status(encoder);
    if (status.isEmpty()) {
      throw unavailable(where, "this FFmpeg build has no encoder " + encoder);
    }
    Optional<String> refused = refusal(status.get(), filtered);
    if (refused.isPresent()) {
      throw unavailable(where, encoder + " does not work here: " + refused.get());
    }
    return new EncoderChoice(
        encoder,
        Optional.of(status.get().family()),
        false,
        note(where, codec, encoder, "asked for"));
  }

  private static EncoderChoice auto(
      HardwareEncoders hw, String codec, String software, boolean filtered, String where) {
    List<String> tried = new ArrayList<>();
    for (Family f : Family.values()) {
      Optional<Status> status = hw.status(codec + "_" + f.id());
      if (status.isEmpty()) {
        continue;
      }
      Optional<String> refused = refusal(status.get(), filtered);
      if (refused.isEmpty()) {
        String encoder = status.get().encoder();
        return new EncoderChoice(
            encoder, Optional.of(f), true, note(where, codec, encoder, "hardware auto"));
      }
      tried.add(status.get().encoder() + ": " + refused.get());
    }
    String why =
        tried.isEmpty()
            ? "this FFmpeg build has no hardware encoder for " + codec
            : "no hardware encoder for " + codec + " works here (" + String.join("; ", tried) + ")";
    return new EncoderChoice(
        software,
        Optional.empty(),
        true,
        where + ": " + codec + " with " + software + " (software): hardware auto: " + why);
  }

  private static Optional<String> refusal(Status status, boolean filtered) {
    if (!status.works()) {
      return Optional.of(status.reason());
    }
    if (status.family() == Family.VAAPI && filtered) {
      return Optional.of(
          "VAAPI needs its frames uploaded after the filters, which mediaflow does not do yet");
    }
    return Optional.empty();
  }

  private static String note(String where, String codec, String encoder, String because) {
    return where + ": " + codec + " with " + encoder + " (hardware, " + because + ")";
  }

  private static MediaFlowException unavailable(String where, String why) {
    return new MediaFlowException(
        ErrorCode.HARDWARE_UNAVAILABLE, where + ".codec.hardware: " + why, CHECK);
  }
}
