package io.mediaflow.ffmpeg.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hardware video encoders an FFmpeg build lists ({@code h264_nvenc}, {@code hevc_qsv}, …) and,
 * for each, whether its device opens on this machine: each is tried on one tiny generated frame,
 * because a build lists them all whether or not a GPU and its driver are there.
 *
 * <p>An encoder that opened here may still fail when a job runs (the driver crashed, another
 * process holds every session): {@link #markBroken} records that, and later choices skip it.
 * Thread-safe.
 */
public final class HardwareEncoders {

  /** The families, in the order {@code "hardware": "auto"} tries them. */
  public enum Family {
    NVENC,
    QSV,
    VIDEOTOOLBOX,
    VAAPI;

    /** The name in specs and encoder names: {@code nvenc}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The family of a spec word or encoder suffix, if it is one. */
    public static Optional<Family> of(String id) {
      for (Family f : values()) {
        if (f.id().equals(id)) {
          return Optional.of(f);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * One hardware encoder and what trying it showed.
   *
   * @param encoder {@code h264_nvenc}
   * @param codec the codec it encodes: {@code h264}
   * @param family its family
   * @param works whether it opened its device here
   * @param reason why not, from FFmpeg ({@code Cannot load libcuda.so.1}); empty when it works
   */
  public record Status(String encoder, String codec, Family family, boolean works, String reason) {}

  /** The device VAAPI encoders open, as Linux names the first render node. */
  public static final Path DEFAULT_VAAPI_DEVICE = Path.of("/dev/dri/renderD128");

  /** A hardware encoder of a codec mediaflow writes: group 1 the codec, group 2 the family. */
  private static final Pattern NAME =
      Pattern.compile("(h264|hevc|vp9)_(nvenc|qsv|videotoolbox|vaapi)");

  /** The prefix FFmpeg puts on a component's message: {@code [h264_qsv @ 0x5600...] }. */
  private static final Pattern COMPONENT = Pattern.compile("^\\[[^]]*@ 0x[0-9a-f]+\\]\\s*");

  private static final Duration TRY_TIMEOUT = Duration.ofSeconds(15);

  private final Map<String, Status> byEncoder;
  private final Path vaapiDevice;
  private final Map<String, String> broken = new ConcurrentHashMap<>();

  private HardwareEncoders(Collection<Status> statuses, Path vaapiDevice) {
    Map<String, Status> m = new LinkedHashMap<>();
    statuses.forEach(s -> m.put(s.encoder(), s));
    this.byEncoder = Map.copyOf(m);
    this.vaapiDevice = vaapiDevice;
  }

  /** A known set, for tests of the choice and for hosts that know their hardware. */
  public static HardwareEncoders of(Collection<Status> statuses) {
    return new HardwareEncoders(statuses, DEFAULT_VAAPI_DEVICE);
  }

  /** None at all: a build without hardware encoders. */
  public static HardwareEncoders none() {
    return of(List.of());
  }

  /**
   * Tries every hardware encoder among {@code encoders} (the build's {@code -encoders}) on one
   * generated frame, one after the other (a failing device answers in about 0.1 s).
   */
  public static HardwareEncoders probe(
      Path ffmpeg, ProcessRunner runner, Set<String> encoders, Path vaapiDevice) {
    List<Status> statuses = new ArrayList<>();
    for (String encoder : encoders.stream().sorted().toList()) {
      Matcher m = NAME.matcher(encoder);
      if (m.matches()) {
        Family family = Family.of(m.group(2)).orElseThrow();
        statuses.add(tryOne(ffmpeg, runner, encoder, m.group(1), family, vaapiDevice));
      }
    }
    return new HardwareEncoders(statuses, vaapiDevice);
  }

  private static Status tryOne(
      Path ffmpeg, ProcessRunner runner, String encoder, String codec, Family f, Path device) {
    if (f == Family.VAAPI && !Files.exists(device)) {
      return new Status(encoder, codec, f, false, "no VAAPI render device " + device);
    }
    List<String> command = new ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-nostdin"));
    command.addAll(List.of("-loglevel", "error"));
    if (f == Family.VAAPI) {
      command.addAll(List.of("-vaapi_device", device.toString()));
    }
    command.addAll(List.of("-f", "lavfi", "-i", "color=c=black:s=256x144:r=25:d=0.04"));
    command.addAll(List.of("-frames:v", "1"));
    command.addAll(uploadOrFormat(f));
    command.addAll(List.of("-c:v", encoder, "-f", "null", "-"));
    StringBuilder stderr = new StringBuilder();
    try {
      ProcessRunner.Result r =
          runner.run(command, line -> {}, () -> false, Optional.of(TRY_TIMEOUT));
      stderr.append(r.stderr());
      if (r.ending() == ProcessRunner.Ending.EXITED && r.exitCode() == 0) {
        return new Status(encoder, codec, f, true, "");
      }
      if (r.ending() != ProcessRunner.Ending.EXITED) {
        return new Status(encoder, codec, f, false, "trying it did not end within " + TRY_TIMEOUT);
      }
    } catch (IOException e) {
      return new Status(encoder, codec, f, false, "cannot run ffmpeg: " + e.getMessage());
    }
    return new Status(encoder, codec, f, false, firstLine(stderr.toString()));
  }

  /** How frames reach an encoder of the family from system memory. */
  static List<String> uploadOrFormat(Family f) {
    return switch (f) {
      case VAAPI -> List.of("-vf", "format=nv12,hwupload");
      case QSV -> List.of("-pix_fmt", "nv12");
      case NVENC, VIDEOTOOLBOX -> List.of("-pix_fmt", "yuv420p");
    };
  }

  /** FFmpeg's first line about the failure, without the component prefix, at most 200 chars. */
  static String firstLine(String stderr) {
    for (String line : stderr.split("\\R")) {
      String text = COMPONENT.matcher(line.strip()).replaceFirst("");
      if (!text.isEmpty()) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
      }
    }
    return "it failed without a message";
  }

  /** The encoder's status; empty when this build does not list it. */
  public Optional<Status> status(String encoder) {
    Status s = byEncoder.get(encoder);
    if (s == null) {
      return Optional.empty();
    }
    String why = broken.get(encoder);
    return Optional.of(
        why == null ? s : new Status(s.encoder(), s.codec(), s.family(), false, why));
  }

  /** Every hardware encoder the build lists, with its status, by name. */
  public List<Status> all() {
    return byEncoder.keySet().stream().sorted().map(e -> status(e).orElseThrow()).toList();
  }

  /** Records that {@code encoder} failed at run time: later choices skip it. */
  public void markBroken(String encoder, String reason) {
    broken.put(encoder, "failed at run time: " + reason);
  }

  /** The render node VAAPI encoders open. */
  public Path vaapiDevice() {
    return vaapiDevice;
  }
}
