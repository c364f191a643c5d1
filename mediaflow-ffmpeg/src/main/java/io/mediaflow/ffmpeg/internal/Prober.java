package io.mediaflow.ffmpeg.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.media.AudioStream;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.SubtitleStream;
import io.mediaflow.api.media.VideoStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what a file holds with {@code ffprobe -v error -print_format json -show_format
 * -show_streams}, leniently: numbers may come as strings or {@code N/A}, frame rates as fractions
 * ({@code 30000/1001}). A single picture has a zero duration and a zero frame rate.
 */
public final class Prober {

  /** The longest ffprobe may take on one file. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private static final List<String> IMAGE_FORMATS =
      List.of("image2", "png_pipe", "jpeg_pipe", "webp_pipe", "bmp_pipe", "tiff_pipe", "gif");

  private final Path ffprobe;
  private final ProcessRunner runner;
  private final Duration timeout;

  public Prober(Path ffprobe, ProcessRunner runner, Duration timeout) {
    this.ffprobe = ffprobe;
    this.runner = runner;
    this.timeout = timeout;
  }

  /**
   * Probes one local file, read only by a demuxer of {@code InputFormats}: a playlist, a manifest
   * or a concat list is refused before FFmpeg opens anything it lists, and a picture named like a
   * sequence ({@code img%03d.png}) is read as that one picture.
   *
   * @throws MediaFlowException {@code INPUT_NOT_FOUND}, {@code INPUT_UNREADABLE} (also for a pipe,
   *     a device, a socket or a folder), {@code INPUT_FORMAT_NOT_ALLOWED} or {@code INPUT_INVALID},
   *     naming the file
   */
  public MediaInfo probe(Path file) {
    Path abs = file.toAbsolutePath();
    if (!Files.exists(abs)) {
      throw new MediaFlowException(
          ErrorCode.INPUT_NOT_FOUND,
          "input file " + abs + " does not exist",
          "check the path and that the file was not moved or deleted");
    }
    // before anything opens it: opening a named pipe waits for a writer, maybe for ever
    InputFiles.requireRegularFile(abs, "input " + abs);
    if (!Files.isReadable(abs)) {
      throw new MediaFlowException(
          ErrorCode.INPUT_UNREADABLE,
          "input file " + abs + " cannot be read by this process",
          "grant read permission on the file to the user running mediaflow");
    }
    StringBuilder out = new StringBuilder();
    ProcessRunner.Result result =
        run(abs, List.of("-format_whitelist", InputFormats.PROBE_WHITELIST), out);
    Optional<String> refused =
        result.exitCode() == 0 ? Optional.empty() : InputFormats.refused(result.stderr());
    if (refused.isPresent()
        && refused.get().equals(InputFormats.IMAGE2)
        && InputFormats.opensOtherFiles(abs.toString())) {
      throw InputFormats.notAllowed(
          "input file " + abs,
          InputFormats.IMAGE2,
          "a YUV picture whose other planes FFmpeg would read from the files NAME.U and NAME.V"
              + " beside it");
    }
    if (refused.isPresent() && refused.get().equals(InputFormats.IMAGE2)) {
      // FFmpeg takes a picture for a sequence by its name alone: read it as the one picture
      out.setLength(0);
      result = run(abs, InputFormats.SINGLE_IMAGE, out);
      refused = result.exitCode() == 0 ? Optional.empty() : InputFormats.refused(result.stderr());
    }
    if (refused.isPresent()) {
      throw InputFormats.notAllowed("input file " + abs, refused.get());
    }
    if (result.exitCode() != 0) {
      throw failure(abs, result.stderr());
    }
    return parse(abs, out.toString());
  }

  /**
   * Probes an {@code http(s)} URL, a streamed input's: read with {@code -protocol_whitelist} of
   * that scheme's network protocols only and the demuxers of {@code InputFormats}. Messages show
   * the URL without its query (a signature).
   *
   * @throws MediaFlowException {@code INPUT_FORMAT_NOT_ALLOWED}, {@code INPUT_NOT_FOUND} (an HTTP
   *     404), {@code PERMISSION_DENIED} (an HTTP 403: a signature refused or expired), {@code
   *     NETWORK} (retryable) or {@code INPUT_INVALID}
   */
  public MediaInfo probe(URI url) {
    String location = url.toString();
    if (!NetworkInputs.isUrl(location)) {
      throw new IllegalArgumentException("not an http(s) URL: " + NetworkInputs.shown(location));
    }
    String shown = NetworkInputs.shown(location);
    StringBuilder out = new StringBuilder();
    ProcessRunner.Result result =
        run(location, shown, List.of("-format_whitelist", InputFormats.PROBE_WHITELIST), out);
    String stderr = NetworkInputs.redact(result.stderr(), List.of(location));
    Optional<String> refused =
        result.exitCode() == 0 ? Optional.empty() : InputFormats.refused(stderr);
    if (refused.isPresent()) {
      throw InputFormats.notAllowed("input " + shown, refused.get());
    }
    if (result.exitCode() != 0) {
      throw urlFailure(shown, stderr);
    }
    return parse(shown, out.toString());
  }

