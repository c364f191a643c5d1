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

/**
 * {@code volume}: changes the loudness of the audio by {@code gain} decibels. Video passes through
 * untouched. An input without audio is a planning error.
 */
public final class VolumeOperator implements Operator {

  static final String GAIN = "gain";

  private static final OperatorDescriptor DESCRIPTOR =
      OperatorDescriptor.builder("volume")
          .description("Changes the audio's loudness by 'gain' decibels.")
          .inputs(1, 1)
          .param(
              ParamSpec.builder(GAIN, ParamType.FLOAT)
                  .required()
                  .range(-60, 60)
                  .description("gain in dB, -60 to 60; negative is quieter")
                  .build())
          .build();

  /** Used by {@link java.util.ServiceLoader}. */
  public VolumeOperator() {}

  @Override
  public OperatorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
    MediaInfo input = inputs.get(0);
    return input.withDuration(input.duration());
  }

  @Override
  public FilterFragment compile(Params params, CompileContext ctx) {
    FilterFragment.Builder fragment = FilterFragment.builder();
    fragment.chain(
        StreamType.AUDIO,
        0,
        FilterFragment.filter(
            "volume", FilterArg.of("volume", Numbers.plain(params.getDouble(GAIN)) + "dB")));
    if (ctx.inputs().get(0).hasVideo()) {
      fragment.passThrough(StreamType.VIDEO, 0);
    }
    return fragment.build();
  }

  @Override
  public Estimate estimate(Params params, List<MediaInfo> inputs) {
    MediaInfo input = inputs.get(0);
    return Costs.filtering(input.withVideo(List.of()), input.duration(), 1.0);
  }
}
