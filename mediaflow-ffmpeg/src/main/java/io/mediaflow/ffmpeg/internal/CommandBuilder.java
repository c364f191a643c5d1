package io.mediaflow.ffmpeg.internal;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.InvocationInput;
import io.mediaflow.api.plan.InvocationOutput;
import io.mediaflow.api.plan.OutputStream;
import io.mediaflow.api.spec.CodecSpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Renders an {@link Invocation} as FFmpeg's argument list, without the program name. The list is
 * passed to the process as it is, never through a shell.
 *
 * <p>Order: global options ({@code -hide_banner -nostdin -progress pipe:1 -nostats -loglevel
 * warning}, {@code info} for an analysis run, then {@code -y} when every output may be replaced,
 * otherwise {@code -n}); each input behind {@code -protocol_whitelist file,pipe} (an {@code
 * http(s)} URL of a streamed input behind its own network protocols, {@code NetworkInputs}) and the
 * demuxer options of {@code InputFormats} (its probed demuxer forced, or the allowlist to probe
 * against); the filter graph; then per output its maps, codec options, tags, muxer and location.
 *
 * <p>{@code -loglevel warning} keeps stderr short, so its tail holds the error that matters, while
 * still showing the warnings a person wants when a run fails. Local paths are prefixed with {@code
 * file:} so a name containing {@code :} is never taken for a protocol.
 */
public final class CommandBuilder {

  /** The only protocols FFmpeg may open for an input: a crafted file cannot reach anything else. */
  public static final String PROTOCOL_WHITELIST = "file,pipe";

  static final String DEFAULT_H264_CRF = "23";
  static final String DEFAULT_HEVC_CRF = "28";
  static final String DEFAULT_VP9_CRF = "32";
  static final String DEFAULT_PRESET = "veryfast";
  static final String DEFAULT_AAC_BITRATE = "192k";
  static final String DEFAULT_MP3_BITRATE = "192k";
  static final String DEFAULT_OPUS_BITRATE = "128k";

  private CommandBuilder() {}

  /**
   * What the arguments depend on besides the invocation.
   *
   * @param encoders chooses each output's video encoder from its {@code codec.hardware}
   * @param threads the threads each part of the run may use (decoders, filters, encoders): the
   *     cores the engine admitted the run with; empty for FFmpeg's defaults (one thread a core for
   *     every part of every run at once)
   */
  public record Encoding(EncoderChooser encoders, OptionalInt threads) {

    /** Software encoders, FFmpeg's thread defaults. */
    public static Encoding software() {
      return new Encoding(EncoderChooser.softwareOnly(), OptionalInt.empty());
    }

    /** The threads for {@code cores} admitted cores: rounded, at least one. */
    public static OptionalInt threadsFor(OptionalDouble cores) {
      return cores.isPresent()
          ? OptionalInt.of((int) Math.max(1, Math.round(cores.getAsDouble())))
          : OptionalInt.empty();
    }
  }

  /**
   * The arguments that run {@code invocation} with software encoders and FFmpeg's thread defaults,
   * including {@code -progress pipe:1 -nostats}.
   *
   * @throws MediaFlowException with {@code INVALID_VALUE} for a codec or container FFmpeg is not
   *     known to mediaflow under that name
   */
  public static List<String> arguments(Invocation invocation) {
    return arguments(invocation, Encoding.software());
  }

  /**
   * The arguments that run {@code invocation} with {@code encoding}'s encoders and threads.
   *
   * @throws MediaFlowException also {@code HARDWARE_UNAVAILABLE} for an output that names hardware
   *     that does not work here
   */
  public static List<String> arguments(Invocation invocation, Encoding encoding) {
    Map<String, EncoderChoice> chosen = videoEncoders(invocation, encoding.encoders());
    OptionalInt threads = encoding.threads();
    List<String> args = new ArrayList<>();
    args.addAll(List.of("-hide_banner", "-nostdin", "-progress", "pipe:1", "-nostats"));
    // an analysis run's measurements (loudnorm's JSON) are printed at the info level
    boolean analysis = invocation.purpose() == Invocation.Purpose.ANALYSIS;
    args.addAll(List.of("-loglevel", analysis ? "info" : "warning"));
    boolean overwriteAll = invocation.outputs().stream().allMatch(InvocationOutput::overwrite);
    args.add(overwriteAll ? "-y" : "-n");
    if (threads.isPresent()) {
      String n = Integer.toString(threads.getAsInt());
      args.addAll(List.of("-filter_threads", n));
      if (!invocation.filters().isEmpty()) {
        args.addAll(List.of("-filter_complex_threads", n));
      }
    }
    Optional<HardwareEncoders> vaapi =
        chosen.values().stream()
            .filter(c -> c.family().equals(Optional.of(HardwareEncoders.Family.VAAPI)))
            .findFirst()
            .map(c -> encoding.encoders().hardware());
    vaapi.ifPresent(hw -> args.addAll(List.of("-vaapi_device", hw.vaapiDevice().toString())));
    for (InvocationInput input : invocation.inputs()) {
      String location = input.location();
      args.addAll(NetworkInputs.options(location));
      args.addAll(InputFormats.ffmpegOptions(input.container(), location));
      if (threads.isPresent()) {
        args.addAll(List.of("-threads", Integer.toString(threads.getAsInt())));
      }
      args.addAll(List.of("-i", NetworkInputs.isUrl(location) ? location : localUrl(location)));
    }
    if (!invocation.filters().isEmpty()) {
      args.addAll(List.of("-filter_complex", render(invocation)));
    }
    if (invocation.outputs().isEmpty()) {
      throw new MediaFlowException(
          ErrorCode.INTERNAL,
          "invocation " + invocation.id() + " writes no output",
          "this is a planner bug; please report it with the job spec");
    }
    for (InvocationOutput output : invocation.outputs()) {
      output(args, output, !invocation.inputs().isEmpty(), chosen, threads);
    }
    return List.copyOf(args);
  }

