package io.mediaflow.benchmarks;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.media.VideoStream;
import io.mediaflow.api.operator.CompileContext;
import io.mediaflow.api.operator.Estimate;
import io.mediaflow.api.operator.FilterArg;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.Operator;
import io.mediaflow.api.operator.OperatorDescriptor;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.operator.ValidationContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Two small operators shaped like the built-in {@code trim} and {@code scale} (same names, same
 * parameters, fragments of the same shape), so the planner benchmark does not depend on how far
 * {@code mediaflow-ffmpeg}'s operators have come, nor move when their cost models change. Run the
 * benchmark with {@code -p operators=ffmpeg} to use the real ones instead.
 */
final class StubOperators {

  private StubOperators() {}

  /** Like {@code trim}: video {@code trim,setpts} and audio {@code atrim,asetpts}. */
  static final class Trim implements Operator {

    private static final OperatorDescriptor DESCRIPTOR =
        OperatorDescriptor.builder("trim")
            .description("Keeps the part of a clip from 'start' for 'duration' or up to 'end'.")
            .inputs(1, 1)
            .param(ParamSpec.builder("start", ParamType.DURATION).defaultValue(0).build())
            .param(ParamSpec.builder("duration", ParamType.DURATION).build())
            .param(ParamSpec.builder("end", ParamType.DURATION).build())
            .build();

    @Override
    public OperatorDescriptor descriptor() {
      return DESCRIPTOR;
    }

    @Override
    public List<Violation> validate(Params params, ValidationContext ctx) {
      if (params.has("duration") && params.has("end")) {
        return List.of(
            Violation.of(
                ctx.paramsPath(),
                ErrorCode.INVALID_VALUE,
                "'duration' and 'end' exclude each other"));
      }
      return List.of();
    }

    @Override
    public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
      MediaInfo input = inputs.get(0);
      return input.withDuration(kept(params, input.duration()));
    }

    @Override
    public FilterFragment compile(Params params, CompileContext ctx) {
      MediaInfo input = ctx.inputs().get(0);
      List<FilterArg> args = new ArrayList<>();
      args.add(FilterArg.of("start", start(params).toFfmpeg()));
      params
          .optDuration("duration")
          .ifPresent(d -> args.add(FilterArg.of("duration", d.toFfmpeg())));
      params.optDuration("end").ifPresent(e -> args.add(FilterArg.of("end", e.toFfmpeg())));
      FilterArg[] trimArgs = args.toArray(FilterArg[]::new);
      FilterFragment.Builder fragment = FilterFragment.builder();
      if (input.hasVideo()) {
        fragment.chain(
            StreamType.VIDEO,
            0,
            FilterFragment.filter("trim", trimArgs),
            FilterFragment.filter("setpts", FilterArg.positional("PTS-STARTPTS")));
      }
      if (input.hasAudio()) {
        fragment.chain(
            StreamType.AUDIO,
            0,
            FilterFragment.filter("atrim", trimArgs),
            FilterFragment.filter("asetpts", FilterArg.positional("PTS-STARTPTS")));
      }
      return fragment.build();
    }

    @Override
    public Estimate estimate(Params params, List<MediaInfo> inputs) {
      double seconds = kept(params, inputs.get(0).duration()).toSeconds();
      return new Estimate(seconds * 0.25, 64L << 20, 0, seconds * 0.25);
    }

    private static MediaDuration start(Params params) {
      return params.optDuration("start").orElse(MediaDuration.ZERO);
    }

    private static MediaDuration kept(Params params, MediaDuration total) {
      MediaDuration start = start(params);
      MediaDuration available = total.minusClamped(start);
      Optional<MediaDuration> duration = params.optDuration("duration");
      if (duration.isPresent()) {
        return duration.get().min(available);
      }
      return params.optDuration("end").map(e -> e.min(total).minusClamped(start)).orElse(available);
    }
  }

  /** Like {@code scale}: video {@code scale}, audio passed through untouched. */
  static final class Scale implements Operator {

    private static final OperatorDescriptor DESCRIPTOR =
        OperatorDescriptor.builder("scale")
            .description("Resizes video; a missing side, -1 or -2 keeps the aspect ratio.")
            .inputs(1, 1)
            .param(ParamSpec.builder("width", ParamType.INT).range(-2, 16384).build())
            .param(ParamSpec.builder("height", ParamType.INT).range(-2, 16384).build())
            .param(
                ParamSpec.builder("algorithm", ParamType.ENUM)
                    .allowed("bicubic", "bilinear", "lanczos")
                    .defaultValue("bicubic")
                    .build())
            .build();

    @Override
    public OperatorDescriptor descriptor() {
      return DESCRIPTOR;
    }

    @Override
    public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
      MediaInfo input = inputs.get(0);
      Optional<VideoStream> video = input.primaryVideo();
      if (video.isEmpty()) {
        return input;
      }
      VideoStream v = video.get();
      long w = params.optLong("width").orElse(-2L);
      long h = params.optLong("height").orElse(-2L);
      int width = w > 0 ? (int) w : (int) (h * v.width() / v.height()) / 2 * 2;
      int height = h > 0 ? (int) h : (int) (w * v.height() / v.width()) / 2 * 2;
      return input.withPrimaryVideo(v.withSize(width, height));
    }

    @Override
    public FilterFragment compile(Params params, CompileContext ctx) {
      MediaInfo input = ctx.inputs().get(0);
      FilterFragment.Builder fragment = FilterFragment.builder();
      if (input.hasVideo()) {
        fragment.chain(
            StreamType.VIDEO,
            0,
            FilterFragment.filter(
                "scale",
                FilterArg.of("w", params.optLong("width").orElse(-2L)),
                FilterArg.of("h", params.optLong("height").orElse(-2L)),
                FilterArg.of("flags", params.getString("algorithm"))));
      }
      if (input.hasAudio()) {
        fragment.passThrough(StreamType.AUDIO, 0);
      }
      return fragment.build();
    }

    @Override
    public Estimate estimate(Params params, List<MediaInfo> inputs) {
      double seconds = inputs.get(0).duration().toSeconds();
      return new Estimate(seconds * 0.5, 128L << 20, 0, seconds * 0.5);
    }
  }
}
