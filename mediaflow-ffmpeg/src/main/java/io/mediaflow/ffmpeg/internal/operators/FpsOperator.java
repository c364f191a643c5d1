package io.mediaflow.ffmpeg.internal.operators;

import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.CompileContext;
import io.mediaflow.api.operator.Estimate;
import io.mediaflow.api.operator.FilterArg;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.Operator;
import io.mediaflow.api.operator.OperatorDescriptor;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import java.util.List;
import java.util.Optional;

/**
 * {@code fps}: changes the frame rate to {@code fps} by dropping or repeating frames; the playing
 * time stays the same. Audio passes through untouched.
 */
public final class FpsOperator implements Operator {

  static final String FPS = "fps";

  static final double MAX_FPS = 240;

  private static final OperatorDescriptor DESCRIPTOR =
      OperatorDescriptor.builder("fps")
          .description("Changes the frame rate by dropping or repeating frames.")
          .inputs(1, 1)
          .param(
              ParamSpec.builder(FPS, ParamType.FLOAT)
                  .required()
                  .max(MAX_FPS)
                  .check(
                      v ->
                          ((Double) v) > 0
                              ? Optional.empty()
                              : Optional.of("must be above 0 but was " + Numbers.plain((Double) v)))
                  .description("frames per second, above 0 and at most 240")
                  .build())
          .build();

  /** Used by {@link java.util.ServiceLoader}. */
  public FpsOperator() {}

  @Override
  public OperatorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
    MediaInfo input = inputs.get(0);
    return input
        .primaryVideo()
        .map(v -> input.withPrimaryVideo(v.withFps(params.getDouble(FPS))))
        .orElse(input.withDuration(input.duration()));
  }

  @Override
  public FilterFragment compile(Params params, CompileContext ctx) {
    FilterFragment.Builder fragment = FilterFragment.builder();
    fragment.chain(
        StreamType.VIDEO,
        0,
        FilterFragment.filter("fps", FilterArg.of("fps", Numbers.plain(params.getDouble(FPS)))));
    if (ctx.inputs().get(0).hasAudio()) {
      fragment.passThrough(StreamType.AUDIO, 0);
    }
    return fragment.build();
  }

  @Override
  public Estimate estimate(Params params, List<MediaInfo> inputs) {
    MediaInfo input = inputs.get(0);
    double inFps = input.primaryVideo().map(v -> v.fps()).orElse(0.0);
    // the encoder downstream pays per output frame; more frames out costs more
    double weight = inFps > 0 ? Math.max(1.0, params.getDouble(FPS) / inFps) : 1.0;
    return Costs.filtering(input, input.duration(), weight);
  }
}