  /**
   * The video encoder of each output and video codec ({@code outputs[0]|h264}), chosen once so that
   * the global options (a VAAPI device) and the output's own agree.
   */
  public static Map<String, EncoderChoice> videoEncoders(
      Invocation invocation, EncoderChooser encoders) {
    Map<String, EncoderChoice> chosen = new LinkedHashMap<>();
    for (InvocationOutput output : invocation.outputs()) {
      CodecSpec codec = output.codec() == null ? CodecSpec.DEFAULT : output.codec();
      for (OutputStream stream : output.streams()) {
        String name = stream.codec() == null ? "" : stream.codec();
        if (stream.type() != StreamType.VIDEO || name.isEmpty() || name.equals("copy")) {
          continue;
        }
        String key = output.outputId() + "|" + name;
        if (!chosen.containsKey(key)) {
          chosen.put(
              key, encoders.choose(name, codec.hardware(), stream.filtered(), output.outputId()));
        }
      }
    }
    return chosen;
  }

  private static String render(Invocation invocation) {
    try {
      return FilterGraph.render(invocation.filters());
    } catch (IllegalArgumentException e) {
      throw new MediaFlowException(
          ErrorCode.INTERNAL,
          "invocation "
              + invocation.id()
              + " has a filter that cannot be rendered: "
              + e.getMessage(),
          "this is a bug in the operator or the planner; please report it with the job spec",
          false,
          e);
    }
  }

  private static void output(
      List<String> args,
      InvocationOutput output,
      boolean hasInputs,
      Map<String, EncoderChoice> chosen,
      OptionalInt threads) {
    String where = output.outputId();
    if (output.streams().isEmpty()) {
      throw new MediaFlowException(
          ErrorCode.INCOMPATIBLE_STREAM,
          where + " (" + output.location() + ") would receive no stream",
          "keep at least one video or audio track for this output");
    }
    CodecSpec codec = output.codec() == null ? CodecSpec.DEFAULT : output.codec();
    String muxer = Formats.muxer(output.container(), where);
    for (OutputStream stream : output.streams()) {
      args.add("-map");
      args.add(stream.filtered() ? "[" + stream.source() + "]" : stream.source());
    }
    Map<StreamType, Integer> perType = new EnumMap<>(StreamType.class);
    Map<StreamType, String> firstCodec = new EnumMap<>(StreamType.class);
    for (OutputStream stream : output.streams()) {
      int n = perType.merge(stream.type(), 1, Integer::sum) - 1;
      String previous = firstCodec.putIfAbsent(stream.type(), stream.codec());
      if (previous != null && previous.equals(stream.codec())) {
        continue; // the type-wide options already cover this stream
      }
      String spec =
          previous == null ? stream.type().specifier() : stream.type().specifier() + ":" + n;
      EncoderChoice video = chosen.get(where + "|" + stream.codec());
      codecArgs(args, stream, spec, codec, muxer, output.stillImage(), where, video);
    }
    // its own threads, or the run's share: FFmpeg's default is a thread a core for each encoder
    Integer own = codec.threads();
    if (own != null || threads.isPresent()) {
      args.addAll(List.of("-threads", Integer.toString(own != null ? own : threads.getAsInt())));
    }
    if (perType.containsKey(StreamType.AUDIO)) {
      if (codec.sampleRate() != null) {
        args.addAll(List.of("-ar", codec.sampleRate().toString()));
      }
      if (codec.channels() != null) {
        args.addAll(List.of("-ac", codec.channels().toString()));
      }
    }
    if (output.stillImage()) {
      args.addAll(List.of("-frames:v", "1", "-update", "1"));
    }
    if (hasInputs) {
      // a picture carries no container tags or chapters worth copying; a clip keeps them
      args.addAll(List.of("-map_metadata", output.stillImage() ? "-1" : "0"));
      if (output.stillImage()) {
        args.addAll(List.of("-map_chapters", "-1"));
      }
    }
    for (Map.Entry<String, String> tag : output.metadata().entrySet()) {
      String key = tag.getKey();
      if (key.isEmpty() || key.indexOf('=') >= 0) {
        throw new MediaFlowException(
            ErrorCode.INVALID_VALUE,
            where + ": metadata key \"" + key + "\" is empty or contains '='",
            "use a plain tag name such as \"title\"");
      }
      args.addAll(List.of("-metadata", key + "=" + tag.getValue()));
    }
    if (Formats.isMp4Family(muxer) && !output.stillImage()) {
      args.addAll(List.of("-movflags", "+faststart"));
    }
    args.addAll(List.of("-f", muxer));
    // the null muxer writes nothing; "-" is the name FFmpeg expects for it
    args.add(muxer.equals("null") ? "-" : localUrl(output.location()));
  }