  private static MediaFlowException urlFailure(String shown, String stderr) {
    String detail = stderr.isBlank() ? "ffprobe failed without a message" : stderr.strip();
    if (stderr.contains("404")) {
      return new MediaFlowException(
          ErrorCode.INPUT_NOT_FOUND,
          "input " + shown + " is not there: " + detail,
          "check that the object exists");
    }
    if (stderr.contains("403")) {
      return new MediaFlowException(
          ErrorCode.PERMISSION_DENIED,
          "input " + shown + " was refused: " + detail,
          "check the store's credentials and rights; a signed URL may have expired");
    }
    if (stderr.contains("Connection refused")
        || stderr.contains("timed out")
        || stderr.contains("5XX")
        || stderr.contains("Server returned 5")) {
      return new MediaFlowException(
          ErrorCode.NETWORK,
          "input " + shown + " could not be read: " + detail,
          "check that the store is reachable; the job is retried",
          true,
          null);
    }
    return new MediaFlowException(
        ErrorCode.INPUT_INVALID,
        "input " + shown + " is not media FFmpeg can read: " + detail,
        "check that the object is a complete audio, video or image file");
  }

  private ProcessRunner.Result run(Path abs, List<String> formatOptions, StringBuilder out) {
    return run(CommandBuilder.localUrl(abs.toString()), abs.toString(), formatOptions, out);
  }

  private ProcessRunner.Result run(
      String target, String shown, List<String> formatOptions, StringBuilder out) {
    List<String> command = new ArrayList<>();
    command.addAll(List.of(ffprobe.toString(), "-v", "error"));
    command.addAll(NetworkInputs.options(target));
    command.addAll(formatOptions);
    command.addAll(List.of("-print_format", "json", "-show_format", "-show_streams", target));
    ProcessRunner.Result result;
    try {
      result =
          runner.run(
              command, line -> out.append(line).append('\n'), () -> false, Optional.of(timeout));
    } catch (IOException e) {
      throw new MediaFlowException(
          ErrorCode.BINARY_NOT_FOUND,
          "cannot run " + ffprobe + ": " + e.getMessage(),
          Binaries.SUGGESTION,
          false,
          e);
    }
    if (result.ending() == ProcessRunner.Ending.TIMED_OUT) {
      throw new MediaFlowException(
          ErrorCode.TIMEOUT,
          "ffprobe took longer than " + timeout.toSeconds() + " s to read " + shown,
          "check that the file is a local media file and not a stalled network mount");
    }
    return result;
  }

  private static MediaFlowException failure(Path file, String stderr) {
    String detail = stderr.isBlank() ? "ffprobe failed without a message" : stderr;
    if (stderr.contains("Permission denied")) {
      return new MediaFlowException(
          ErrorCode.INPUT_UNREADABLE,
          "input file " + file + " cannot be read: " + detail,
          "grant read permission on the file to the user running mediaflow");
    }
    if (stderr.contains("No such file or directory")) {
      return new MediaFlowException(
          ErrorCode.INPUT_NOT_FOUND,
          "input file " + file + " does not exist: " + detail,
          "check the path and that the file was not moved or deleted");
    }
    return new MediaFlowException(
        ErrorCode.INPUT_INVALID,
        "input file " + file + " is not media FFmpeg can read: " + detail,
        "check that the file is a complete audio, video or image file; re-export or re-download"
            + " it if it is damaged");
  }

  /** Turns ffprobe's JSON into a {@link MediaInfo}. */
  static MediaInfo parse(Path file, String json) {
    return parse(file.toString(), json);
  }

