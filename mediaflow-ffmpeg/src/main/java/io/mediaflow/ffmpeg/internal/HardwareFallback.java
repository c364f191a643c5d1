package io.mediaflow.ffmpeg.internal;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.backend.ExecutionControl;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.InvocationOutput;
import io.mediaflow.ffmpeg.internal.CommandBuilder.Encoding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs an invocation and, when a hardware encoder that {@code "hardware": "auto"} chose fails on
 * its device, marks it broken and runs again with the next choice (the next family, then software),
 * writing both to the job's log. A named encoder that fails is reported as {@code
 * HARDWARE_UNAVAILABLE}. Any other failure is the run's.
 */
public final class HardwareFallback {

  /** Messages of a device that does not open or gave out, whoever printed them. */
  private static final Pattern DEVICE =
      Pattern.compile(
          "Cannot load libcuda|No NVENC capable devices|OpenEncodeSessionEx failed"
              + "|CUDA_ERROR|MFX session|No VA display|Device creation failed"
              + "|Failed to (?:initialise|create) (?:VAAPI|a VAAPI)|hwupload|No device available");

  /** More than one choice per family cannot happen; this only bounds the loop. */
  private static final int MAX_RUNS = HardwareEncoders.Family.values().length + 1;

  private final Execution execution;
  private final EncoderChooser encoders;

  public HardwareFallback(Execution execution, EncoderChooser encoders) {
    this.execution = execution;
    this.encoders = encoders;
  }

  /** Runs {@code invocation}; see the class comment. Returns FFmpeg's stderr tail. */
  public String run(Invocation invocation, Encoding encoding, ExecutionControl control) {
    Set<Path> absentBefore = new HashSet<>();
    for (InvocationOutput out : invocation.outputs()) {
      if (out.location().equals("-") || out.location().startsWith("pipe:")) {
        continue; // the null muxer writes nothing
      }
      Path p = Path.of(stripFile(out.location()));
      if (!Files.exists(p)) {
        absentBefore.add(p);
      }
    }
    for (int run = 1; ; run++) {
      Map<String, EncoderChoice> chosen = CommandBuilder.videoEncoders(invocation, encoders);
      try {
        return execution.run(invocation, CommandBuilder.arguments(invocation, encoding), control);
      } catch (MediaFlowException e) {
        Optional<EncoderChoice> failed = deviceFailure(chosen, e);
        if (failed.isEmpty()) {
          throw e;
        }
        EncoderChoice choice = failed.get();
        String reason = reason(e.getMessage(), choice.encoder());
        if (!choice.auto() || run >= MAX_RUNS) {
          throw new MediaFlowException(
              ErrorCode.HARDWARE_UNAVAILABLE,
              "the hardware encoder "
                  + choice.encoder()
                  + " failed on its device: "
                  + reason
                  + "\n"
                  + e.getMessage(),
              "use \"hardware\": \"auto\" to fall back to software, or check the driver"
                  + " (docs/hardware.md)",
              false,
              e);
        }
        encoders.hardware().markBroken(choice.encoder(), reason);
        // the failed run may have created (empty) outputs: a new run must not find them
        absentBefore.forEach(HardwareFallback::deleteIfExists);
        control.log(
            "WARN",
            invocation.id()
                + ": the hardware encoder "
                + choice.encoder()
                + " failed at run time ("
                + reason
                + "); running again with "
                + CommandBuilder.videoEncoders(invocation, encoders).values().stream()
                    .map(EncoderChoice::encoder)
                    .distinct()
                    .toList());
      }
    }
  }

  /** The hardware choice the failure is about, if it is a device failure of one. */
  static Optional<EncoderChoice> deviceFailure(
      Map<String, EncoderChoice> chosen, MediaFlowException e) {
    if (e.code() == ErrorCode.CANCELLED
        || e.code() == ErrorCode.TIMEOUT
        || e.code() == ErrorCode.DISK_FULL
        || e.code().code().startsWith("INPUT_")) {
      return Optional.empty();
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    for (EncoderChoice c : chosen.values()) {
      if (c.hardware()
          && (message.contains("[" + c.encoder() + " @") || DEVICE.matcher(message).find())) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** The line of FFmpeg's that names the encoder, or the first device line, shortened. */
  static String reason(String message, String encoder) {
    String fallback = null;
    for (String line : (message == null ? "" : message).split("\\R")) {
      if (line.contains("[" + encoder + " @")) {
        return HardwareEncoders.firstLine(line.substring(line.indexOf('[')));
      }
      if (fallback == null && DEVICE.matcher(line).find()) {
        fallback = HardwareEncoders.firstLine(line);
      }
    }
    return fallback != null ? fallback : "see the lines below";
  }

  private static void deleteIfExists(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + p + " before running again", e);
    }
  }

  private static String stripFile(String location) {
    return location.startsWith("file:") ? location.substring("file:".length()) : location;
  }
}
