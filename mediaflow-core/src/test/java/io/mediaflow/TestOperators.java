package io.mediaflow;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.media.VideoStream;
import io.mediaflow.api.operator.CompileContext;
import io.mediaflow.api.operator.Estimate;
import io.mediaflow.api.operator.FilterArg;
import io.mediaflow.api.operator.FilterCall;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.Operator;
import io.mediaflow.api.operator.OperatorDescriptor;
import io.mediaflow.api.operator.PadRef;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.operator.ValidationContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Small operators for planner tests: core cannot depend on the FFmpeg module, so these mirror the
 * shape of the built-in ones (a trim touching both streams, a scale touching video only, a
 * two-input overlay, a thumbnail producing an image).
 */
public final class TestOperators {

  private TestOperators() {}

  public static OperatorRegistry registry() {
    return OperatorRegistry.of(
        new Trim(), new Scale(), new Overlay(), new Thumbnail(), new Level());
  }

  public static MediaInfo clip(double seconds, int width, int height) {
    return MediaInfo.of(
        MediaDuration.ofSeconds(seconds),
        List.of(new VideoStream(0, "h264", width, height, 30, "yuv420p", "")),
        List.of(new io.mediaflow.api.media.AudioStream(1, "aac", 48000, 2, "")));
  }

  public static MediaInfo audioOnly(double seconds) {
    return MediaInfo.of(
        MediaDuration.ofSeconds(seconds),
        List.of(),
        List.of(new io.mediaflow.api.media.AudioStream(0, "mp3", 44100, 2, "")));
  }

  static final class Trim implements Operator {
    @Override
    public OperatorDescriptor descriptor() {
      return OperatorDescriptor.builder("trim")
          .param(ParamSpec.builder("start", ParamType.DURATION).defaultValue(0).build())
          .param(ParamSpec.builder("duration", ParamType.DURATION).build())
          .param(ParamSpec.builder("end", ParamType.DURATION).build())
          .build();
    }

    @Override
    public List<Violation> validate(Params params, ValidationContext ctx) {
      if (params.has("duration") && params.has("end")) {
        return List.of(
            ctx.violation("end", ErrorCode.INVALID_VALUE, "give duration or end, not both"));
      }
      return List.of();
    }

    @Override
    public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
      MediaInfo in = inputs.get(0);
      MediaDuration start = params.getDuration("start");
      MediaDuration left = in.duration().minusClamped(start);
      return in.withDuration(params.optDuration("duration").map(left::min).orElse(left));
    }

    @Override
    public FilterFragment compile(Params params, CompileContext ctx) {
      FilterFragment.Builder b = FilterFragment.builder();
      String start = params.getDuration("start").toFfmpeg();
      List<FilterArg> args = new ArrayList<>(List.of(FilterArg.of("start", start)));
      params
          .optDuration("duration")
          .ifPresent(d -> args.add(FilterArg.of("duration", d.toFfmpeg())));
      if (ctx.inputs().get(0).hasVideo()) {
        b.chain(
            StreamType.VIDEO,
            0,
            new FilterCall("trim", args, List.of(), List.of()),
            FilterFragment.filter("setpts", FilterArg.positional("PTS-STARTPTS")));
      }
      if (ctx.inputs().get(0).hasAudio()) {
        b.chain(
            StreamType.AUDIO,
            0,
            new FilterCall("atrim", args, List.of(), List.of()),
            FilterFragment.filter("asetpts", FilterArg.positional("PTS-STARTPTS")));
      }
      return b.build();
    }