  /** Turns ffprobe's JSON into a {@link MediaInfo}; {@code file} names the input in messages. */
  static MediaInfo parse(String file, String json) {
    JsonNode root;
    try {
      root = ToolJson.read(json);
    } catch (IllegalArgumentException e) {
      throw new MediaFlowException(
          ErrorCode.INPUT_INVALID,
          "ffprobe's description of " + file + " could not be read (" + e.getMessage() + ")",
          "check that the file is a media file; if it plays elsewhere, report this with the file",
          false,
          e);
    }
    JsonNode format = root.path("format");
    List<VideoStream> video = new ArrayList<>();
    List<AudioStream> audio = new ArrayList<>();
    List<SubtitleStream> subtitles = new ArrayList<>();
    String formatName = text(format.get("format_name"));
    boolean imageFormat = IMAGE_FORMATS.contains(formatName) || formatName.endsWith("_pipe");
    long longestStream = 0;
    int videoFrames = -1;
    JsonNode streams = root.path("streams");
    for (JsonNode s : streams.isArray() ? streams : List.<JsonNode>of()) {
      int index = number(s.get("index")).orElse(0.0).intValue();
      String codec = text(s.get("codec_name"));
      String language = text(s.path("tags").get("language"));
      Optional<BigDecimal> streamSeconds = decimal(s.get("duration"));
      switch (text(s.get("codec_type"))) {
        case "video" -> {
          if (number(s.path("disposition").get("attached_pic")).orElse(0.0) > 0) {
            continue; // cover art inside an audio file, not a picture track
          }
          double fps =
              rate(s.get("avg_frame_rate")).orElse(rate(s.get("r_frame_rate")).orElse(0.0));
          if (video.isEmpty()) {
            videoFrames = number(s.get("nb_frames")).orElse(-1.0).intValue();
          }
          video.add(
              new VideoStream(
                  index,
                  codec,
                  number(s.get("width")).orElse(0.0).intValue(),
                  number(s.get("height")).orElse(0.0).intValue(),
                  fps,
                  text(s.get("pix_fmt")),
                  language));
        }
        case "audio" ->
            audio.add(
                new AudioStream(
                    index,
                    codec,
                    number(s.get("sample_rate")).orElse(0.0).intValue(),
                    number(s.get("channels")).orElse(0.0).intValue(),
                    language));
        case "subtitle" -> subtitles.add(new SubtitleStream(index, codec, language));
        default -> {
          continue; // data and attachment streams are not media tracks
        }
      }
      if (streamSeconds.isPresent()) {
        longestStream = Math.max(longestStream, micros(streamSeconds.get()));
      }
    }
    if (video.isEmpty() && audio.isEmpty()) {
      throw new MediaFlowException(
          ErrorCode.INPUT_INVALID,
          "input file "
              + file
              + " ("
              + (formatName.isEmpty() ? "unknown format" : formatName)
              + ") has no video or audio track",
          "give a file with at least one video or audio track");
    }
    long durationMicros = decimal(format.get("duration")).map(Prober::micros).orElse(longestStream);
    boolean still = audio.isEmpty() && video.size() == 1 && (imageFormat || videoFrames == 1);
    if (still) {
      durationMicros = 0;
      video.set(0, video.get(0).withFps(0));
    }
    Map<String, String> tags = new LinkedHashMap<>();
    JsonNode formatTags = format.path("tags");
    if (formatTags.isObject()) {
      formatTags.properties().forEach(t -> tags.put(t.getKey(), text(t.getValue())));
    }
    return new MediaInfo(
        formatName,
        MediaDuration.ofMicros(durationMicros),
        decimal(format.get("size")).map(Prober::whole).orElse(0L),
        decimal(format.get("bit_rate")).map(Prober::whole).orElse(0L),
        video,
        audio,
        subtitles,
        tags);
  }

  /**
   * Seconds as whole microseconds, rounded half up, computed exactly: a {@code double} would lose
   * microseconds past 2^53 of them (about 285 years) and round halves either way.
   */
  static long micros(BigDecimal seconds) {
    if (seconds.signum() <= 0 || seconds.precision() - seconds.scale() <= -7) {
      return 0; // negative, or under 0.1 µs: spares rounding 1e-999999999 digit by digit
    }
    if (seconds.precision() - seconds.scale() > 13) {
      return Long.MAX_VALUE;
    }
    BigInteger micros = seconds.movePointRight(6).setScale(0, RoundingMode.HALF_UP).toBigInteger();
    return micros.bitLength() < 64 ? micros.longValue() : Long.MAX_VALUE;
  }

  /** The whole part of a count such as a size in bytes, within {@code long}'s range. */
  private static long whole(BigDecimal value) {
    if (value.precision() - value.scale() > 19) {
      return value.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    BigInteger whole = value.toBigInteger();
    if (whole.bitLength() < 64) {
      return whole.longValue();
    }
    return whole.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
  }

  /** A number ffprobe gave as a JSON number or a string, exactly; empty for N/A, missing, junk. */
  static Optional<BigDecimal> decimal(Object value) {
    if (value instanceof JsonNode node && node.isNumber()) {
      return Optional.of(node.decimalValue());
    }
    String t = raw(value).trim();
    if (t.isEmpty() || t.equalsIgnoreCase("N/A")) {
      return Optional.empty();
    }
    try {
      return Optional.of(new BigDecimal(t));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** A number given as a JSON number or a string; empty for {@code N/A}, missing or junk. */
  static Optional<Double> number(Object value) {
    return decimal(value).map(BigDecimal::doubleValue).filter(Double::isFinite);
  }

  /** A rate such as {@code 30000/1001} or {@code 25}; empty for {@code 0/0} and {@code N/A}. */
  static Optional<Double> rate(Object value) {
    String t = raw(value).trim();
    int slash = t.indexOf('/');
    if (slash < 0) {
      return number(t).filter(d -> d > 0);
    }
    Optional<Double> num = number(t.substring(0, slash));
    Optional<Double> den = number(t.substring(slash + 1));
    if (num.isEmpty() || den.isEmpty() || den.get() == 0 || num.get() <= 0) {
      return Optional.empty();
    }
    return Optional.of(num.get() / den.get());
  }

  private static String raw(Object value) {
    return value instanceof JsonNode node ? text(node) : value == null ? "" : value.toString();
  }

  /** A value as text: a string as it is, a number as its exact digits; "" for null and N/A. */
  private static String text(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode() || value.isContainerNode()) {
      return "";
    }
    String t = value.isNumber() ? value.decimalValue().toString() : value.asText();
    return t.toLowerCase(Locale.ROOT).equals("n/a") ? "" : t;
  }
}