  private static void codecArgs(
      List<String> args,
      OutputStream stream,
      String spec,
      CodecSpec codec,
      String muxer,
      boolean still,
      String where,
      EncoderChoice video) {
    String name = stream.codec() == null ? "" : stream.codec();
    if (name.isEmpty() && muxer.equals("null")) {
      return; // an analysis run discards raw frames: the null muxer's own default applies
    }
    if (name.equals("copy")) {
      args.addAll(List.of("-c:" + spec, "copy"));
      return;
    }
    switch (stream.type()) {
      case VIDEO -> {
        EncoderChoice choice =
            video != null ? video : EncoderChoice.software(Formats.videoEncoder(name, where));
        args.addAll(List.of("-c:" + spec, choice.encoder()));
        if (choice.family().isPresent()) {
          HardwareQuality.add(args, spec, choice, codec, name, muxer);
        } else {
          videoQuality(args, spec, choice.encoder(), codec, muxer, still);
        }
      }
      case AUDIO -> {
        String encoder = Formats.audioEncoder(name, where);
        args.addAll(List.of("-c:" + spec, encoder));
        String bitrate =
            codec.audioBitrate() != null ? codec.audioBitrate() : audioBitrate(encoder);
        if (bitrate != null) {
          args.addAll(List.of("-b:" + spec, bitrate));
        }
      }
      case SUBTITLE -> args.addAll(List.of("-c:" + spec, Formats.subtitleEncoder(name, where)));
    }
  }

  private static void videoQuality(
      List<String> args,
      String spec,
      String encoder,
      CodecSpec codec,
      String muxer,
      boolean still) {
    String crf = codec.crf() == null ? null : codec.crf().toString();
    switch (encoder) {
      case "libx264", "libx265" -> {
        if (codec.videoBitrate() != null) {
          args.addAll(List.of("-b:" + spec, codec.videoBitrate()));
        } else {
          String fallback = encoder.equals("libx264") ? DEFAULT_H264_CRF : DEFAULT_HEVC_CRF;
          args.addAll(List.of("-crf", crf != null ? crf : fallback));
        }
        args.addAll(List.of("-preset", codec.preset() != null ? codec.preset() : DEFAULT_PRESET));
        // players expect 4:2:0; encoders would otherwise keep 4:4:4 from RGB sources
        args.addAll(List.of("-pix_fmt", "yuv420p"));
        if (encoder.equals("libx265") && Formats.isMp4Family(muxer)) {
          args.addAll(List.of("-tag:" + spec, "hvc1"));
        }
      }
      case "libvpx-vp9", "libaom-av1" -> {
        if (codec.videoBitrate() != null) {
          args.addAll(List.of("-b:" + spec, codec.videoBitrate()));
        } else {
          // constant quality mode of libvpx/libaom needs a zero target bitrate
          args.addAll(List.of("-crf", crf != null ? crf : DEFAULT_VP9_CRF, "-b:" + spec, "0"));
        }
        args.addAll(List.of("-row-mt", "1"));
      }
      case "mjpeg" -> args.addAll(List.of("-q:" + spec, "2"));
      default -> {
        if (codec.videoBitrate() != null && !still) {
          args.addAll(List.of("-b:" + spec, codec.videoBitrate()));
        }
      }
    }
  }

  private static String audioBitrate(String encoder) {
    return switch (encoder) {
      case "aac" -> DEFAULT_AAC_BITRATE;
      case "libmp3lame" -> DEFAULT_MP3_BITRATE;
      case "libopus", "libvorbis" -> DEFAULT_OPUS_BITRATE;
      default -> null; // lossless: flac, pcm
    };
  }

  /** A local path as an FFmpeg URL: {@code file:} first, so no name is taken for a protocol. */
  static String localUrl(String location) {
    if (location.startsWith("file:") || location.startsWith("pipe:")) {
      return location;
    }
    return "file:" + location;
  }
}