    @Override
    public Estimate estimate(Params params, List<MediaInfo> inputs) {
      return new Estimate(0.01, 1 << 20, 0, 0.01);
    }
  }

  static final class Scale implements Operator {
    @Override
    public OperatorDescriptor descriptor() {
      return OperatorDescriptor.builder("scale")
          .param(ParamSpec.builder("width", ParamType.INT).required().range(-2, 16384).build())
          .param(
              ParamSpec.builder("height", ParamType.INT).defaultValue(-2).range(-2, 16384).build())
          .build();
    }

    @Override
    public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
      MediaInfo in = inputs.get(0);
      VideoStream v = in.primaryVideo().orElse(new VideoStream(0, "", 2, 2, 0, "", ""));
      int w = params.getInt("width");
      int h = params.getInt("height");
      if (h < 0) {
        h = (int) Math.round(v.height() * (double) w / v.width() / 2) * 2;
      }
      return in.withPrimaryVideo(v.withSize(w, h));
    }

    @Override
    public FilterFragment compile(Params params, CompileContext ctx) {
      return FilterFragment.builder()
          .chain(
              StreamType.VIDEO,
              0,
              FilterFragment.filter(
                  "scale",
                  FilterArg.of("w", params.getLong("width")),
                  FilterArg.of("h", params.getLong("height"))))
          .passThrough(StreamType.AUDIO, 0)
          .build();
    }

    @Override
    public Estimate estimate(Params params, List<MediaInfo> inputs) {
      return new Estimate(0.02, 1 << 20, 0, 0.02);
    }
  }

  static final class Overlay implements Operator {
    @Override
    public OperatorDescriptor descriptor() {
      return OperatorDescriptor.builder("overlay")
          .inputs(2, 2)
          .param(ParamSpec.builder("x", ParamType.STRING).defaultValue("0").build())
          .param(ParamSpec.builder("y", ParamType.STRING).defaultValue("0").build())
          .build();
    }

    @Override
    public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
      return inputs.get(0);
    }

    @Override
    public FilterFragment compile(Params params, CompileContext ctx) {
      return FilterFragment.builder()
          .filter(
              new FilterCall(
                  "overlay",
                  List.of(
                      FilterArg.of("x", params.getString("x")),
                      FilterArg.of("y", params.getString("y"))),
                  List.of(PadRef.input(0, StreamType.VIDEO), PadRef.input(1, StreamType.VIDEO)),
                  List.of(PadRef.local("v"))))
          .result(StreamType.VIDEO, PadRef.local("v"))
          .passThrough(StreamType.AUDIO, 0)
          .build();
    }

    @Override
    public Estimate estimate(Params params, List<MediaInfo> inputs) {
      return Estimate.ZERO;
    }
  }

  static final class Thumbnail implements Operator {
    @Override
    public OperatorDescriptor descriptor() {
      return OperatorDescriptor.builder("thumbnail")
          .outputKind(OperatorDescriptor.OutputKind.IMAGE)
          .param(ParamSpec.builder("at", ParamType.DURATION).defaultValue(0).build())
          .build();
    }

    @Override
    public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
      return MediaInfo.of(MediaDuration.ZERO, inputs.get(0).video().subList(0, 1), List.of());
    }

    @Override
    public FilterFragment compile(Params params, CompileContext ctx) {
      return FilterFragment.builder()
          .chain(
              StreamType.VIDEO,
              0,
              FilterFragment.filter(
                  "trim", FilterArg.of("start", params.getDuration("at").toFfmpeg())),
              FilterFragment.filter("setpts", FilterArg.positional("PTS-STARTPTS")))
          .build();
    }

    @Override
    public Estimate estimate(Params params, List<MediaInfo> inputs) {
      return Estimate.ZERO;
    }
  }

  /** A two-pass audio operator: measures first, then uses the measurement. */
  static final class Level implements Operator {
    @Override
    public OperatorDescriptor descriptor() {
      return OperatorDescriptor.builder("level").build();
    }

    @Override
    public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
      return inputs.get(0);
    }

    @Override
    public java.util.Optional<FilterFragment> analysis(Params params, CompileContext ctx) {
      return java.util.Optional.of(
          FilterFragment.builder()
              .chain(
                  StreamType.AUDIO,
                  0,
                  FilterFragment.filter("loudnorm", FilterArg.of("print_format", "json")))
              .build());
    }

    @Override
    public FilterFragment compile(Params params, CompileContext ctx) {
      return FilterFragment.builder()
          .chain(
              StreamType.AUDIO,
              0,
              FilterFragment.filter(
                  "loudnorm", FilterArg.of("measured_I", ctx.measured("input_i"))))
          .passThrough(StreamType.VIDEO, 0)
          .build();
    }

    @Override
    public Estimate estimate(Params params, List<MediaInfo> inputs) {
      return new Estimate(0.5, 1 << 20, 0, 0.5);
    }
  }
}
